import { expect } from "chai";
import { pooledShardOf } from "@tenancy/runtime/naming";
import { parseTenantsFile, pooledRolePolicy, pooledTrustPolicy } from "../../components";
import { planChanges } from "../../plan/planChanges";
import { Plan } from "../../plan/runPlan";
import { planFor, tenant } from "../helpers/programUnderTest";

const PLATFORM = {
  partition: "aws",
  region: "us-east-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-us-east-1",
};
const SHARDS = 16;

function inputsOf(plan: Plan, type: string, name: string): Record<string, unknown> {
  const found = plan.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).to.have.length(1);
  return found[0]!.inputs;
}

describe("pooled tier (mock engine)", () => {
  const acme = tenant("acme");
  const beta = tenant("beta", { isolation: "pooled" });
  const gamma = tenant("gamma", { isolation: "pooled", status: "suspended" });

  it("gives a pooled tenant no role of its own and its shard's role ARN; the shard's documents are the builders'", async () => {
    const plan = await planFor([acme, beta, gamma]);
    const betaShard = pooledShardOf("beta", SHARDS);
    const gammaShard = pooledShardOf("gamma", SHARDS);
    const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => r.name);
    expect(roles.sort()).to.deep.equal(
      [
        "acme-role",
        "dev-workload",
        `pooled-${betaShard}-role`,
        ...(gammaShard === betaShard ? [] : [`pooled-${gammaShard}-role`]),
      ].sort(),
    );
    const betaPlan = plan.tenants.find((t) => t.id === "beta")!;
    expect(betaPlan.roleArn).to.equal(
      `arn:aws:iam::123456789012:role/tenants/dev-pooled-${betaShard}`,
    );
    expect(betaPlan.resources.map((r) => r.type)).to.not.include("aws:iam/role:Role");
    expect(
      (plan.outputs.tenants as Record<string, { isolation: string }>).beta!.isolation,
    ).to.equal("pooled");
    const role = inputsOf(plan, "aws:iam/role:Role", `pooled-${betaShard}-role`);
    expect(role.name).to.equal(`dev-pooled-${betaShard}`);
    expect(role.path).to.equal("/tenants/");
    expect(role.tags).to.deep.equal({});
    const sameShard = gammaShard === betaShard;
    expect(JSON.parse(String(role.assumeRolePolicy))).to.deep.equal(
      pooledTrustPolicy({ activeTenantIds: ["beta"], platform: PLATFORM }),
    );
    const policy = inputsOf(
      plan,
      "aws:iam/rolePolicy:RolePolicy",
      `pooled-${betaShard}-data-access`,
    );
    expect(JSON.parse(String(policy.policy))).to.deep.equal(
      pooledRolePolicy({
        models: ["anthropic.claude-3-haiku-20240307-v1:0"],
        suspendedTenantIds: sameShard ? ["gamma"] : [],
        platform: PLATFORM,
      }),
    );
    // A suspended pooled tenant's admins are disabled as a dedicated tenant's are.
    expect(plan.tenants.find((t) => t.id === "gamma")!.adminsEnabled).to.equal(false);
    const workload = inputsOf(plan, "aws:iam/rolePolicy:RolePolicy", "dev-workload-become-tenant");
    expect(JSON.parse(String(workload.policy)).Statement[0].Resource).to.deep.equal([
      "arn:aws:iam::123456789012:role/tenants/dev-tenant-*",
      "arn:aws:iam::123456789012:role/tenants/dev-pooled-*",
    ]);
  });

  it("moves a tenant between tiers by changing roles and role policies only: no data store, user, group or profile", async () => {
    const dedicated = await planFor([acme, tenant("beta")]);
    const pooled = await planFor([acme, beta]);
    for (const [before, after] of [
      [dedicated, pooled],
      [pooled, dedicated],
    ] as const) {
      const { changes } = planChanges(before.resources, after.resources);
      expect(changes.length).to.be.above(0);
      const touched = new Set(changes.map((c) => c.type));
      expect([...touched].sort()).to.deep.equal(
        ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"].sort(),
      );
      expect(changes.filter((c) => c.kind === "replace")).to.deep.equal([]);
    }
  });

  it("keeps a tenant's shard when other tenants are added or removed", async () => {
    const few = await planFor([beta]);
    const many = await planFor([
      beta,
      ...["p1", "p2", "p3", "p4"].map((id) => tenant(id, { isolation: "pooled" })),
    ]);
    const roleOf = (plan: Plan) => plan.tenants.find((t) => t.id === "beta")!.roleArn;
    expect(roleOf(many)).to.equal(roleOf(few));
  });

  describe("tenants file", () => {
    const file = (isolation?: string) =>
      JSON.stringify({
        tenants: [
          {
            id: "acme",
            displayName: "Acme",
            status: "active",
            ...(isolation === undefined ? {} : { isolation }),
            admins: ["ops@acme.example"],
          },
        ],
      });

    it("reads isolation, and takes the stack's default where an entry omits it", () => {
      expect(parseTenantsFile(file("pooled"), { namePrefix: "dev" })[0]!.isolation).to.equal(
        "pooled",
      );
      expect(parseTenantsFile(file(), { namePrefix: "dev" })[0]!.isolation).to.equal("dedicated");
      expect(
        parseTenantsFile(file(), { namePrefix: "dev", defaultIsolation: "pooled" })[0]!.isolation,
      ).to.equal("pooled");
      expect(
        parseTenantsFile(file("dedicated"), { namePrefix: "dev", defaultIsolation: "pooled" })[0]!
          .isolation,
      ).to.equal("dedicated");
    });

    it("refuses an unknown tier, naming the field and the allowed values", () => {
      try {
        parseTenantsFile(file("shared"), { namePrefix: "dev" });
        expect.fail("expected a TenantsFileError");
      } catch (error) {
        expect((error as { issues: unknown[] }).issues).to.deep.equal([
          {
            path: "/tenants/0/isolation",
            line: 1,
            column: 77,
            code: "ERR_INVALID_VALUE",
            message: '"isolation" is "shared"; allowed values are "dedicated" and "pooled".',
            fix: 'set "isolation" to one of the allowed values.',
          },
        ]);
      }
    });
  });
});
