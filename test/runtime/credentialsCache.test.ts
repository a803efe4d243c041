import { expect } from "chai";
import {
  AssumeRoleError,
  TenantCredentialsCache,
  type TenancyError,
  type TenantCredentials,
} from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";

const HOUR = 3_600_000;

function creds(accessKeyId: string, expiresAt: number): TenantCredentials {
  return { accessKeyId, secretAccessKey: "s", sessionToken: "t", expiration: new Date(expiresAt) };
}

/** Lets settled promises run their handlers (a background refresh records its outcome). */
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A loader that counts calls and resolves when told to. */
function deferredLoader(value: () => TenantCredentials) {
  const pending: (() => void)[] = [];
  let calls = 0;
  const load = () => {
    calls += 1;
    return new Promise<TenantCredentials>((resolve) => pending.push(() => resolve(value())));
  };
  return {
    load,
    release: () => pending.splice(0).forEach((resolve) => resolve()),
    calls: () => calls,
  };
}

describe("TenantCredentialsCache", () => {
  it("refuses options it cannot work with", async () => {
    expect(
      await refusal(
        () => new TenantCredentialsCache({ maxEntries: -1, refreshBeforeExpiryMs: 1.5 }),
      ),
    ).to.deep.equal({
      code: "ERR_CONFIG_INVALID",
      message:
        "Invalid cache options: maxEntries must be a positive integer; refreshBeforeExpiryMs must be a non-negative integer",
    });
  });

  describe("get", () => {
    it("shares one load between concurrent callers of the same key", async () => {
      // Prepare
      const cache = new TenantCredentialsCache({ now: () => 0 });
      const loader = deferredLoader(() => creds("A1", HOUR));
      // Act
      const all = Array.from({ length: 50 }, () => cache.get("acme", loader.load));
      loader.release();
      const results = await Promise.all(all);
      // Assess
      expect(loader.calls()).to.equal(1);
      expect(new Set(results.map((c) => c.accessKeyId))).to.deep.equal(new Set(["A1"]));
    });

    it("refreshes in the background inside the refresh window while the held credentials serve", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({
        now: () => now,
        refreshBeforeExpiryMs: 5 * 60_000,
      });
      const loader = deferredLoader(() => creds("A2", HOUR + HOUR));
      await cache.get("acme", () => Promise.resolve(creds("A1", HOUR)));

      now = HOUR - 5 * 60_000 - 1;
      const before = await cache.get("acme", loader.load);
      now = HOUR - 5 * 60_000;
      const during = await Promise.all([1, 2, 3].map(() => cache.get("acme", loader.load)));
      loader.release();
      await flush();
      const after = await cache.get("acme", loader.load);

      expect([before, ...during, after].map((c) => c.accessKeyId)).to.deep.equal([
        "A1",
        "A1",
        "A1",
        "A1",
        "A2",
      ]);
      expect(loader.calls()).to.equal(1);
    });

    it("loads again when the cached credentials would not last minValidityMs", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({ now: () => now });
      let n = 0;
      const load = () => Promise.resolve(creds(`A${(n += 1)}`, now + HOUR));
      await cache.get("acme", load);
      now = 30 * 60_000; // half an hour left

      const lasting = await cache.get("acme", load, 20 * 60_000);
      const longer = await cache.get("acme", load, 40 * 60_000);
      const plain = await cache.get("acme", load);

      expect([lasting, longer, plain].map((c) => c.accessKeyId)).to.deep.equal(["A1", "A2", "A2"]);
    });

    it("evicts the least recently used key beyond maxEntries", async () => {
      const cache = new TenantCredentialsCache({ maxEntries: 2, now: () => 0 });
      const load = (id: string) => () => Promise.resolve(creds(id, HOUR));
      await cache.get("a", load("A"));
      await cache.get("b", load("B"));
      await cache.get("a", load("A")); // a is now the most recent

      await cache.get("c", load("C"));

      expect(cache.size).to.equal(2);
      expect(cache.has("a")).to.equal(true);
      expect(cache.has("b")).to.equal(false);
      expect(cache.has("c")).to.equal(true);
    });

    it("retries a failed load only after its backoff, and never answers with another key's credentials", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({
        now: () => now,
        retryBackoffMs: 1000,
        random: () => 0,
      });
      await cache.get("acme", () => Promise.resolve(creds("ACME", HOUR)));
      let calls = 0;
      const down = () => {
        calls += 1;
        return Promise.reject(new Error("sts down"));
      };
      const outcome = () =>
        cache.get("globex", down).then(
          (c) => c.accessKeyId,
          (err: Error) => err.message,
        );

      const first = await outcome();
      now = 499; // equal jitter: at least half of the 1 s step
      const backingOff = await outcome();
      now = 500;
      const retried = await cache.get("globex", () => Promise.resolve(creds("GLOBEX", HOUR)));

      expect([first, backingOff, calls]).to.deep.equal(["sts down", "sts down", 1]);
      expect(retried.accessKeyId).to.equal("GLOBEX");
      expect(
        (await cache.get("acme", () => Promise.reject(new Error("unused")))).accessKeyId,
      ).to.equal("ACME");
    });

    it("rides out an outage: one attempt per backoff step, held credentials until they expire, then failing fast", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({
        now: () => now,
        refreshBeforeExpiryMs: 5 * 60_000,
        retryBackoffMs: 1000,
        maxRetryBackoffMs: 8000,
        random: () => 0.5, // each wait is 3/4 of its step: 750, 1500, 3000, 6000, 6000 ... ms
      });
      await cache.get("acme", () => Promise.resolve(creds("OLD", HOUR)));
      const attempts: number[] = [];
      const down = () => {
        attempts.push(now - start);
        return Promise.reject(new Error("sts down"));
      };
      const start = HOUR - 5 * 60_000; // the refresh window opens; the outage starts
      const outcomes = new Map<string, number>();

      // 50 requests a second for the last five minutes of the session and one more minute.
      for (let t = 0; t < 6 * 60_000; t += 20) {
        now = start + t;
        const outcome = await cache.get("acme", down).then(
          (c) => c.accessKeyId,
          (err: Error) => err.message,
        );
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        await flush();
      }

      // Attempts at 0, 0.76, 2.26, 5.26 s, then every 6 s (the cap's 3/4).
      const expected = [0, 760, 2260, 5260];
      while ((expected.at(-1) as number) + 6000 < 6 * 60_000)
        expected.push((expected.at(-1) as number) + 6000);
      expect(attempts).to.deep.equal(expected);
      // Served until expiry (5 min at 50/s), refused from memory afterwards.
      expect(Object.fromEntries(outcomes)).to.deep.equal({ OLD: 15_000, "sts down": 3000 });
    });

    it("serves the same key's unexpired credentials when a refresh fails, and fails once they expire", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({ now: () => now });
      await cache.get("acme", () => Promise.resolve(creds("OLD", HOUR)));
      const throttled = () => Promise.reject(new Error("throttled"));
      const outcome = (minValidityMs?: number) =>
        cache.get("acme", throttled, minValidityMs).then(
          (c) => c.accessKeyId,
          (err: Error) => err.message,
        );
      now = HOUR - 60_000; // in the refresh window, one minute left

      const during = await outcome();
      const tooShort = await outcome(2 * 60_000); // e.g. a URL that would outlive them
      now = HOUR;
      const expired = await outcome();

      expect([during, tooShort, expired]).to.deep.equal(["OLD", "throttled", "throttled"]);
    });

    it("remembers a refusal for failureTtlMs instead of loading again", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({ now: () => now, failureTtlMs: 30_000 });
      let calls = 0;
      const denied = () => {
        calls += 1;
        return Promise.reject(
          new AssumeRoleError("STS denied the role of tenant acme", {
            code: "ERR_ASSUME_ROLE_DENIED",
            refused: true,
          }),
        );
      };
      const attempt = () => cache.get("acme", denied).catch((err: TenancyError) => err.code);

      const denials = [await attempt(), await attempt()];
      const deniedCalls = calls;
      now = 29_999;
      await attempt();
      const withinTtl = calls;
      now = 30_000;
      await attempt();

      expect(denials).to.deep.equal(["ERR_ASSUME_ROLE_DENIED", "ERR_ASSUME_ROLE_DENIED"]);
      expect([deniedCalls, withinTtl, calls]).to.deep.equal([1, 1, 2]);
    });

    it("keeps a load that finishes after clear() out of the cache", async () => {
      const cache = new TenantCredentialsCache({ now: () => 0 });
      const loader = deferredLoader(() => creds("STALE", HOUR));
      const pending = cache.get("acme", loader.load);
      cache.clear();
      loader.release();
      await pending;

      expect(cache.has("acme")).to.equal(false);
    });
  });
});
