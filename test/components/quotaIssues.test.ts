import { expect } from "chai";
import { pooledShardOf } from "@tenancy/runtime/naming";
import {
  checkQuotas,
  iamPolicyChars,
  pooledRolePolicy,
  pooledShards,
  pooledTrustPolicy,
  quotaIssues,
  StackSettings,
  TenantSpec,
  tenantTrustPolicy,
} from "../../components";
import { platformLocation } from "../../components/tenantPlatform";
import { tenant, TEST_SETTINGS } from "../helpers/programUnderTest";

const PLATFORM = platformLocation("dev", "aws", "us-east-1", "123456789012");

function withQuotas(quotas: Partial<StackSettings["quotas"]>, more: Partial<StackSettings> = {}) {
  return { ...TEST_SETTINGS, ...more, quotas: { ...TEST_SETTINGS.quotas, ...quotas } };
}

function pooled(id: string, status: TenantSpec["status"] = "active"): TenantSpec {
  return tenant(id, { isolation: "pooled", status, models: [] });
}

function trustCharsOf(activeTenantIds: string[]): number {
  return iamPolicyChars(pooledTrustPolicy({ activeTenantIds, platform: PLATFORM }));
}

const RAISE =
  " or raise the trust policy length quota in Service Quotas (up to 4096) and set pulumi config set tenancy:trustPolicySizeQuota 4096";

describe("quotaIssues at and past each limit", () => {
  it("passes a plan exactly at the group and profile quotas, and names the fix past them", () => {
    const specs = [tenant("a"), tenant("b"), tenant("c")];
    expect(
      quotaIssues(withQuotas({ userPoolGroups: 3, applicationInferenceProfiles: 3 }), specs),
    ).to.deep.equal([]);
    expect(() => checkQuotas(TEST_SETTINGS, specs)).to.not.throw();
    expect(
      quotaIssues(withQuotas({ userPoolGroups: 2, applicationInferenceProfiles: 2 }), specs),
    ).to.deep.equal([
      {
        quota: "Cognito groups per user pool",
        limit: 2,
        count: 3,
        fix: "each tenant has one group: split the tenants over two stacks, or, if AWS raises the quota for the account, set pulumi config set tenancy:userPoolGroupsQuota 3.",
      },
      {
        quota: "Bedrock application inference profiles per account and Region",
        limit: 2,
        count: 3,
        fix: "request a higher quota in Service Quotas (Amazon Bedrock) and set pulumi config set tenancy:inferenceProfilesQuota <the new quota>, or remove models from tenants' bedrock.models.",
      },
    ]);
  });

  it("counts the shard roles pooled tenants take when advising how many dedicated to move", () => {
    const specs = [tenant("a"), tenant("b"), tenant("c"), pooled("p1"), pooled("p2")];
    const shards = pooledShards(specs, 16).length;
    const roles = 1 + 3 + shards;
    const unused = 16 - shards;
    const [issue] = quotaIssues(withQuotas({ iamRoles: 3 }), specs);
    expect(issue).to.deep.equal({
      quota: "IAM roles per account",
      limit: 3,
      count: roles,
      fix: `move ${Math.min(3, roles - 3 + unused)} dedicated tenants to pooled ("isolation": "pooled" in the tenants file; this counts the ${unused} shard roles they may add), or raise the account's IAM "Roles per account" quota in Service Quotas and set pulumi config set tenancy:iamRolesQuota ${roles} (the quota minus the roles this stack does not own).`,
    });
  });

  it("refuses a dedicated tenant's trust policy one character over the quota, not at it", () => {
    const chars = iamPolicyChars(tenantTrustPolicy({ tenantId: "acme", platform: PLATFORM }));
    const specs = [tenant("acme", { models: [] })];
    expect(quotaIssues(withQuotas({ trustPolicyChars: chars }), specs)).to.deep.equal([]);
    expect(quotaIssues(withQuotas({ trustPolicyChars: chars - 1 }), specs)).to.deep.equal([
      {
        quota: "IAM role trust policy size (characters)",
        limit: chars - 1,
        count: chars,
        subject: 'role of tenant "acme"',
        fix: "raise the trust policy length quota in Service Quotas (up to 4096) and set pulumi config set tenancy:trustPolicySizeQuota 4096.",
      },
    ]);
  });

  it("refuses a shard role's inline policy past IAM's 10,240 characters, counting index ARNs", () => {
    const specs = Array.from({ length: 700 }, (_, i) => pooled(`suspended-${i}`, "suspended"));
    const settings: StackSettings = {
      ...withQuotas({}),
      pooledShards: 1,
      indexes: [{ name: "byOwner", partitionKey: "gsi1pk", projection: "ALL" }],
    };
    const [shard] = pooledShards(specs, 1);
    const platform = platformLocation("dev", "aws", "us-east-1", "123456789012", ["byOwner"]);
    const chars = iamPolicyChars(
      pooledRolePolicy({ models: [], suspendedTenantIds: shard!.suspendedTenantIds, platform }),
    );
    expect(chars).to.be.above(10240);
    expect(quotaIssues(settings, specs)).to.deep.equal([
      {
        quota: "IAM role inline policy size (characters)",
        limit: 10240,
        count: chars,
        subject: "pooled shard 0",
        fix: "set pulumi config set tenancy:pooledShards 2 to spread the shard's models and suspended tenants over more roles.",
      },
    ]);
  });

  it("passes a shard role's inline policy of exactly 10,240 characters", () => {
    const charsOf = (ids: string[]) =>
      iamPolicyChars(pooledRolePolicy({ models: [], suspendedTenantIds: ids, platform: PLATFORM }));
    const ids: string[] = [];
    while (charsOf([...ids, `s${String(ids.length).padStart(4, "0")}`]) <= 10240)
      ids.push(`s${String(ids.length).padStart(4, "0")}`);
    // Lengthen the last id until the document is exactly at the limit.
    ids[ids.length - 1] += "x".repeat(10240 - charsOf(ids));
    expect(charsOf(ids)).to.equal(10240);
    const settings = { ...withQuotas({}), pooledShards: 1 };
    expect(
      quotaIssues(
        settings,
        ids.map((id) => pooled(id, "suspended")),
      ),
    ).to.deep.equal([]);
  });

  it("passes a shard whose trust policy is exactly at the quota, and names the shard count past it", () => {
    const specs = Array.from({ length: 300 }, (_, i) => pooled(`t${i}`));
    const chars = trustCharsOf(specs.map((t) => t.id).sort());
    const settings = { ...withQuotas({ trustPolicyChars: chars }), pooledShards: 1 };
    expect(quotaIssues(settings, specs)).to.deep.equal([]);
    const atMax = { ...withQuotas({ trustPolicyChars: 4096 }), pooledShards: 1 };
    const [issue] = quotaIssues(atMax, specs);
    const suggested = Number(/tenancy:pooledShards (\d+) /.exec(issue!.fix)![1]);
    expect(suggested).to.be.at.least(2);
    expect(issue).to.deep.equal({
      quota: "IAM role trust policy size (characters)",
      limit: 4096,
      count: chars,
      subject: "pooled shard 0 (300 active tenants)",
      fix: `pulumi config set tenancy:pooledShards ${suggested} (this moves pooled tenants between shard roles, never their data).`,
    });
  });

  it("only suggests more shards than today, even when fewer would happen to fit", () => {
    // Two ids on one shard of 3 but on different shards of 2.
    let n = 0;
    while (
      pooledShardOf(`v${n}`, 3) !== pooledShardOf("v0", 3) ||
      pooledShardOf(`v${n}`, 2) === pooledShardOf("v0", 2)
    )
      n += 1;
    const ids = ["v0", `v${n}`];
    const limit = Math.max(...ids.map((id) => trustCharsOf([id])));
    const settings = { ...withQuotas({ trustPolicyChars: limit }), pooledShards: 3 };
    const [issue] = quotaIssues(
      settings,
      ids.map((id) => pooled(id)),
    );
    const suggested = Number(/tenancy:pooledShards (\d+) /.exec(issue!.fix)![1]);
    expect(suggested).to.be.above(3);
  });

  it("says when no shard count fits: one tenant alone outgrows the trust quota", () => {
    const specs = [pooled("solo")];
    const [issue] = quotaIssues(
      { ...withQuotas({ trustPolicyChars: 100 }), pooledShards: 1 },
      specs,
    );
    expect(issue).to.deep.equal({
      quota: "IAM role trust policy size (characters)",
      limit: 100,
      count: trustCharsOf(["solo"]),
      subject: "pooled shard 0 (1 active tenants)",
      fix: `no shard count up to 1000 fits; move pooled tenants to dedicated or to another stack${RAISE}.`,
    });
  });

  it("finds 1,000 shards, the most it tries, when only one tenant per shard fits", () => {
    // 1,000 ids on 1,000 different shards: any fewer shards puts two on one.
    const ids: string[] = [];
    const taken = new Set<number>();
    for (let n = 0; ids.length < 1000; n += 1) {
      const shard = pooledShardOf(`u${n}`, 1000);
      if (taken.has(shard)) continue;
      taken.add(shard);
      ids.push(`u${n}`);
    }
    const limit = Math.max(...ids.map((id) => trustCharsOf([id])));
    const settings = { ...withQuotas({ trustPolicyChars: limit }), pooledShards: 998 };
    const issues = quotaIssues(
      settings,
      ids.map((id) => pooled(id)),
    );
    expect(issues.length).to.be.above(0);
    expect(issues[0]!.fix).to.equal(
      `pulumi config set tenancy:pooledShards 1000 (this moves pooled tenants between shard roles, never their data)${RAISE}.`,
    );
  });
});
