import { TENANT_TAG_KEY, tenantKeyPrefix, tenantS3Prefix } from "@tenancy/runtime/naming";
import {
  applicationInferenceProfilesArn,
  bucketArn,
  PlatformLocation,
  tableArn,
  tableIndexArn,
} from "./arns";
import { modelResourceArns } from "./modelArns";
import { policyDocument, PolicyDocument, PolicyStatement } from "./policyDocument";

/**
 * Resource tag naming the stack (its physical name prefix) that owns an inference profile:
 * the tenantId tag alone would admit another stack's profiles of a tenant with the same id.
 */
export const STACK_TAG_KEY = "tenancyStack";

export interface TenantRolePolicyArgs {
  readonly tenantId: string;
  readonly status: "active" | "suspended";
  /**
   * Foundation model ids, or cross-Region (system) inference profile ids, the tenant may call,
   * each through its own application inference profile.
   */
  readonly models: readonly string[];
  readonly platform: PlatformLocation;
}

/**
 * Item-level actions only. Scan, PartiQL and other keyless operations are absent on purpose:
 * they carry no `dynamodb:LeadingKeys`, and `ForAllValues` is true when the key is absent.
 * Transactions are authorised per item through these same actions.
 */
export const TENANT_DYNAMODB_ACTIONS: readonly string[] = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

export const TENANT_S3_OBJECT_ACTIONS: readonly string[] = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
];

export const TENANT_BEDROCK_ACTIONS: readonly string[] = [
  "bedrock:InvokeModel",
  "bedrock:InvokeModelWithResponseStream",
];

/** The inline policy of `tenant-<id>`: exactly the isolation contract of DESIGN.md. */
export function tenantRolePolicy({
  tenantId,
  status,
  models,
  platform,
}: TenantRolePolicyArgs): PolicyDocument {
  const statements = tenantScopedStatements(tenantId, models, platform);
  if (status === "suspended") {
    // The allows stay so reactivation is a one-statement change; the deny overrides them all.
    statements.push({ Sid: "TenantSuspended", Effect: "Deny", Action: "*", Resource: "*" });
  }
  return policyDocument(statements);
}

/**
 * The grants of one tenant, scoped by `tenantScope`: the literal id for a dedicated role, or
 * `${aws:PrincipalTag/tenantId}` for a pooled role, so both tiers grant exactly the same shape.
 */
export function tenantScopedStatements(
  tenantScope: string,
  models: readonly string[],
  platform: PlatformLocation,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "OwnItemsOnly",
      Effect: "Allow",
      Action: TENANT_DYNAMODB_ACTIONS,
      // The declared indexes by name: an index added outside the program, whose partition key the
      // runtime does not scope, stays out of reach. IAM checks LeadingKeys against the index's
      // own partition key on an index query.
      Resource: [
        tableArn(platform),
        ...(platform.indexNames ?? []).map((index) => tableIndexArn(platform, index)),
      ],
      Condition: {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${tenantKeyPrefix(tenantScope)}*`] },
        // Belt and braces: a request without leading keys never matches this statement.
        Null: { "dynamodb:LeadingKeys": "false" },
      },
    },
    {
      Sid: "OwnObjectsOnly",
      Effect: "Allow",
      Action: TENANT_S3_OBJECT_ACTIONS,
      Resource: `${bucketArn(platform)}/${tenantS3Prefix(tenantScope)}*`,
    },
    {
      Sid: "ListOwnPrefixOnly",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucketArn(platform),
      Condition: { StringLike: { "s3:prefix": [`${tenantS3Prefix(tenantScope)}*`] } },
    },
  ];
  if (models.length > 0) {
    statements.push(
      {
        Sid: "OwnInferenceProfilesOnly",
        Effect: "Allow",
        Action: TENANT_BEDROCK_ACTIONS,
        Resource: applicationInferenceProfilesArn(platform),
        Condition: {
          StringEquals: {
            [`aws:ResourceTag/${TENANT_TAG_KEY}`]: tenantScope,
            [`aws:ResourceTag/${STACK_TAG_KEY}`]: platform.namePrefix,
          },
        },
      },
      {
        Sid: "ModelsOnlyThroughProfiles",
        Effect: "Allow",
        Action: TENANT_BEDROCK_ACTIONS,
        // A cross-Region profile adds its system profile and the model in every Region it routes
        // to; the condition still admits them only through an application profile.
        Resource: [...new Set(models.flatMap((model) => modelResourceArns(platform, model)))],
        Condition: {
          // An ARN-typed key: ArnLike compares it field by field.
          ArnLike: { "bedrock:InferenceProfileArn": applicationInferenceProfilesArn(platform) },
        },
      },
    );
  }
  return statements;
}
