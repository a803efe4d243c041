import { QuotaError, QuotaIssue } from "./errors";
import { PlatformLocation } from "./policies/arns";
import { PolicyDocument } from "./policies/policyDocument";
import { pooledRolePolicy } from "./policies/pooledRolePolicy";
import { pooledTrustPolicy } from "./policies/pooledTrustPolicy";
import { tenantRolePolicy } from "./policies/tenantRolePolicy";
import { tenantTrustPolicy } from "./policies/tenantTrustPolicy";
import { workloadRolePolicy } from "./policies/workloadRolePolicy";
import { pooledShards, PooledShardSpec } from "./pooledShards";
import { StackSettings } from "./stackSettings";
import { platformLocation } from "./tenantPlatform";
import { TenantSpec } from "./tenantsFile";

/** IAM's limit on a role's inline policies together; not adjustable. */
export const ROLE_INLINE_POLICY_CHARS = 10240;

/** The most a trust policy can be raised to in Service Quotas. */
export const MAX_TRUST_POLICY_CHARS = 4096;

/** Highest shard count the search for a fix tries (tenancy:pooledShards' own maximum). */
const MAX_POOLED_SHARDS = 1000;

/** Length of a policy as IAM counts it against its quotas: whitespace does not count. */
export function iamPolicyChars(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, "").length;
}

/**
 * Every AWS quota the plan would exceed, checked on the documents the program would register
 * (built for a 12-digit placeholder account: ARNs have the same length in every account of the
 * `aws` partition). Throws one {@link QuotaError} listing them, before anything is registered.
 */
export function checkQuotas(settings: StackSettings, tenants: readonly TenantSpec[]): void {
  const issues = quotaIssues(settings, tenants);
  if (issues.length > 0) throw new QuotaError(issues);
}

export function quotaIssues(settings: StackSettings, tenants: readonly TenantSpec[]): QuotaIssue[] {
  const { quotas } = settings;
  const platform = platformLocation(
    settings.namePrefix,
    "aws",
    settings.region,
    "123456789012",
    settings.indexes.map((index) => index.name),
  );
  const dedicated = tenants.filter((t) => t.isolation === "dedicated");
  const pooled = tenants.length - dedicated.length;
  const shards = pooledShards(tenants, settings.pooledShards);
  const issues: QuotaIssue[] = [];

  // The workload role, the Bedrock logging role when on, one per dedicated tenant, one per shard.
  const roles = 1 + (settings.bedrockInvocationLogging ? 1 : 0) + dedicated.length + shards.length;
  if (roles > quotas.iamRoles) {
    const unusedShards = settings.pooledShards - shards.length;
    const toMove = Math.min(dedicated.length, roles - quotas.iamRoles + unusedShards);
    issues.push({
      quota: "IAM roles per account",
      limit: quotas.iamRoles,
      count: roles,
      fix: `move ${toMove} dedicated tenants to pooled ("isolation": "pooled" in the tenants file; this counts the ${unusedShards} shard roles they may add), or raise the account's IAM "Roles per account" quota in Service Quotas and set pulumi config set tenancy:iamRolesQuota ${roles} (the quota minus the roles this stack does not own).`,
    });
  }

  if (tenants.length > quotas.userPoolGroups) {
    issues.push({
      quota: "Cognito groups per user pool",
      limit: quotas.userPoolGroups,
      count: tenants.length,
      fix: `each tenant has one group: split the tenants over two stacks, or, if AWS raises the quota for the account, set pulumi config set tenancy:userPoolGroupsQuota ${tenants.length}.`,
    });
  }

  const profiles = tenants.reduce((sum, t) => sum + t.models.length, 0);
  if (profiles > quotas.applicationInferenceProfiles) {
    issues.push({
      quota: "Bedrock application inference profiles per account and Region",
      limit: quotas.applicationInferenceProfiles,
      count: profiles,
      fix: `request a higher quota in Service Quotas (Amazon Bedrock) and set pulumi config set tenancy:inferenceProfilesQuota <the new quota>, or remove models from tenants' bedrock.models.`,
    });
  }

  issues.push(...dedicatedDocumentIssues(dedicated, platform, quotas.trustPolicyChars));
  issues.push(
    ...inlineIssue(
      "the workload role",
      workloadRolePolicy(platform, { pooled: pooled > 0 }),
      "report this: the workload policy does not grow with tenants.",
    ),
  );
  issues.push(...pooledDocumentIssues(settings, tenants, shards, platform));
  return issues;
}

function inlineIssue(subject: string, document: PolicyDocument, fix: string): QuotaIssue[] {
  const chars = iamPolicyChars(document);
  return chars <= ROLE_INLINE_POLICY_CHARS
    ? []
    : [
        {
          quota: "IAM role inline policy size (characters)",
          limit: ROLE_INLINE_POLICY_CHARS,
          count: chars,
          subject,
          fix,
        },
      ];
}

function dedicatedDocumentIssues(
  dedicated: readonly TenantSpec[],
  platform: PlatformLocation,
  trustLimit: number,
): QuotaIssue[] {
  return dedicated.flatMap((tenant) => {
    const role = `role of tenant "${tenant.id}"`;
    const trust = iamPolicyChars(tenantTrustPolicy({ tenantId: tenant.id, platform }));
    return [
      ...(trust <= trustLimit
        ? []
        : [
            {
              quota: "IAM role trust policy size (characters)",
              limit: trustLimit,
              count: trust,
              subject: role,
              fix: `raise the trust policy length quota in Service Quotas (up to ${MAX_TRUST_POLICY_CHARS}) and set pulumi config set tenancy:trustPolicySizeQuota ${MAX_TRUST_POLICY_CHARS}.`,
            },
          ]),
      ...inlineIssue(
        role,
        tenantRolePolicy({
          tenantId: tenant.id,
          status: tenant.status,
          models: tenant.models,
          platform,
        }),
        "give the tenant fewer bedrock.models (each adds its model ARNs).",
      ),
    ];
  });
}

function pooledDocumentIssues(
  settings: StackSettings,
  tenants: readonly TenantSpec[],
  shards: readonly PooledShardSpec[],
  platform: PlatformLocation,
): QuotaIssue[] {
  const trustLimit = settings.quotas.trustPolicyChars;
  const oversized = shards
    .map((shard) => ({ shard, chars: trustChars(shard, platform) }))
    .filter(({ chars }) => chars > trustLimit);
  const issues: QuotaIssue[] = [];
  if (oversized.length > 0) {
    const enough = shardCountThatFits(tenants, platform, trustLimit, settings.pooledShards);
    const raise =
      trustLimit < MAX_TRUST_POLICY_CHARS
        ? ` or raise the trust policy length quota in Service Quotas (up to ${MAX_TRUST_POLICY_CHARS}) and set pulumi config set tenancy:trustPolicySizeQuota ${MAX_TRUST_POLICY_CHARS}`
        : "";
    const more =
      enough === undefined
        ? `no shard count up to ${MAX_POOLED_SHARDS} fits; move pooled tenants to dedicated or to another stack`
        : `pulumi config set tenancy:pooledShards ${enough} (this moves pooled tenants between shard roles, never their data)`;
    for (const { shard, chars } of oversized) {
      issues.push({
        quota: "IAM role trust policy size (characters)",
        limit: trustLimit,
        count: chars,
        subject: `pooled shard ${shard.shard} (${shard.activeTenantIds.length} active tenants)`,
        fix: `${more}${raise}.`,
      });
    }
  }
  for (const shard of shards) {
    issues.push(
      ...inlineIssue(
        `pooled shard ${shard.shard}`,
        pooledRolePolicy({
          models: shard.models,
          suspendedTenantIds: shard.suspendedTenantIds,
          platform,
        }),
        `set pulumi config set tenancy:pooledShards ${settings.pooledShards * 2} to spread the shard's models and suspended tenants over more roles.`,
      ),
    );
  }
  return issues;
}

function trustChars(shard: PooledShardSpec, platform: PlatformLocation): number {
  return iamPolicyChars(pooledTrustPolicy({ activeTenantIds: shard.activeTenantIds, platform }));
}

/** The smallest shard count above `current` whose every shard's trust policy fits, if any. */
function shardCountThatFits(
  tenants: readonly TenantSpec[],
  platform: PlatformLocation,
  trustLimit: number,
  current: number,
): number | undefined {
  for (let count = current + 1; count <= MAX_POOLED_SHARDS; count += 1) {
    const fits = pooledShards(tenants, count).every(
      (shard) => trustChars(shard, platform) <= trustLimit,
    );
    if (fits) return count;
  }
  return undefined;
}
