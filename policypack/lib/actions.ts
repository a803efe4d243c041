import { globMatches, hasWildcard } from "./glob";

// Curated catalogs for the shape rules on platform IAM (TI-IAM-001, TI-IAM-003) and the workload
// role family: the writes (a wildcard reaching one is broad) and the permission changes. Tenant
// roles are judged by evaluation against AWS's reference (lib/evaluation/).

/** Carry `dynamodb:LeadingKeys`, so a LeadingKeys condition can pin them to one tenant. */
const DYNAMODB_ITEM_WRITES = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

/** Carry no leading key, or act on the whole table. */
const DYNAMODB_KEYLESS_WRITES = [
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:ImportTable",
  "dynamodb:RestoreTableFromBackup",
  "dynamodb:RestoreTableToPointInTime",
  "dynamodb:CreateBackup",
  "dynamodb:UpdateTable",
  "dynamodb:DeleteTable",
  "dynamodb:PutResourcePolicy",
  "dynamodb:DeleteResourcePolicy",
];

const S3_OBJECT_WRITES = [
  "s3:PutObject",
  "s3:PutObjectTagging",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectTagging",
  "s3:AbortMultipartUpload",
  "s3:RestoreObject",
];

/** Change who can reach the bucket, or remove it. */
const S3_BUCKET_CONTROL_ACTIONS = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutObjectAcl",
  "s3:PutObjectVersionAcl",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutReplicationConfiguration",
  "s3:PutBucketCORS",
  "s3:PutBucketWebsite",
  "s3:DeleteBucket",
  "s3:CreateAccessPoint",
];

/** Grant or take permissions: whoever holds them can become anyone. */
export const PERMISSION_MANAGEMENT_ACTIONS = [
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutUserPolicy",
  "iam:AttachUserPolicy",
  "iam:PutGroupPolicy",
  "iam:AttachGroupPolicy",
  "iam:CreateRole",
  "iam:UpdateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:CreateUser",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AddUserToGroup",
  "cognito-idp:AdminUpdateUserAttributes",
  "cognito-idp:AdminAddUserToGroup",
  "cognito-idp:UpdateUserPoolClient",
  "bedrock:TagResource",
  "bedrock:UntagResource",
];

export const PASS_ROLE_ACTION = "iam:PassRole";
export const ASSUME_ROLE_ACTIONS = [
  "sts:AssumeRole",
  "sts:AssumeRoleWithWebIdentity",
  "sts:AssumeRoleWithSAML",
];

/** Write actions a wildcard must not reach (beyond the ones above). */
const OTHER_WRITE_ACTIONS = [
  "kms:Decrypt",
  "kms:CreateGrant",
  "kms:PutKeyPolicy",
  "lambda:UpdateFunctionCode",
  "lambda:CreateFunction",
  "lambda:AddPermission",
  "logs:DeleteLogGroup",
  "logs:PutResourcePolicy",
  "ec2:RunInstances",
  "secretsmanager:GetSecretValue",
  "sts:TagSession",
  "sts:SetSourceIdentity",
];

const WRITE_CATALOG = [
  ...DYNAMODB_ITEM_WRITES,
  ...DYNAMODB_KEYLESS_WRITES,
  ...S3_OBJECT_WRITES,
  ...S3_BUCKET_CONTROL_ACTIONS,
  ...PERMISSION_MANAGEMENT_ACTIONS,
  PASS_ROLE_ACTION,
  ...ASSUME_ROLE_ACTIONS,
  ...OTHER_WRITE_ACTIONS,
];

/** The catalog entries an action pattern grants; IAM compares action names case-insensitively. */
export function grantedFrom(patterns: readonly string[], catalog: readonly string[]): string[] {
  return catalog.filter((action) => patterns.some((pattern) => globMatches(pattern, action, true)));
}

export function grants(patterns: readonly string[], catalog: readonly string[]): boolean {
  return catalog.some((action) => patterns.some((pattern) => globMatches(pattern, action, true)));
}

/** `*`, `svc:*`, or a wildcard that expands to a write or permission-management action. */
export function broadWildcardActions(patterns: readonly string[]): string[] {
  return patterns.filter(
    (pattern) =>
      hasWildcard(pattern) &&
      (pattern === "*" || /^[^:]+:\*$/.test(pattern) || grants([pattern], WRITE_CATALOG)),
  );
}

/**
 * The patterns that can name some action of a service (dynamodb, s3, bedrock): `svc:Name` in any
 * case, or a wildcard that can expand to one (`*`, `dyn*`, `*Item`, `?3:*`).
 */
export function serviceActions(patterns: readonly string[], service: string): string[] {
  return patterns.filter((pattern) => canStartWith(pattern, `${service}:`));
}

/** Whether some string matching the IAM wildcard `pattern` starts with `prefix` (case-insensitive). */
function canStartWith(pattern: string, prefix: string): boolean {
  const text = pattern.toLowerCase();
  const wanted = prefix.toLowerCase();
  for (let i = 0; i < wanted.length; i += 1) {
    const ch = text[i];
    if (ch === undefined) return false;
    if (ch === "*") return true;
    if (ch !== "?" && ch !== wanted[i]) return false;
  }
  return true;
}
