import {
  POOLED_ROLE_SEGMENT,
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  tenantRoleName,
} from "@tenancy/runtime/naming";
import { PlatformLocation, roleArn } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

/** Every tenant role of this stack: the path plus the prefixed name family. */
export function tenantRolesArn(platform: PlatformLocation): string {
  return roleArn(platform, TENANT_ROLE_PATH, tenantRoleName(platform.namePrefix, "*"));
}

/** Every pooled shard role of this stack, `<prefix>-pooled-<shard>` on the tenant path. */
export function pooledRolesArn(platform: PlatformLocation): string {
  return roleArn(platform, TENANT_ROLE_PATH, `${platform.namePrefix}-${POOLED_ROLE_SEGMENT}-*`);
}

export interface WorkloadRolePolicyOptions {
  /** Whether the stack has pooled tenants, so the workload role may also become a shard role. */
  readonly pooled?: boolean;
}

/**
 * Log groups of this stack's functions, `/aws/lambda/<prefix>-*`. Not `*` as in
 * AWSLambdaBasicExecutionRole: a Lambda could then write into the Bedrock invocation log
 * group and forge per-tenant usage records.
 */
export function workloadLogGroupsArn(platform: PlatformLocation): string {
  return `arn:${platform.partition}:logs:${platform.region}:${platform.accountId}:log-group:/aws/lambda/${platform.namePrefix}-*`;
}

/**
 * The Lambda role holds no data access: it can only become a tenant, with a tenant tag, naming
 * the end user, and write its own functions' logs. SetSourceIdentity gets its own statement
 * because IAM's action data lists no `aws:RequestTag` for it (see tenantTrustPolicy.ts).
 */
export function workloadRolePolicy(
  platform: PlatformLocation,
  { pooled = false }: WorkloadRolePolicyOptions = {},
): PolicyDocument {
  // A single ARN while every tenant is dedicated, so such a stack's policy is unchanged.
  const roles = pooled
    ? [tenantRolesArn(platform), pooledRolesArn(platform)]
    : tenantRolesArn(platform);
  return policyDocument([
    {
      Sid: "BecomeTenantOnly",
      Effect: "Allow",
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Resource: roles,
      Condition: { StringLike: { [`aws:RequestTag/${TENANT_TAG_KEY}`]: "?*" } },
    },
    {
      Sid: "NameTheUser",
      Effect: "Allow",
      Action: "sts:SetSourceIdentity",
      Resource: roles,
      Condition: { Null: { "sts:SourceIdentity": "false" } },
    },
    {
      Sid: "OwnFunctionLogsOnly",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      // The trailing "*" also covers the groups' streams (`...:log-stream:<name>`).
      Resource: workloadLogGroupsArn(platform),
    },
  ]);
}

export function lambdaTrustPolicy(): PolicyDocument {
  return policyDocument([
    {
      Sid: "LambdaRunsAsWorkload",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ]);
}
