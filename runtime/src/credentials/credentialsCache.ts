import { LRUCache } from "lru-cache";
import type { TenantCredentials } from "./assumeTenantRole";

export interface TenantCredentialsCacheOptions {
  /** Most sessions kept; the least recently used is dropped beyond it (default 1000). */
  readonly maxEntries?: number;
  /** Refresh this long before expiry, so no request signs with nearly dead keys (default 5 min). */
  readonly refreshBeforeExpiryMs?: number;
  /** Injectable clock (ms since epoch) for tests. */
  readonly now?: () => number;
}

interface Entry {
  readonly credentials?: TenantCredentials;
  readonly pending?: Promise<TenantCredentials>;
}

/**
 * Per-session credentials cache: bounded (LRU), refreshed before expiry, one load in flight per
 * key shared by every concurrent caller. A failed load is forgotten (the next call retries) and
 * never falls back to any other entry, so one tenant can never be handed another's keys.
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
  private readonly now: () => number;

  constructor(options: TenantCredentialsCacheOptions = {}) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 1000 });
    this.refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Returns fresh credentials for `key`, calling `load` only when none are cached or in flight. */
  get(key: string, load: () => Promise<TenantCredentials>): Promise<TenantCredentials> {
    const entry = this.entries.get(key);
    if (entry?.pending) return entry.pending;
    if (entry?.credentials && this.isFresh(entry.credentials))
      return Promise.resolve(entry.credentials);

    const pending = load().then(
      (credentials) => {
        // Only replace our own entry: it may have been evicted or cleared meanwhile.
        if (this.entries.peek(key) === placeholder) this.entries.set(key, { credentials });
        return credentials;
      },
      (err: unknown) => {
        if (this.entries.peek(key) === placeholder) this.entries.delete(key);
        throw err;
      },
    );
    const placeholder: Entry = { pending };
    this.entries.set(key, placeholder);
    return pending;
  }

  /** Number of sessions held (including loads in flight). */
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

  private isFresh(credentials: TenantCredentials): boolean {
    return this.now() < credentials.expiration.getTime() - this.refreshBeforeExpiryMs;
  }
}
