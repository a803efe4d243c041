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

    it("serves cached credentials until the refresh window, then loads again", async () => {
      let now = 0;
      const cache = new TenantCredentialsCache({
        now: () => now,
        refreshBeforeExpiryMs: 5 * 60_000,
      });
      let n = 0;
      const load = () => Promise.resolve(creds(`A${(n += 1)}`, now + HOUR));

      expect((await cache.get("acme", load)).accessKeyId).to.equal("A1");
      now = HOUR - 5 * 60_000 - 1;
      expect((await cache.get("acme", load)).accessKeyId).to.equal("A1");
      now = HOUR - 5 * 60_000;
      expect((await cache.get("acme", load)).accessKeyId).to.equal("A2");
      expect(n).to.equal(2);
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

    it("forgets a failed load so the next call retries, and never answers with another key's credentials", async () => {
      const cache = new TenantCredentialsCache({ now: () => 0 });
      await cache.get("acme", () => Promise.resolve(creds("ACME", HOUR)));

      let failure: unknown;
      await cache
        .get("globex", () => Promise.reject(new Error("sts down")))
        .catch((err: unknown) => (failure = err));
      const retried = await cache.get("globex", () => Promise.resolve(creds("GLOBEX", HOUR)));

      expect((failure as Error).message).to.equal("sts down");
      expect(retried.accessKeyId).to.equal("GLOBEX");
      expect(
        (await cache.get("acme", () => Promise.reject(new Error("unused")))).accessKeyId,
      ).to.equal("ACME");
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

    it("remembers a refusal for failureTtlMs instead of loading again, but not other failures", async () => {
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
      const outage = () => {
        calls += 1;
        return Promise.reject(new AssumeRoleError("Could not assume the role of tenant globex"));
      };
      const attempt = (key: string, load: () => Promise<TenantCredentials>) =>
        cache.get(key, load).catch((err: TenancyError) => err.code);

      const denials = [await attempt("acme", denied), await attempt("acme", denied)];
      const deniedCalls = calls;
      now = 30_000;
      await attempt("acme", denied);
      const afterTtl = calls - deniedCalls;
      await attempt("globex", outage);
      await attempt("globex", outage);

      expect(denials).to.deep.equal(["ERR_ASSUME_ROLE_DENIED", "ERR_ASSUME_ROLE_DENIED"]);
      expect([deniedCalls, afterTtl, calls - deniedCalls - afterTtl]).to.deep.equal([1, 1, 2]);
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
