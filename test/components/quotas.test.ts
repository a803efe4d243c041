import { expect } from "chai";
import {
  checkQuotas,
  iamPolicyChars,
  pooledShards,
  pooledTrustPolicy,
  QuotaError,
  quotaIssues,
  StackSettings,
  TenantSpec,
} from "../../components";
import { platformLocation } from "../../components/tenantPlatform";
import { tenant, TEST_SETTINGS } from "../helpers/programUnderTest";

/** `count` tenants t0000…, the first `pooled` of them pooled. */
function tenants(count: number, pooled = 0): TenantSpec[] {
  return Array.from({ length: count }, (_, i) =>
    tenant(`t${String(i).padStart(4, "0")}`, {
      isolation: i < pooled ? "pooled" : "dedicated",
      models: [],
    }),
  );
}

function quotaErrorOf(settings: StackSettings, specs: readonly TenantSpec[]): QuotaError {
  try {
    checkQuotas(settings, specs);
  } catch (error) {
    expect(error).to.be.instanceOf(QuotaError);
    return error as QuotaError;
  }
  expect.fail("expected a QuotaError");
}

describe("checkQuotas", () => {
  it("refuses 1,200 dedicated tenants with the IAM roles quota, the count and the fix", () => {
    const error = quotaErrorOf(TEST_SETTINGS, tenants(1200));
    expect(error.code).to.equal("ERR_QUOTA_EXCEEDED");
    expect(error.issues).to.deep.equal([
      {
        quota: "IAM roles per account",
        limit: 1000,
        count: 1201,
        fix: 'move 217 dedicated tenants to pooled ("isolation": "pooled" in the tenants file; this counts the 16 shard roles they may add), or raise the account\'s IAM "Roles per account" quota in Service Quotas and set pulumi config set tenancy:iamRolesQuota 1201 (the quota minus the roles this stack does not own).',
      },
    ]);
    expect(error.message).to.equal(
      `The plan exceeds 1 quota; nothing was deployed:\n  [IAM roles per account] needs 1201, the quota is 1000. Fix: ${error.issues[0]!.fix}`,
    );
  });

  it("passes the same 1,200 tenants with 1,000 of them pooled, at the default 16 shards", () => {
    const specs = tenants(1200, 1000);
    expect(quotaIssues(TEST_SETTINGS, specs)).to.deep.equal([]);
    // 200 dedicated roles, 16 shard roles and the workload role.
    expect(pooledShards(specs, 16)).to.have.length(16);
  });

  it("applies the moving advice it gives: that many more pooled tenants fit", () => {
    expect(quotaIssues(TEST_SETTINGS, tenants(1200, 217))).to.deep.equal([]);
    expect(quotaIssues(TEST_SETTINGS, tenants(1200, 200))[0]!.quota).to.equal(
      "IAM roles per account",
    );
  });

  it("refuses a shard whose trust policy outgrows the quota, naming a shard count that fits", () => {
    const specs = tenants(1000, 1000);
    const settings = { ...TEST_SETTINGS, pooledShards: 4 };
    const issues = quotaIssues(settings, specs);
    expect(issues).to.have.length(4);
    const platform = platformLocation("dev", "aws", "us-east-1", "123456789012");
    const [first] = pooledShards(specs, 4);
    expect(issues[0]).to.deep.equal({
      quota: "IAM role trust policy size (characters)",
      limit: 2048,
      count: iamPolicyChars(
        pooledTrustPolicy({ activeTenantIds: first!.activeTenantIds, platform }),
      ),
      subject: `pooled shard 0 (${first!.activeTenantIds.length} active tenants)`,
      fix: issues[0]!.fix,
    });
    const suggested = Number(/tenancy:pooledShards (\d+)/.exec(issues[0]!.fix)![1]);
    expect(issues[0]!.fix).to.include("tenancy:trustPolicySizeQuota 4096");
    // The count it names fits, and the one below it does not.
    expect(quotaIssues({ ...settings, pooledShards: suggested }, specs)).to.deep.equal([]);
    expect(quotaIssues({ ...settings, pooledShards: suggested - 1 }, specs)).to.not.deep.equal([]);
    // A raised trust quota holds about twice as many ids per shard.
    const raised = { ...settings, quotas: { ...settings.quotas, trustPolicyChars: 4096 } };
    const atRaised = Number(
      /tenancy:pooledShards (\d+)/.exec(quotaIssues(raised, specs)[0]!.fix)![1],
    );
    expect(atRaised).to.be.below(suggested);
  });

  it("refuses more groups than a user pool holds, and more inference profiles than the setting", () => {
    const settings = {
      ...TEST_SETTINGS,
      quotas: { ...TEST_SETTINGS.quotas, userPoolGroups: 2, applicationInferenceProfiles: 2 },
    };
    const specs = [tenant("a"), tenant("b"), tenant("c")];
    expect(quotaIssues(settings, specs).map((i) => [i.quota, i.limit, i.count])).to.deep.equal([
      ["Cognito groups per user pool", 2, 3],
      ["Bedrock application inference profiles per account and Region", 2, 3],
    ]);
  });

  it("counts the Bedrock logging role among the stack's roles", () => {
    const settings = {
      ...TEST_SETTINGS,
      bedrockInvocationLogging: true,
      quotas: { ...TEST_SETTINGS.quotas, iamRoles: 3 },
    };
    expect(quotaIssues(settings, tenants(1))).to.deep.equal([]);
    expect(quotaIssues(settings, tenants(2))[0]!.count).to.equal(4);
  });
});
