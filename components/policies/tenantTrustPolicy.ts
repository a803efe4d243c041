import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { PlatformLocation, workloadRoleArn } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

export interface TenantTrustPolicyArgs {
  readonly tenantId: string;
  readonly platform: PlatformLocation;
}

/**
 * Only the workload role may assume `tenant-<id>`, only while tagging the session with this
 * tenant's id, and only naming the end user as SourceIdentity so CloudTrail shows who acted.
 *
 * One statement per action, each conditioned only on keys the Service Authorization Reference
 * lists for that action (TagSession has no `sts:SourceIdentity`, SetSourceIdentity has no
 * `aws:RequestTag`): a key IAM leaves out of an action's context would fail its condition.
 */
export function tenantTrustPolicy({ tenantId, platform }: TenantTrustPolicyArgs): PolicyDocument {
  const workload = { AWS: workloadRoleArn(platform) };
  const tenantTagOnly = {
    StringEquals: { [`aws:RequestTag/${TENANT_TAG_KEY}`]: tenantId },
    "ForAllValues:StringEquals": { "aws:TagKeys": [TENANT_TAG_KEY] },
  };
  const sourceIdentitySet = { Null: { "sts:SourceIdentity": "false" } };
  return policyDocument([
    {
      Sid: "WorkloadAssumesWithTenantTag",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:AssumeRole",
      Condition: { ...tenantTagOnly, ...sourceIdentitySet },
    },
    {
      Sid: "WorkloadTagsSessionWithTenantId",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:TagSession",
      Condition: tenantTagOnly,
    },
    {
      Sid: "WorkloadNamesTheUser",
      Effect: "Allow",
      Principal: workload,
      Action: "sts:SetSourceIdentity",
      Condition: sourceIdentitySet,
    },
  ]);
}
