import { TENANT_ROLE_PATH, TENANT_TAG_KEY, tenantRoleName } from "@tenancy/runtime/naming";
import { PlatformLocation, roleArn } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";
import { TENANT_TRUST_ACTIONS } from "./tenantTrustPolicy";

/** Every tenant role of this stack: the path plus the prefixed name family. */
export function tenantRolesArn(platform: PlatformLocation): string {
  return roleArn(platform, TENANT_ROLE_PATH, tenantRoleName(platform.namePrefix, "*"));
}

/** The Lambda role holds no data access: it can only become a tenant, with a tenant tag. */
export function workloadRolePolicy(platform: PlatformLocation): PolicyDocument {
  return policyDocument([
    {
      Sid: "BecomeTenantOnly",
      Effect: "Allow",
      Action: TENANT_TRUST_ACTIONS,
      Resource: tenantRolesArn(platform),
      Condition: { StringLike: { [`aws:RequestTag/${TENANT_TAG_KEY}`]: "?*" } },
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
