import { expect } from "chai";
import { RetriesExhaustedError } from "../../migrate/errors";
import { RateLimiter, Timing } from "../../migrate/rateLimiter";
import { withAwsRetry } from "../../migrate/awsRetry";
import { rejectionOf } from "./migrationHarness";

/** A clock that advances only when something sleeps. */
function fakeClock(): Timing & { readonly sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const throttled = () =>
  Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" });

describe("RateLimiter", () => {
  it("spaces calls evenly at the rate, so a per-second quota is never exceeded by a burst", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(25, clock);
    const started: number[] = [];

    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      started.push(clock.now());
    }

    expect(started).to.deep.equal([0, 40, 80, 120, 160]);
  });
});

describe("withAwsRetry", () => {
  it("retries throttling with capped exponential backoff and counts every throttled call", async () => {
    const clock = fakeClock();
    const counter = { throttled: 0, transient: 0 };
    let calls = 0;

    const result = await withAwsRetry(
      "AdminUpdateUserAttributes",
      async () => {
        if (++calls <= 4) throw throttled();
        return "done";
      },
      counter,
      { timing: clock, random: () => 1, baseMs: 100, capMs: 500 },
    );

    expect(result).to.equal("done");
    expect(clock.sleeps).to.deep.equal([100, 200, 400, 500]);
    expect(counter.throttled).to.equal(4);
  });

  it("retries timeouts, dropped connections and 5xx answers, counted apart from throttling", async () => {
    const clock = fakeClock();
    const counter = { throttled: 0, transient: 0 };
    const failures = [
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      Object.assign(new Error("timed out"), { name: "TimeoutError" }),
      Object.assign(new Error("oops"), {
        name: "InternalServerError",
        $metadata: { httpStatusCode: 500 },
      }),
    ];

    const result = await withAwsRetry(
      "CopyObject",
      async () => {
        const failure = failures.shift();
        if (failure !== undefined) throw failure;
        return "copied";
      },
      counter,
      { timing: clock, random: () => 1 },
    );

    expect(result).to.equal("copied");
    expect(counter).to.deep.equal({ throttled: 0, transient: 3 });
    expect(clock.sleeps).to.deep.equal([100, 200, 400]);
  });

  it("passes other errors through at once", async () => {
    const error = await rejectionOf(
      withAwsRetry(
        "PutItem",
        async () => {
          throw Object.assign(new Error("no"), { name: "ValidationException" });
        },
        { throttled: 0, transient: 0 },
      ),
    );

    expect(error.name).to.equal("ValidationException");
  });

  it("gives up after maxAttempts with a coded error that says how to resume", async () => {
    const error = await rejectionOf(
      withAwsRetry(
        "PutItem",
        async () => {
          throw throttled();
        },
        { throttled: 0, transient: 0 },
        { timing: fakeClock(), maxAttempts: 3 },
      ),
    );

    expect(error).to.be.instanceOf(RetriesExhaustedError);
    expect({ code: (error as RetriesExhaustedError).code, message: error.message }).to.deep.equal({
      code: "ERR_RETRIES_EXHAUSTED",
      message:
        "PutItem was throttled 3 times in a row; the run stopped and resumes from its checkpoint. Fix: lower --rate or --concurrency, then rerun the same command.",
    });
  });
});
