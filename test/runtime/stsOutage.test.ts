import { STSClient } from "@aws-sdk/client-sts";
import { expect } from "chai";
import {
  createTenantRuntime,
  type TenancyError,
  type TenantRuntime,
  type TenantRuntimeConfig,
} from "@tenancy/runtime";
import { REGION } from "../helpers/emulators";
import { WORKLOAD_CREDENTIALS } from "../helpers/runtimeHarness";
import { localPool } from "../helpers/runtimeJwt";
import { startStsEndpoint, type StsEndpoint, type StsFault } from "../helpers/stsEndpoint";

const HOUR = 3_600_000;

// A fault-injecting STS on loopback: every AssumeRole is counted, so the bound is exact.
describe("STS outage", () => {
  const pool = localPool();
  let sts: StsEndpoint;
  let clock: number;

  before(async () => (sts = await startStsEndpoint()));
  beforeEach(() => {
    sts.reset();
    clock = Date.now();
  });
  after(() => sts.stop());

  function runtime(overrides: Partial<TenantRuntimeConfig> = {}): TenantRuntime {
    return createTenantRuntime({
      region: REGION,
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      issuer: pool.issuer,
      jwks: pool.jwks,
      tableName: "table",
      bucketName: "bucket",
      tenantRole: { accountId: "123456789012", namePrefix: "dev" },
      stsClient: new STSClient({
        region: REGION,
        endpoint: sts.endpoint,
        credentials: WORKLOAD_CREDENTIALS,
        maxAttempts: 1,
      }),
      // 3/4 of each step: waits of 750, 1500, 3000, then 6000 ms.
      cache: { now: () => clock, retryBackoffMs: 1000, maxRetryBackoffMs: 8000, random: () => 0.5 },
      stsRetry: { sleep: () => Promise.resolve(), timeoutMs: 100 },
      ...overrides,
    });
  }
  // Minted per test, not when the file loads: the token lives 10 minutes, and a full npm test
  // reaches this file later than that.
  let authorization: string;
  beforeEach(() => (authorization = `Bearer ${pool.token()}`));

  // Once a minute of requests arrives after the session expired, one a second: attempts at
  // 0, 1, 3, 6, 12, 18 ... 54 s (12), every other request answered 503 from memory.
  const cases: [string, StsFault | "slow", number][] = [
    ["throttling (each attempt retried 4 times inside)", "throttling", 48],
    ["5xx", "unavailable", 12],
    ["timeouts", "hang", 12],
    ["answers slower than the timeout", "slow", 12],
  ];
  for (const [what, fault, expectedCalls] of cases) {
    it(`bounds AssumeRole calls and fails fast with 503 during ${what}`, async () => {
      const tenancy = runtime();
      await tenancy.createTenantContext(authorization);
      clock += HOUR + 60_000; // the session has expired
      const start = clock;
      const callsBefore = sts.calls.length;
      if (fault === "slow") sts.delayMs = 300;
      else sts.outage = fault;

      const codes = new Set<string>();
      let firstError: TenancyError | undefined;
      for (let s = 0; s < 60; s += 1) {
        clock = start + s * 1000;
        await tenancy.createTenantContext(authorization).catch((err: TenancyError) => {
          firstError ??= err;
          codes.add(err.code);
        });
      }
      const outageCalls = sts.calls.length - callsBefore;
      sts.reset();
      clock = start + 60_000; // the next allowed attempt
      const recovered = await tenancy.createTenantContext(authorization);

      expect(outageCalls).to.equal(expectedCalls);
      expect([...codes]).to.deep.equal(["ERR_ASSUME_ROLE_FAILED"]);
      if (fault === "hang" || fault === "slow") {
        expect((firstError?.cause as Error).message).to.equal("STS did not answer within 100 ms");
      }
      expect(recovered.tenantId).to.equal("acme");
      expect(sts.calls).to.have.length(1);
    });
  }

  it("serves still-valid credentials without waiting for a hung STS, with one refresh in flight", async function () {
    this.timeout(5000); // waiting for STS would take the 30 s timeout
    const tenancy = runtime({ stsRetry: { timeoutMs: 30_000 } });
    await tenancy.createTenantContext(authorization);
    clock += HOUR - 60_000; // one minute left: inside the refresh window
    sts.outage = "hang";

    const contexts = await Promise.all(
      Array.from({ length: 20 }, () => tenancy.createTenantContext(authorization)),
    );

    while (sts.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await tenancy.createTenantContext(authorization);

    expect(contexts.map((c) => c.tenantId)).to.deep.equal(Array(20).fill("acme"));
    expect(sts.calls).to.have.length(2); // the first session and the one refresh in flight
  });
});
