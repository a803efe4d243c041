import { RetriesExhaustedError } from "./errors";
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

/** Failures of the connection or the service itself, not of the request: worth repeating. */
const TRANSIENT_ERRORS = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "InternalFailure",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  // S3: another conditional write to the key was in flight; AWS says to retry.
  "ConditionalRequestConflict",
]);
const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT"]);

type Retry = "throttled" | "transient";

/** Why `error` is worth retrying unchanged, or undefined when it is not. */
export function retryReason(error: unknown): Retry | undefined {
  if (!(error instanceof Error)) return undefined;
  if (THROTTLING_ERRORS.has(error.name)) return "throttled";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (error as NodeJS.ErrnoException).code;
  if (
    TRANSIENT_ERRORS.has(error.name) ||
    (status !== undefined && status >= 500) ||
    (code !== undefined && TRANSIENT_NETWORK_CODES.has(code))
  ) {
    return "transient";
  }
  return undefined;
}

export interface BackoffSettings {
  readonly timing?: Timing;
  /** Returns [0, 1); full jitter spreads retries of concurrent workers apart. */
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly baseMs?: number;
  readonly capMs?: number;
}

/** Counts retried calls, for the report. */
export interface RetryCounter {
  throttled: number;
  /** Timeouts, dropped connections and 5xx answers. */
  transient: number;
}

/**
 * Runs `call`, retrying throttling and transient failures with capped exponential backoff and
 * full jitter (the scheme AWS recommends); other errors pass through. Clients are built with
 * `maxAttempts: 1` so this is the one retry loop and its counts are the real ones. Every call
 * it wraps is safe to repeat: conditional puts, copies, attribute and group updates.
 */
export async function withAwsRetry<T>(
  operation: string,
  call: () => Promise<T>,
  counter: RetryCounter,
  settings: BackoffSettings = {},
): Promise<T> {
  const { timing = realTiming, random = Math.random } = settings;
  const { maxAttempts = 10, baseMs = 100, capMs = 20_000 } = settings;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const reason = retryReason(error);
      if (reason === undefined) throw error;
      counter[reason]++;
      if (attempt >= maxAttempts)
        throw new RetriesExhaustedError(operation, attempt, reason, error);
      const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
      await timing.sleep(Math.round(random() * ceiling));
    }
  }
}
