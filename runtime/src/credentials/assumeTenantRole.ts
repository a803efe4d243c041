import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { MAX_CHAINED_SESSION_SECONDS } from "../config";
import { AssumeRoleError } from "../errors";
import { TENANT_TAG_KEY } from "../naming";

/** Temporary credentials of one tenant session. */
export interface TenantCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface AssumeTenantRoleParams {
  readonly roleArn: string;
  readonly tenantId: string;
  /** The acting user; also used as the role session name. */
  readonly sourceIdentity: string;
  /** At most 3600: a Lambda assuming a tenant role is role chaining. */
  readonly durationSeconds: number;
}

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff in ms (default 100). */
  readonly baseDelayMs?: number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: returns a number in [0, 1). */
  readonly random?: () => number;
  /**
   * Longest wait for one AssumeRole answer (default 3000 ms): the SDK sets no timeout of its
   * own, and a request waiting for a hung STS would hang with it.
   */
  readonly timeoutMs?: number;
}

export { MAX_CHAINED_SESSION_SECONDS };

const THROTTLING_ERRORS = new Set([
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "PriorRequestNotComplete",
]);

/**
 * Assumes a tenant role with the session tag `tenantId` and the user as SourceIdentity;
 * retries throttling with exponential backoff and full jitter.
 *
 * @example
 * ```ts
 * const creds = await assumeTenantRole(new STSClient({ maxAttempts: 1 }), {
 *   roleArn: "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme",
 *   tenantId: "acme",
 *   sourceIdentity: "alice",
 *   durationSeconds: 3600,
 * });
 * ```
 */
export async function assumeTenantRole(
  sts: STSClient,
  params: AssumeTenantRoleParams,
  retry: RetryOptions = {},
): Promise<TenantCredentials> {
  const {
    maxAttempts = 4,
    baseDelayMs = 100,
    sleep = defaultSleep,
    random = Math.random,
    timeoutMs = 3000,
  } = retry;
  const command = new AssumeRoleCommand({
    RoleArn: params.roleArn,
    RoleSessionName: params.sourceIdentity,
    SourceIdentity: params.sourceIdentity,
    DurationSeconds: Math.min(params.durationSeconds, MAX_CHAINED_SESSION_SECONDS),
    Tags: [{ Key: TENANT_TAG_KEY, Value: params.tenantId }],
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { Credentials: c } = await sendWithTimeout(sts, command, timeoutMs);
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new AssumeRoleError(`STS returned no credentials for tenant ${params.tenantId}`);
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    } catch (err) {
      if (err instanceof AssumeRoleError) throw err;
      if (!isThrottling(err) || attempt >= maxAttempts) throw failure(err, params.tenantId);
      await sleep(random() * baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

async function sendWithTimeout(sts: STSClient, command: AssumeRoleCommand, timeoutMs: number) {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new StsTimeoutError(`STS did not answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    return await sts.send(command, { abortSignal: abort.signal });
  } catch (err) {
    // The SDK reports an abort as its own AbortError: say why it was aborted.
    throw abort.signal.aborted ? abort.signal.reason : err;
  } finally {
    clearTimeout(timer);
  }
}

/** An AssumeRole call that got no answer in time (the cause of the `AssumeRoleError`). */
class StsTimeoutError extends Error {
  override readonly name = "StsTimeoutError";
}

/** AccessDenied means the tenant's role is gone or no longer trusts us: not an outage. */
function failure(err: unknown, tenantId: string): AssumeRoleError {
  const { name, $fault } = (typeof err === "object" && err !== null ? err : {}) as {
    name?: unknown;
    $fault?: unknown;
  };
  const refused = $fault === "client" && !isThrottling(err);
  if (refused && name === "AccessDenied") {
    return new AssumeRoleError(`STS denied the role of tenant ${tenantId}`, {
      code: "ERR_ASSUME_ROLE_DENIED",
      refused,
      cause: err,
    });
  }
  return new AssumeRoleError(`Could not assume the role of tenant ${tenantId}`, {
    refused,
    cause: err,
  });
}

function isThrottling(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { name, $retryable } = err as { name?: unknown; $retryable?: { throttling?: boolean } };
  return (
    (typeof name === "string" && THROTTLING_ERRORS.has(name)) || $retryable?.throttling === true
  );
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
