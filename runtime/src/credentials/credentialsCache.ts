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
  /** Injectable clock (ms since epoch) for tests. */
  readonly now?: () => number;
}

interface Entry {
  /** The key's latest credentials: kept through a failed refresh, served while unexpired. */
  readonly credentials?: TenantCredentials;
  readonly pending?: Promise<TenantCredentials>;
  readonly refusal?: { readonly error: AssumeRoleError; readonly until: number };
}

/**
 * Per-session credentials cache: bounded (LRU), refreshed before expiry, one load in flight per
 * key shared by every concurrent caller. A failed refresh falls back to the key's own
 * credentials while they are still valid, and never to any other entry, so one tenant can never
 * be handed another's keys. STS's refusal of a key is remembered for `failureTtlMs`; any other
 * failed load is forgotten (the next call retries).
 *
 * @example
 * ```ts
 * const cache = new TenantCredentialsCache({ maxEntries: 500 });
 * const creds = await cache.get("acme\u0000alice", () => assumeTenantRole(sts, params));
 * ```
 */
export class TenantCredentialsCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly refreshBeforeExpiryMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;

  constructor(options: TenantCredentialsCacheOptions = {}) {
    const problems = cacheOptionProblems(options);
    if (problems.length > 0) throw new ConfigError(`Invalid cache options: ${problems.join("; ")}`);
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 1000 });
    this.refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Returns fresh credentials for `key`, calling `load` only when none are cached or in flight.
   * `minValidityMs` asks for credentials that stay valid at least that long (a presigned URL
   * dies with its session); credentials just loaded are taken as the freshest there can be.
   */
  get(
    key: string,
    load: () => Promise<TenantCredentials>,
    minValidityMs = 0,
  ): Promise<TenantCredentials> {
    const entry = this.entries.get(key);
    const held = entry?.credentials;
    if (held && this.lasts(held, Math.max(this.refreshBeforeExpiryMs, minValidityMs)))
      return Promise.resolve(held);
    const refusal = entry?.refusal;
    const loading =
      entry?.pending ??
      (refusal && this.now() < refusal.until
        ? Promise.reject(refusal.error)
        : this.load(key, load, held));
    // Each caller falls back on its own terms: what still serves a request may not carry a URL.
    return loading.catch((err: unknown) =>
      held && this.lasts(held, minValidityMs) ? held : Promise.reject(err),
    );
  }

  private load(
    key: string,
    load: () => Promise<TenantCredentials>,
    held: TenantCredentials | undefined,
  ): Promise<TenantCredentials> {
    const pending = load().then(
      (credentials) => {
        // Only replace our own entry: it may have been evicted or cleared meanwhile.
        if (this.entries.peek(key) === placeholder) this.entries.set(key, { credentials });
        return credentials;
      },
      (err: unknown) => {
        if (this.entries.peek(key) === placeholder) {
          const refusal =
            err instanceof AssumeRoleError && err.refused
              ? { error: err, until: this.now() + this.failureTtlMs }
              : undefined;
          if (held || refusal) this.entries.set(key, { credentials: held, refusal });
          else this.entries.delete(key);
        }
        throw err;
      },
    );
    // Keep the current credentials beside the load: callers needing less validity still use them.
    const placeholder: Entry = { credentials: held, pending };
    this.entries.set(key, placeholder);
    return pending;
  }

  /** Number of keys held (sessions, loads in flight, remembered refusals). */
  get size(): number {
    return this.entries.size;
  }

  /** Whether `key` is held, without touching its recency. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private lasts(credentials: TenantCredentials, ms: number): boolean {
    return this.now() < credentials.expiration.getTime() - ms;
  }
}
