import { ThrottledError } from "./errors";
import { realTiming, Timing } from "./rateLimiter";

/** Error names AWS services use for "slow down"; each is safe to retry unchanged. */
const THROTTLING_ERRORS = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "SlowDown",
]);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

export interface BackoffSettings {
  readonly timing?: Timing;
  /** Returns [0, 1); full jitter spreads retries of concurrent workers apart. */
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly baseMs?: number;
  readonly capMs?: number;
}

/** Counts throttled calls, for the report. */
export interface ThrottleCounter {
  throttled: number;
}

/**
 * Runs `call`, retrying on throttling with capped exponential backoff and full jitter (the
 * scheme AWS recommends); other errors pass through. Clients are built with `maxAttempts: 1` so
 * this is the one retry loop and its count is the real one.
 */
export async function withThrottleRetry<T>(
  operation: string,
  call: () => Promise<T>,
  counter: ThrottleCounter,
  settings: BackoffSettings = {},
): Promise<T> {
  const { timing = realTiming, random = Math.random } = settings;
  const { maxAttempts = 10, baseMs = 100, capMs = 20_000 } = settings;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error)) throw error;
      counter.throttled++;
      if (attempt >= maxAttempts) throw new ThrottledError(operation, attempt, error);
      const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
      await timing.sleep(Math.round(random() * ceiling));
    }
  }
}
