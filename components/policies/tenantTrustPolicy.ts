import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { PlatformLocation, workloadRoleArn } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

export const TENANT_TRUST_ACTIONS: readonly string[] = [
  "sts:AssumeRole",
  "sts:TagSession",
  "sts:SetSourceIdentity",
];

export interface TenantTrustPolicyArgs {
  readonly tenantId: string;
  readonly platform: PlatformLocation;
}

/**
 * Only the workload role may assume `tenant-<id>`, only while tagging the session with this
 * tenant's id, and only naming the end user as SourceIdentity so CloudTrail shows who acted.
 */
export function tenantTrustPolicy({ tenantId, platform }: TenantTrustPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "WorkloadAssumesWithTenantTag",
      Effect: "Allow",
      Principal: { AWS: workloadRoleArn(platform) },
      Action: TENANT_TRUST_ACTIONS,
      Condition: {
        StringEquals: { [`aws:RequestTag/${TENANT_TAG_KEY}`]: tenantId },
        "ForAllValues:StringEquals": { "aws:TagKeys": [TENANT_TAG_KEY] },
        Null: { "sts:SourceIdentity": "false" },
      },
    },
  ]);
}
