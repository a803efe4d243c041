// An STS outage on a simulated clock: requests arrive at a fixed rate over several tenants
// while every AssumeRole fails, and the loopback STS counts the calls that reach it.
import { createTenantRuntime, type TenancyError, type TenantRuntimeConfig } from "@tenancy/runtime";
import type { StsEndpoint, StsFault } from "../../test/helpers/stsEndpoint";

export interface OutageScenario {
  readonly fault: StsFault;
  /** Validity left on every session when the outage starts. */
  readonly sessionLeftMs: number;
  readonly tenants: number;
  readonly requestsPerSecond: number;
  readonly seconds: number;
}

export interface OutageResult {
  readonly requests: number;
  readonly served: number;
  readonly failedFast: number;
  readonly assumeRoleCalls: number;
  /** What the backoff allows: attempts per session key in the window x keys x calls per attempt. */
  readonly bound: number;
  /** Without backoff: one attempt per request. */
  readonly naive: number;
}

const SESSION_MS = 3_600_000;
/** The cache's defaults: first wait 1 s, doubling, capped at 60 s, equal jitter (>= half). */
const BACKOFF = { baseMs: 1000, maxMs: 60_000 };
/** assumeTenantRole retries throttling inside one attempt (4 calls at most). */
const CALLS_PER_THROTTLED_ATTEMPT = 4;

export async function simulateOutage(
  scenario: OutageScenario,
  sts: StsEndpoint,
  config: TenantRuntimeConfig,
  tokenFor: (tenantId: string) => string,
): Promise<OutageResult> {
  let clock = Date.now();
  const runtime = createTenantRuntime({
    ...config,
    cache: { now: () => clock },
    stsRetry: { sleep: () => Promise.resolve() },
  });
  const tokens = Array.from({ length: scenario.tenants }, (_, i) => tokenFor(`outage${i}`));
  for (const token of tokens) await runtime.createTenantContext(`Bearer ${token}`);
  clock += SESSION_MS - scenario.sessionLeftMs;
  sts.reset();
  sts.outage = scenario.fault;

  const start = clock;
  const requests = scenario.requestsPerSecond * scenario.seconds;
  let served = 0;
  let failedFast = 0;
  for (let i = 0; i < requests; i += 1) {
    clock = start + Math.floor((i * 1000) / scenario.requestsPerSecond);
    await runtime.createTenantContext(`Bearer ${tokens[i % tokens.length]}`).then(
      () => (served += 1),
      (err: TenancyError) => {
        if (err.code !== "ERR_ASSUME_ROLE_FAILED") throw err;
        failedFast += 1;
      },
    );
    // Let STS's answers arrive between requests, as they would in real time.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // let background attempts land
  const assumeRoleCalls = sts.calls.length;
  sts.reset();
  const perAttempt = scenario.fault === "throttling" ? CALLS_PER_THROTTLED_ATTEMPT : 1;
  return {
    requests,
    served,
    failedFast,
    assumeRoleCalls,
    bound: attemptsWithin(scenario.seconds * 1000) * scenario.tenants * perAttempt,
    naive: requests * perAttempt,
  };
}

/** Most attempts one key can make in `windowMs` when every wait is as short as jitter allows. */
function attemptsWithin(windowMs: number): number {
  let attempts = 1;
  let at = 0;
  for (let failures = 1; ; failures += 1) {
    at += Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** (failures - 1)) / 2;
    if (at >= windowMs) return attempts;
    attempts += 1;
  }
}
