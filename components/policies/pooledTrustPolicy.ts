import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { PlatformLocation, workloadRoleArn } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

export interface PooledTrustPolicyArgs {
  /** The shard's active pooled tenants: the only tag values a session may carry. */
  readonly activeTenantIds: readonly string[];
  readonly platform: PlatformLocation;
}

/**
 * Who may become a pooled shard role, and as which tenant. IAM cannot look a tag value up in a
 * list kept elsewhere, so the shard's active ids are inline: a dedicated, suspended or undeclared
 * id matches no statement and gets no session. Only the workload role is named (never the
 * account root, never a pooled role: since 2023 a role does not trust itself implicitly), with
 * exactly one session tag, `tenantId`, and no transitive tags, so a session cannot re-tag.
 *
 * The statements mirror tenantTrustPolicy.ts, one per action, each conditioned only on keys
 * IAM lists for that action.
 */
export function pooledTrustPolicy({
  activeTenantIds,
  platform,
}: PooledTrustPolicyArgs): PolicyDocument {
  const workload = { AWS: workloadRoleArn(platform) };
  if (activeTenantIds.length === 0) {
    // IAM refuses an empty list of condition values; a shard of suspended tenants admits no one.
    return policyDocument([
      { Sid: "NoActiveTenant", Effect: "Deny", Principal: workload, Action: "sts:AssumeRole" },
    ]);
  }
  const declaredTenantTagOnly = {
    StringEquals: { [`aws:RequestTag/${TENANT_TAG_KEY}`]: [...activeTenantIds].sort() },
    "ForAllValues:StringEquals": { "aws:TagKeys": [TENANT_TAG_KEY] },
  };
  return policyDocument([
    {
      Sid: "WorkloadAssumesAsPooledTenant",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:AssumeRole",
      Condition: {
        ...declaredTenantTagOnly,
        Null: { "sts:SourceIdentity": "false", "sts:TransitiveTagKeys": "true" },
      },
    },
    {
      Sid: "WorkloadTagsSessionWithPooledTenantId",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:TagSession",
      Condition: { ...declaredTenantTagOnly, Null: { "sts:TransitiveTagKeys": "true" } },
    },
    {
      Sid: "WorkloadNamesTheUser",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:SetSourceIdentity",
      Condition: { Null: { "sts:SourceIdentity": "false" } },
    },
  ]);
}
