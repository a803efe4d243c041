import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTenantRuntime, fromEnv } from "@tenancy/runtime";
import { pooledRoleArn, tenantRoleArn } from "@tenancy/runtime/naming";
import { planFor, tenant } from "../helpers/programUnderTest";
import { ACCOUNT_ID, bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { refusal } from "../helpers/runtimeRefusal";

const SHARD_ARN = pooledRoleArn({ accountId: ACCOUNT_ID, namePrefix: "dev", shard: 7 });

describe("runtime: tenants placed by the stack's tenantRoles (pooled tier)", () => {
  let h: Harness;

  before(async () => (h = await startHarness()));
  beforeEach(() => h.sts.reset());
  after(() => h.stop());

  it("assumes a pooled tenant's shard role with its tenantId tag, one session per (tenant, user)", async () => {
    const runtime = createTenantRuntime(h.config({ tenantRole: { roles: { acme: SHARD_ARN } } }));
    const alice = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
    const carol = await runtime.createTenantContext(bearer(h.tokens.carol.idToken));
    await runtime.createTenantContext(bearer(h.tokens.alice.idToken));

    expect(h.sts.calls).to.deep.equal(
      [alice, carol].map((ctx) => ({
        roleArn: SHARD_ARN,
        roleSessionName: ctx.identity.sourceIdentity,
        sourceIdentity: ctx.identity.sourceIdentity,
        durationSeconds: 3600,
        tags: { tenantId: "acme" },
        signedBy: "AKIAWORKLOAD",
      })),
    );
    expect(alice.tenantId).to.equal("acme");
    expect(carol.dynamodb).to.not.equal(alice.dynamodb);
  });

  it("refuses, before asking STS, a tenant the stack did not place (fails closed)", async () => {
    const runtime = createTenantRuntime(h.config({ tenantRole: { roles: { acme: SHARD_ARN } } }));
    expect(await refusal(runtime.createTenantContext(bearer(h.tokens.bob.idToken)))).to.deep.equal({
      code: "ERR_TENANT_NOT_PLACED",
      message: "Tenant globex has no role in this stack's tenantRoles",
    });
    expect(h.sts.calls).to.deep.equal([]);
  });

  it("follows a tier change through configuration alone: the same handler call reaches the new role", async () => {
    const dedicated = tenantRoleArn({ accountId: ACCOUNT_ID, namePrefix: "dev", tenantId: "acme" });
    for (const roleArn of [dedicated, SHARD_ARN]) {
      h.sts.reset();
      const runtime = createTenantRuntime(h.config({ tenantRole: { roles: { acme: roleArn } } }));
      await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
      expect(h.sts.calls.map((c) => [c.roleArn, c.tags])).to.deep.equal([
        [roleArn, { tenantId: "acme" }],
      ]);
    }
  });
});

describe("fromEnv: TENANCY_TENANT_ROLES", () => {
  const base = {
    AWS_REGION: "us-east-1",
    TENANCY_USER_POOL_ID: "us-east-1_abc",
    TENANCY_CLIENT_ID: "client",
    TENANCY_TABLE_NAME: "dev-tenant-data",
    TENANCY_BUCKET_NAME: "dev-data",
    TENANCY_ACCOUNT_ID: "123456789012",
    TENANCY_NAME_PREFIX: "dev",
  };

  it("reads the stack's runtimeEnvironment of a stack with pooled tenants, and the same map from a file", async () => {
    const plan = await planFor([tenant("acme"), tenant("beta", { isolation: "pooled" })]);
    const environment = plan.outputs.runtimeEnvironment as Record<string, string>;
    const roles = plan.outputs.tenantRoles as Record<string, string>;
    expect(roles).to.deep.equal({
      acme: "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme",
      beta: plan.tenants.find((t) => t.id === "beta")!.roleArn,
    });
    expect(roles.beta).to.match(/:role\/tenants\/dev-pooled-\d+$/);
    expect(fromEnv({ ...environment, AWS_REGION: "us-east-1" }).tenantRole).to.deep.equal({
      roles,
    });

    const file = join(mkdtempSync(join(tmpdir(), "tenancy-roles-")), "roles.json");
    writeFileSync(file, JSON.stringify(roles));
    expect(fromEnv({ ...base, TENANCY_TENANT_ROLES_FILE: file }).tenantRole).to.deep.equal({
      roles,
    });
  });

  it("leaves a stack of dedicated tenants on the naming rule (its environment has no map)", async () => {
    const plan = await planFor([tenant("acme")]);
    const environment = plan.outputs.runtimeEnvironment as Record<string, string>;
    expect(environment).to.not.have.property("TENANCY_TENANT_ROLES");
    expect(fromEnv({ ...environment, AWS_REGION: "us-east-1" }).tenantRole).to.deep.equal({
      accountId: "123456789012",
      namePrefix: "dev",
      partition: "aws",
    });
  });

  it("names a malformed map or both forms at once", () => {
    const problem = (env: Record<string, string>) => {
      try {
        fromEnv({ ...base, ...env });
      } catch (err) {
        return (err as Error).message;
      }
      return "";
    };
    expect(problem({ TENANCY_TENANT_ROLES: '{"acme": 1}' })).to.equal(
      'Invalid environment: TENANCY_TENANT_ROLES must be a JSON object: { "<tenantId>": "<role ARN>" }',
    );
    expect(problem({ TENANCY_TENANT_ROLES: "{}", TENANCY_TENANT_ROLES_FILE: "/x" })).to.equal(
      "Invalid environment: set only one of TENANCY_TENANT_ROLES and TENANCY_TENANT_ROLES_FILE",
    );
  });
});
