import { expect } from "chai";
import { createTenantRuntime, type TenancyError } from "@tenancy/runtime";
import { ACCOUNT_ID, bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { localPool } from "../helpers/runtimeJwt";
import { refusal } from "../helpers/runtimeRefusal";

describe("createTenantRuntime", () => {
  let h: Harness;

  before(async () => (h = await startHarness()));
  beforeEach(() => h.sts.reset());
  after(() => h.stop());

  describe("createTenantContext", () => {
    it("makes one STS call per tenant for many concurrent requests", async () => {
      const runtime = createTenantRuntime(h.config());
      h.sts.delayMs = 50; // keep the first call in flight while the others arrive

      const contexts = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          runtime.createTenantContext(bearer((i % 2 ? h.tokens.alice : h.tokens.bob).idToken)),
        ),
      );

      expect(h.sts.calls.map((c) => c.tags.tenantId).sort()).to.deep.equal(["acme", "globex"]);
      expect(new Set(contexts.map((c) => c.tenantId))).to.deep.equal(new Set(["acme", "globex"]));
    });

    it("assumes dev-tenant-<id> with the user as SourceIdentity, signed by the workload, and reuses it", async () => {
      const runtime = createTenantRuntime(h.config());
      const first = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
      const second = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));

      expect(h.sts.calls).to.deep.equal([
        {
          roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/tenants/dev-tenant-acme`,
          roleSessionName: first.identity.sourceIdentity,
          sourceIdentity: first.identity.sourceIdentity,
          durationSeconds: 3600,
          tags: { tenantId: "acme" },
          signedBy: "AKIAWORKLOAD",
        },
      ]);
      expect(second.dynamodb).to.equal(first.dynamodb);
    });

    it("keeps one session per user of a tenant, so CloudTrail names the right person", async () => {
      const runtime = createTenantRuntime(h.config());
      const alice = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
      const carol = await runtime.createTenantContext(bearer(h.tokens.carol.idToken));

      expect(h.sts.calls.map((c) => c.sourceIdentity)).to.deep.equal([
        alice.identity.sourceIdentity,
        carol.identity.sourceIdentity,
      ]);
      expect(alice.identity.sourceIdentity).to.not.equal(carol.identity.sourceIdentity);
    });

    it("keys sessions on the immutable sub, not the username (a recreated user gets its own)", async () => {
      const local = localPool();
      const runtime = createTenantRuntime(
        h.config({
          userPoolId: local.userPoolId,
          clientId: local.clientId,
          issuer: local.issuer,
          jwks: local.jwks,
        }),
      );
      const user = (sub: string) => bearer(local.token({ sub, "cognito:username": "alice" }));

      const first = await runtime.createTenantContext(user("sub-1"));
      await runtime.createTenantContext(user("sub-1"));
      const recreated = await runtime.createTenantContext(user("sub-2"));

      expect(h.sts.calls.map((c) => c.sourceIdentity)).to.deep.equal(["alice", "alice"]);
      expect(recreated.s3).to.not.equal(first.s3);
    });

    it("retries STS throttling and still builds the context", async () => {
      const runtime = createTenantRuntime(h.config());
      h.sts.throttleNext(2);

      const ctx = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));

      expect(ctx.tenantId).to.equal("acme");
      expect(h.sts.calls).to.have.length(3);
    });

    it("fails a tenant whose role cannot be assumed without serving another tenant's credentials", async () => {
      const runtime = createTenantRuntime(h.config());
      const acme = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
      h.sts.denyTenant("globex");
      const signedBefore = h.dynamodbProxy.signers.length;

      const refused = await refusal(runtime.createTenantContext(bearer(h.tokens.bob.idToken)));
      await acme.dynamodb.get({ Key: { pk: "x", sk: "y" } });

      expect(refused).to.deep.equal({
        code: "ERR_ASSUME_ROLE_DENIED",
        message: "STS denied the role of tenant globex",
      });
      const signers = h.dynamodbProxy.signers.slice(signedBefore);
      expect(signers.map((k) => h.sts.sessions.get(k ?? "")?.tenantId)).to.deep.equal(["acme"]);
    });

    it("remembers a denied role for 30 seconds instead of calling STS on every request", async () => {
      let later = 0;
      const runtime = createTenantRuntime(h.config({ cache: { now: () => Date.now() + later } }));
      h.sts.denyTenant("globex");
      const attempt = () => refusal(runtime.createTenantContext(bearer(h.tokens.bob.idToken)));

      const first = await attempt();
      const again = await attempt();
      const callsWithin = h.sts.calls.length;
      later = 30_000;
      await attempt();

      expect([first.code, again.code]).to.deep.equal([
        "ERR_ASSUME_ROLE_DENIED",
        "ERR_ASSUME_ROLE_DENIED",
      ]);
      expect([callsWithin, h.sts.calls.length]).to.deep.equal([1, 2]);
    });

    it("evicts the least recently used session beyond the cache bound", async () => {
      const runtime = createTenantRuntime(h.config({ cache: { maxEntries: 1 } }));
      await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
      await runtime.createTenantContext(bearer(h.tokens.bob.idToken));
      await runtime.createTenantContext(bearer(h.tokens.alice.idToken));

      expect(h.sts.calls.map((c) => c.tags.tenantId)).to.deep.equal(["acme", "globex", "acme"]);
    });

    it("refuses a bad token before calling STS", async () => {
      const runtime = createTenantRuntime(h.config());

      const refused = await refusal(
        runtime.createTenantContext(bearer(h.tokens.wrongGroup.idToken)),
      );

      expect(refused).to.deep.equal({
        code: "ERR_TENANT_GROUP_MISMATCH",
        message: "User is not in group tenant-acme",
      });
      expect(h.sts.calls).to.deep.equal([]);
    });

    it("refuses a tenant id whose role name would exceed 64 characters with the configured prefix", async () => {
      const local = localPool();
      const pool = {
        userPoolId: local.userPoolId,
        clientId: local.clientId,
        issuer: local.issuer,
        jwks: local.jwks,
      };
      const runtime = createTenantRuntime(h.config(pool)); // namePrefix "dev": ids up to 53
      const token = (id: string) =>
        bearer(local.token({ "custom:tenantId": id, "cognito:groups": [`tenant-${id}`] }));

      const fits = await runtime.createTenantContext(token("a".repeat(53)));
      const refused = await refusal(runtime.createTenantContext(token("a".repeat(54))));

      expect(h.sts.calls.map((c) => c.roleArn.split("/").pop()?.length)).to.deep.equal([64]);
      expect(fits.tenantId).to.have.length(53);
      expect(refused).to.deep.equal({
        code: "ERR_TENANT_ID_INVALID",
        message: "Claim custom:tenantId must be at most 53 characters (the tenant role name limit)",
      });
    });

    it("refuses cache settings that would throw a TypeError or assume a session per request", async () => {
      expect(
        await refusal(() =>
          createTenantRuntime(
            h.config({
              sessionDurationSeconds: 900,
              cache: { maxEntries: 0, refreshBeforeExpiryMs: 900_000, failureTtlMs: -1 },
            }),
          ),
        ),
      ).to.deep.equal({
        code: "ERR_CONFIG_INVALID",
        message:
          "Invalid configuration: cache.maxEntries must be a positive integer; " +
          "cache.failureTtlMs must be a non-negative integer; " +
          "cache.refreshBeforeExpiryMs must be less than the session duration (900000 ms)",
      });
    });

    it("refuses a session longer than role chaining allows", () => {
      let err: TenancyError | undefined;
      try {
        createTenantRuntime(h.config({ sessionDurationSeconds: 7200 }));
      } catch (e) {
        err = e as TenancyError;
      }
      expect({ code: err?.code, message: err?.message }).to.deep.equal({
        code: "ERR_CONFIG_INVALID",
        message:
          "Invalid configuration: sessionDurationSeconds must be an integer from 900 to 3600 (role chaining allows at most one hour)",
      });
    });
  });
});
