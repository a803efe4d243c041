import { LRUCache } from "lru-cache";
import { cacheOptionProblems } from "../config";
import { AssumeRoleError, ConfigError } from "../errors";
import type { TenantCredentials } from "./assumeTenantRole";

export interface TenantCredentialsCacheOptions {
  /** Most sessions kept; the least recently used is dropped beyond it (default 1000). */
  readonly maxEntries?: number;
  /** Refresh this long before expiry, so no request signs with nearly dead keys (default 5 min). */
  readonly refreshBeforeExpiryMs?: number;
  /**
   * How long STS's refusal of a key (e.g. AccessDenied: the tenant's role was deleted) is
   * answered from memory instead of another STS call per request (default 30 s).
   */
  readonly failureTtlMs?: number;
  /**
   * Wait after a key's first failed load (outage, throttling, timeout) before the next attempt;
   * it doubles with each further failure, with jitter (default 1 s).
   */
  readonly retryBackoffMs?: number;
  /** Longest wait between two attempts for one key (default 60 s). */
  readonly maxRetryBackoffMs?: number;
  /** Injectable clock (ms since epoch) for tests. */
  readonly now?: () => number;
  /** Injectable jitter source for tests: returns a number in [0, 1). */
  readonly random?: () => number;
}

interface Failure {
  readonly error: unknown;
  /** Failed loads in a row. */
  readonly count: number;
  /** No load for this key before then. */
  readonly retryAt: number;
}

interface Entry {
  /** The key's latest credentials: kept through failed refreshes, served while unexpired. */
  readonly credentials?: TenantCredentials;
  readonly pending?: Promise<TenantCredentials>;
  readonly failure?: Failure;
}

/**
 * Per-session credentials cache: bounded (LRU), refreshed before expiry, one load in flight per
 * key shared by every concurrent caller.
 *
 * Built to ride out an STS outage: a refresh runs in the background while the key's own
 * credentials still serve; after a failed load the key waits an exponentially growing, jittered
 * backoff before the next attempt, and meanwhile callers get the still-valid credentials or, once
 * they expire, the last failure at once (no STS call). STS's refusal of a key (AccessDenied) is
 * remembered for `failureTtlMs`. A key is never answered with another key's credentials.
 *
 * @example
 * ```ts
 * const cache = new TenantCredentialsCache({ maxEntries: 500 });
 * const creds = await cache.get("acme\u0000alice", () => assumeTenantRole(sts, params));
 * ```
 */
export class TenantCredentialsCache {
  readonly #entries: LRUCache<string, Entry>;
  readonly #refreshBeforeExpiryMs: number;
  readonly #failureTtlMs: number;
  readonly #retryBackoffMs: number;
  readonly #maxRetryBackoffMs: number;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: TenantCredentialsCacheOptions = {}) {
    const problems = cacheOptionProblems(options);
    if (problems.length > 0) throw new ConfigError(`Invalid cache options: ${problems.join("; ")}`);
    this.#entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 1000 });
    this.#refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    this.#failureTtlMs = options.failureTtlMs ?? 30_000;
    this.#retryBackoffMs = options.retryBackoffMs ?? 1000;
    this.#maxRetryBackoffMs = options.maxRetryBackoffMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /**
   * Returns credentials for `key` valid for at least `minValidityMs` (a presigned URL dies with
   * its session), calling `load` only when the cached ones are due for refresh, no load is in
   * flight and the key is not backing off after a failure.
   */
  get(
    key: string,
    load: () => Promise<TenantCredentials>,
    minValidityMs = 0,
  ): Promise<TenantCredentials> {
    const entry = this.#entries.get(key);
    const held = entry?.credentials;
    if (held && this.#lasts(held, Math.max(this.#refreshBeforeExpiryMs, minValidityMs)))
      return Promise.resolve(held);
    const usable = held && this.#lasts(held, minValidityMs) ? held : undefined;
    let pending = entry?.pending;
    if (pending === undefined) {
      const failure = entry?.failure;
      if (failure && this.#now() < failure.retryAt) {
        return usable ? Promise.resolve(usable) : Promise.reject(failure.error);
      }
      pending = this.#load(key, load, held, failure?.count ?? 0);
    }
    // Still-valid credentials serve at once; the refresh goes on in the background.
    return usable ? Promise.resolve(usable) : pending;
  }

  #load(
    key: string,
    load: () => Promise<TenantCredentials>,
    held: TenantCredentials | undefined,
    failures: number,
  ): Promise<TenantCredentials> {
    const pending = load().then(
      (credentials) => {
        // Only replace our own entry: it may have been evicted or cleared meanwhile.
        if (this.#entries.peek(key) === placeholder) this.#entries.set(key, { credentials });
        return credentials;
      },
      (error: unknown) => {
        if (this.#entries.peek(key) === placeholder) {
          const count = failures + 1;
          const refused = error instanceof AssumeRoleError && error.refused;
          const wait = refused ? this.#failureTtlMs : this.#backoff(count);
          this.#entries.set(key, {
            credentials: held,
            failure: { error, count, retryAt: this.#now() + wait },
          });
        }
        throw error;
      },
    );
    // A background refresh may have no caller left to hear that it failed.
    pending.catch(() => undefined);
    const placeholder: Entry = { credentials: held, pending };
    this.#entries.set(key, placeholder);
    return pending;
  }

  /** Exponential, capped, with "equal jitter": at least half the step, so attempts stay spaced. */
  #backoff(failures: number): number {
    const step = Math.min(this.#maxRetryBackoffMs, this.#retryBackoffMs * 2 ** (failures - 1));
    return step / 2 + (this.#random() * step) / 2;
  }

  /** Number of keys held (sessions, loads in flight, remembered failures). */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether `key` is held, without touching its recency. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  #lasts(credentials: TenantCredentials, ms: number): boolean {
    return this.#now() < credentials.expiration.getTime() - ms;
  }
}
