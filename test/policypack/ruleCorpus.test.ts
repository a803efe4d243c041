import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import { allow, BUCKET, Case, daysFromNow, MODELS, PROFILES, runCases, TABLE } from "./corpus";
import {
  addChild,
  addStatement,
  findResource,
  withDocument,
  withInputs,
  withoutResource,
  withStatement,
} from "./stackMutations";
import {
  BASELINE_TENANTS,
  MODEL,
  PLATFORM,
  tenantResources,
  tenantStack,
} from "./tenantStackFixture";

// One-field mutations of the baseline stack, each with the exact set of rule ids it must produce.

const baseline = tenantStack(BASELINE_TENANTS);
const INDEXED_PLATFORM = { ...PLATFORM, indexNames: ["byOwner", "byStatus"] };
const US_EAST_2 = {
  ...PLATFORM,
  region: "us-east-2",
  bucketName: `dev-data-${PLATFORM.accountId}-us-east-2`,
};
const crossRegion = tenantStack(
  [
    { id: "acme", status: "active", models: [`us.${MODEL}`] },
    { id: "globex", status: "active", models: [MODEL] },
  ],
  US_EAST_2,
);
const acmeRoleUrn = findResource(baseline, "acme-role").urn;
const acmePolicyUrn = findResource(baseline, "acme-data-access").urn;

const leadingKeys = (condition: Record<string, unknown>) =>
  withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({ ...s, Condition: condition }));
const objects = (resource: unknown) =>
  withStatement(baseline, "acme", "OwnObjectsOnly", (s) => ({ ...s, Resource: resource }));
const listCondition = (condition: unknown) =>
  withStatement(baseline, "acme", "ListOwnPrefixOnly", (s) => ({ ...s, Condition: condition }));
const trust = (edit: (s: Record<string, any>) => Record<string, any>) =>
  withDocument(baseline, "acme-role", "assumeRolePolicy", (doc) => ({
    ...doc,
    Statement: doc.Statement.map(edit),
  }));
const actionsOf = (s: Record<string, any>): string[] => [s.Action].flat();
const withoutRequestTag = (s: Record<string, any>) => {
  const { "aws:RequestTag/tenantId": _pin, ...rest } = s.Condition?.StringEquals ?? {};
  return { ...s, Condition: { ...s.Condition, StringEquals: rest } };
};
const withRequestTag = (condition: Record<string, unknown>) => (s: Record<string, any>) =>
  actionsOf(s).some((action) => action === "sts:AssumeRole" || action === "sts:TagSession")
    ? { ...withoutRequestTag(s), Condition: { ...withoutRequestTag(s).Condition, ...condition } }
    : s;
const withoutTagSession = withDocument(baseline, "acme-role", "assumeRolePolicy", (doc) => ({
  ...doc,
  Statement: doc.Statement.map((s) => ({
    ...s,
    Action: actionsOf(s).filter((action) => action !== "sts:TagSession"),
  })).filter((s) => s.Action.length > 0),
}));
const scanOnTable = addStatement(baseline, "acme", allow("dynamodb:Scan", TABLE));
const ownKeys = {
  Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } },
};
const ownProfiles = { Condition: { StringEquals: { "aws:ResourceTag/tenantId": "acme" } } };
const modelsThrough = (Condition: unknown) =>
  withStatement(baseline, "acme", "ModelsOnlyThroughProfiles", (s) => ({ ...s, Condition }));

const cases: Case[] = [
  { name: "baseline (active, model-less and suspended tenants)", resources: baseline, rules: [] },
  { name: "baseline without any pack settings", resources: baseline, rules: [], settings: {} },
  // DynamoDB
  {
    name: "LeadingKeys condition dropped (Null kept)",
    resources: leadingKeys({ Null: { "dynamodb:LeadingKeys": "false" } }),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "Condition dropped",
    resources: withStatement(baseline, "acme", "OwnItemsOnly", ({ Condition: _c, ...s }) => s),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "ForAnyValue on LeadingKeys",
    resources: leadingKeys({ "ForAnyValue:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "plain StringLike on LeadingKeys",
    resources: leadingKeys({ StringLike: { "dynamodb:LeadingKeys": "acme#*" } }),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "IfExists on LeadingKeys",
    resources: leadingKeys({
      "ForAllValues:StringLikeIfExists": { "dynamodb:LeadingKeys": ["acme#*"] },
    }),
    rules: [],
  },
  {
    name: "LeadingKeys without # delimiter",
    resources: leadingKeys({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme*"] } }),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "LeadingKeys of another tenant",
    resources: leadingKeys({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["globex#*"] } }),
    rules: ["TI-LEAK-001", "TI-STACK-001"],
  },
  {
    name: "LeadingKeys of a longer id sharing the start",
    resources: leadingKeys({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme-eu#*"] },
    }),
    rules: ["TI-LEAK-001", "TI-STACK-001"],
  },
  {
    name: "LeadingKeys wildcard",
    resources: leadingKeys({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": "*" } }),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "LeadingKeys empty list",
    resources: leadingKeys({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [] } }),
    rules: [],
  },
  {
    name: "LeadingKeys exact own key",
    resources: leadingKeys({
      "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["acme#settings"] },
    }),
    rules: [],
  },
  {
    name: "LeadingKeys by principal tag (ABAC)",
    resources: leadingKeys({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenantId}#*"] },
    }),
    rules: [],
  },
  {
    name: "principal tag under Version 2008-10-17 is literal text",
    resources: withDocument(
      leadingKeys({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenantId}#*"] },
      }),
      "acme-data-access",
      "policy",
      (doc) => ({ ...doc, Version: "2008-10-17" }),
    ),
    rules: ["TI-CONTRACT-002"],
  },
  { name: "Scan added", resources: scanOnTable, rules: ["TI-LEAK-001"] },
  {
    name: "PartiQL added to the item statement",
    resources: withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({
      ...s,
      Action: [...s.Action, "dynamodb:PartiQLSelect"],
    })),
    rules: [],
  },
  {
    name: "dynamodb:* on the item statement",
    resources: withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({
      ...s,
      Action: "dynamodb:*",
    })),
    rules: [],
  },
  {
    name: "dynamodb:Get* reaches streams",
    resources: withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({
      ...s,
      Action: "dynamodb:Get*",
    })),
    rules: [],
  },
  {
    name: "upper-case SCAN",
    resources: addStatement(baseline, "acme", allow("DYNAMODB:SCAN", TABLE)),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "export on the table",
    resources: addStatement(baseline, "acme", allow("dynamodb:ExportTableToPointInTime", TABLE)),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "Scan on an index",
    resources: addStatement(baseline, "acme", allow("dynamodb:Scan", `${TABLE}/index/*`)),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "baseline with declared secondary indexes, each granted by name",
    resources: tenantStack(BASELINE_TENANTS, INDEXED_PLATFORM),
    rules: [],
  },
  {
    // Only a probe on the index's own name reaches this grant: a sample index name does not.
    name: "Query on a named index without the LeadingKeys condition",
    resources: addStatement(
      tenantStack(BASELINE_TENANTS, INDEXED_PLATFORM),
      "acme",
      allow("dynamodb:Query", `${TABLE}/index/byOwner`),
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "Scan on a named index",
    resources: addStatement(
      tenantStack(BASELINE_TENANTS, INDEXED_PLATFORM),
      "acme",
      allow("dynamodb:Scan", `${TABLE}/index/byStatus`),
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "GetItem on Resource * without LeadingKeys",
    resources: addStatement(baseline, "acme", allow("dynamodb:GetItem", "*")),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "GetItem on another table is not the shared table",
    resources: addStatement(baseline, "acme", allow("dynamodb:GetItem", `${TABLE}-archive`)),
    rules: [],
  },
  {
    name: "single Statement object and string Action",
    resources: withDocument(baseline, "acme-data-access", "policy", (doc) => ({
      ...doc,
      Statement: { ...doc.Statement[1], Action: "s3:GetObject" },
    })),
    rules: [],
  },
  {
    name: "document as an object instead of JSON",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({
      ...inputs,
      policy: JSON.parse(inputs.policy),
    })),
    rules: [],
  },
  // DynamoDB: an allow-list of the eight item actions
  {
    name: "EnableKinesisStreamingDestination on the table",
    resources: addStatement(
      baseline,
      "acme",
      allow("dynamodb:EnableKinesisStreamingDestination", TABLE),
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "backup job, TTL and replica actions on the table",
    resources: addStatement(
      baseline,
      "acme",
      allow(
        ["dynamodb:StartAwsBackupJob", "dynamodb:UpdateTimeToLive", "dynamodb:CreateTableReplica"],
        TABLE,
      ),
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "DescribeTable is not an item action either",
    resources: addStatement(baseline, "acme", allow("dynamodb:DescribeTable", TABLE)),
    rules: [],
  },
  {
    name: "GetRecords on the table's stream",
    resources: addStatement(baseline, "acme", allow("dynamodb:GetRecords", `${TABLE}/stream/*`)),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "dynamodb:*Item wildcard with own keys",
    resources: addStatement(baseline, "acme", allow("dynamodb:*Item", TABLE, ownKeys)),
    rules: [],
  },
  {
    name: "*Item wildcard without a service prefix",
    resources: addStatement(baseline, "acme", allow("*Item", TABLE, ownKeys)),
    rules: [],
  },
  {
    name: "item actions named exactly, in upper case",
    resources: addStatement(
      baseline,
      "acme",
      allow(["DYNAMODB:GETITEM", "dynamodb:query"], TABLE, ownKeys),
    ),
    rules: [],
  },
  // S3
  {
    name: "GetObjectVersionForReplication on the whole bucket",
    resources: addStatement(
      baseline,
      "acme",
      allow("s3:GetObjectVersionForReplication", `${BUCKET}/*`),
    ),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "PutObjectRetention and BypassGovernanceRetention on the whole bucket",
    resources: addStatement(
      baseline,
      "acme",
      allow(["s3:PutObjectRetention", "s3:BypassGovernanceRetention"], `${BUCKET}/*`),
    ),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "any object action on the tenant's own prefix",
    resources: addStatement(
      baseline,
      "acme",
      allow(["s3:PutObjectRetention", "s3:GetObjectVersionTagging"], `${BUCKET}/tenants/acme/*`),
    ),
    rules: [],
  },
  {
    name: "GetBucketPolicy on the bucket ARN",
    resources: addStatement(baseline, "acme", allow("s3:GetBucketPolicy", BUCKET)),
    rules: [],
  },
  {
    name: "GetObject on the bucket ARN (not a list action)",
    resources: addStatement(baseline, "acme", allow("s3:GetObject", BUCKET)),
    rules: [],
  },
  {
    // ListBucketMultipartUploads and the like cannot carry s3:prefix: the condition fails for them.
    name: "s3:List* wildcard on the bucket ARN with the prefix condition",
    resources: withStatement(baseline, "acme", "ListOwnPrefixOnly", (s) => ({
      ...s,
      Action: "s3:List*",
    })),
    rules: [],
  },
  {
    name: "s3:List* wildcard on the bucket ARN without a condition",
    resources: withStatement(baseline, "acme", "ListOwnPrefixOnly", ({ Condition: _c, ...s }) => ({
      ...s,
      Action: "s3:List*",
    })),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "ListBucketVersions with the prefix condition",
    resources: withStatement(baseline, "acme", "ListOwnPrefixOnly", (s) => ({
      ...s,
      Action: ["s3:ListBucket", "s3:ListBucketVersions"],
    })),
    rules: [],
  },
  {
    name: "objects through an access point",
    resources: addStatement(
      baseline,
      "acme",
      allow(
        ["s3:GetObject", "s3:ListBucket"],
        `arn:aws:s3:${PLATFORM.region}:${PLATFORM.accountId}:accesspoint/*`,
      ),
    ),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "ListBucket on Resource * with the tenant's prefix condition",
    resources: addStatement(
      baseline,
      "acme",
      allow("s3:ListBucket", "*", { Condition: { StringLike: { "s3:prefix": "tenants/acme/*" } } }),
    ),
    rules: [],
  },
  // Bedrock: only InvokeModel and InvokeModelWithResponseStream
  {
    name: "DeleteInferenceProfile on own-tagged profiles",
    resources: addStatement(
      baseline,
      "acme",
      allow(
        ["bedrock:DeleteInferenceProfile", "bedrock:GetInferenceProfile"],
        PROFILES,
        ownProfiles,
      ),
    ),
    rules: ["TI-LEAK-003"],
  },
  {
    name: "DeleteInferenceProfile on every profile",
    resources: addStatement(baseline, "acme", allow("bedrock:DeleteInferenceProfile", PROFILES)),
    rules: ["TI-LEAK-003"],
  },
  {
    name: "StartAsyncInvoke on own-tagged profiles",
    resources: addStatement(
      baseline,
      "acme",
      allow("bedrock:StartAsyncInvoke", PROFILES, ownProfiles),
    ),
    rules: ["TI-CONTRACT-004"],
  },
  {
    name: "bidirectional stream on models through profiles",
    resources: withStatement(baseline, "acme", "ModelsOnlyThroughProfiles", (s) => ({
      ...s,
      Action: [...s.Action, "bedrock:InvokeModelWithBidirectionalStream"],
    })),
    rules: ["TI-CONTRACT-004"],
  },
  {
    name: "bedrock:Invoke* on own-tagged profiles",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Action: "bedrock:Invoke*",
    })),
    rules: [],
  },
  // Bedrock: models only through a profile, with a positive operator
  {
    name: "model pin under ForAllValues:ArnLike",
    resources: modelsThrough({
      "ForAllValues:ArnLike": { "bedrock:InferenceProfileArn": PROFILES },
    }),
    rules: ["TI-CONTRACT-001"],
  },
  {
    name: "model pin under ForAnyValue:StringLike",
    resources: modelsThrough({
      "ForAnyValue:StringLike": { "bedrock:InferenceProfileArn": PROFILES },
    }),
    rules: [],
  },
  {
    name: "model pin under StringLikeIfExists",
    resources: modelsThrough({ StringLikeIfExists: { "bedrock:InferenceProfileArn": PROFILES } }),
    rules: ["TI-CONTRACT-001"],
  },
  {
    name: "model pin negated (StringNotLike a profile that does not exist)",
    resources: modelsThrough({
      StringNotLike: {
        "bedrock:InferenceProfileArn": PROFILES.replace("/*", "/nonexistent"),
      },
    }),
    rules: ["TI-CONTRACT-001"],
  },
  {
    name: "model pin plus a negated entry on the same key",
    resources: modelsThrough({
      StringLike: { "bedrock:InferenceProfileArn": PROFILES },
      ArnNotEquals: { "bedrock:InferenceProfileArn": PROFILES.replace("/*", "/other") },
    }),
    rules: [],
  },
  {
    name: "model pin under ArnLike",
    resources: modelsThrough({ ArnLike: { "bedrock:InferenceProfileArn": PROFILES } }),
    rules: [],
  },
  // Bedrock: a cross-Region profile's system profile and destination Regions
  {
    name: "baseline with a cross-Region profile tenant (us-east-2)",
    resources: crossRegion,
    rules: [],
  },
  {
    name: "cross-Region model statement without the profile pin",
    resources: withStatement(
      crossRegion,
      "acme",
      "ModelsOnlyThroughProfiles",
      ({ Condition: _c, ...s }) => s,
    ),
    rules: ["TI-CONTRACT-001"],
  },
  {
    // Probed on the exact ARNs the document names: the model in another destination Region.
    name: "direct access to the model in a destination Region only",
    resources: addStatement(
      crossRegion,
      "acme",
      allow("bedrock:InvokeModel", `arn:aws:bedrock:us-west-2::foundation-model/${MODEL}`),
    ),
    rules: ["TI-CONTRACT-001"],
  },
  {
    name: "direct model access on every model",
    resources: addStatement(baseline, "acme", allow("bedrock:InvokeModel", MODELS)),
    rules: ["TI-CONTRACT-001"],
  },
  // S3
  {
    name: "object prefix widened to tenants/*",
    resources: objects(`${BUCKET}/tenants/*`),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "object prefix widened to the whole bucket",
    resources: objects(`${BUCKET}/*`),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "object prefix without trailing /",
    resources: objects(`${BUCKET}/tenants/acme*`),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "wildcard bucket",
    resources: objects("arn:aws:s3:::*/tenants/acme/*"),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "? in the tenant segment",
    resources: objects(`${BUCKET}/tenants/?cme/*`),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "another tenant's prefix",
    resources: objects(`${BUCKET}/tenants/globex/*`),
    rules: ["TI-LEAK-002", "TI-STACK-001"],
  },
  {
    name: "lower-case action on the whole bucket",
    resources: addStatement(baseline, "acme", allow("s3:getobject", `${BUCKET}/*`)),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "ListBucket without condition",
    resources: listCondition(undefined),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "list prefix without trailing /",
    resources: listCondition({ StringLike: { "s3:prefix": ["tenants/acme*"] } }),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "list prefix of every tenant",
    resources: listCondition({ StringLike: { "s3:prefix": "tenants/*" } }),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "list prefix under ForAnyValue",
    resources: listCondition({ "ForAnyValue:StringLike": { "s3:prefix": ["tenants/acme/*"] } }),
    rules: [],
  },
  {
    name: "PutBucketPolicy",
    resources: addStatement(baseline, "acme", allow("s3:PutBucketPolicy", BUCKET)),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "DeleteBucket",
    resources: addStatement(baseline, "acme", allow("s3:DeleteBucket", BUCKET)),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "s3:* on the tenant prefix",
    resources: withStatement(baseline, "acme", "OwnObjectsOnly", (s) => ({ ...s, Action: "s3:*" })),
    rules: [],
  },
  // Bedrock
  {
    name: "profile tag condition dropped",
    resources: withStatement(
      baseline,
      "acme",
      "OwnInferenceProfilesOnly",
      ({ Condition: _c, ...s }) => s,
    ),
    rules: ["TI-LEAK-003"],
  },
  {
    name: "profile tag of another tenant",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Condition: { StringEquals: { "aws:ResourceTag/tenantId": "globex" } },
    })),
    rules: ["TI-LEAK-003", "TI-STACK-001"],
  },
  {
    name: "profile tag matched by StringLike *",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Condition: { StringLike: { "aws:ResourceTag/tenantId": "*" } },
    })),
    rules: ["TI-LEAK-003"],
  },
  {
    name: "system inference profile",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Resource: `arn:aws:bedrock:${PLATFORM.region}:${PLATFORM.accountId}:inference-profile/eu.anthropic.claude`,
    })),
    rules: [],
  },
  {
    name: "model condition dropped",
    resources: withStatement(
      baseline,
      "acme",
      "ModelsOnlyThroughProfiles",
      ({ Condition: _c, ...s }) => s,
    ),
    rules: ["TI-CONTRACT-001"],
  },
  {
    name: "model condition allows any profile",
    resources: withStatement(baseline, "acme", "ModelsOnlyThroughProfiles", (s) => ({
      ...s,
      Condition: { StringLike: { "bedrock:InferenceProfileArn": "*" } },
    })),
    rules: [],
  },
  {
    name: "invoke on Resource *",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Resource: "*",
    })),
    rules: [],
  },
  {
    name: "invoke on every bedrock ARN",
    resources: withStatement(baseline, "acme", "ModelsOnlyThroughProfiles", (s) => ({
      ...s,
      Resource: "arn:aws:bedrock:*",
    })),
    rules: ["TI-LEAK-003"],
  },
  {
    name: "bedrock:* on own profiles",
    resources: withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Action: "bedrock:*",
    })),
    rules: [],
  },
  // IAM in general
  {
    name: "Allow * on *",
    resources: addStatement(baseline, "acme", allow("*", "*")),
    rules: ["TI-CONTRACT-001", "TI-LEAK-001", "TI-LEAK-002", "TI-LEAK-003", "TI-LEAK-004"],
  },
  {
    name: "NotResource with Allow",
    resources: withStatement(baseline, "acme", "OwnObjectsOnly", ({ Resource, ...s }) => ({
      ...s,
      NotResource: Resource,
    })),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "NotAction with Allow",
    resources: addStatement(baseline, "acme", {
      Sid: "Added",
      Effect: "Allow",
      NotAction: "iam:*",
      Resource: "*",
    }),
    rules: ["TI-CONTRACT-001", "TI-LEAK-001", "TI-LEAK-002", "TI-LEAK-003", "TI-LEAK-004"],
  },
  {
    name: "iam:PassRole on *",
    resources: addStatement(baseline, "acme", allow("iam:PassRole", "*")),
    rules: ["TI-LEAK-004"],
  },
  {
    name: "iam:PassRole pinned to one role and service",
    resources: addStatement(
      baseline,
      "acme",
      allow("iam:PassRole", `arn:aws:iam::${PLATFORM.accountId}:role/app-runner`, {
        Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
      }),
    ),
    rules: [],
  },
  {
    name: "iam:PutRolePolicy",
    resources: addStatement(
      baseline,
      "acme",
      allow("iam:PutRolePolicy", `arn:aws:iam::${PLATFORM.accountId}:role/tenants/dev-tenant-acme`),
    ),
    rules: ["TI-LEAK-004"],
  },
  {
    name: "sts:AssumeRole into another tenant",
    resources: addStatement(
      baseline,
      "acme",
      allow("sts:AssumeRole", `arn:aws:iam::${PLATFORM.accountId}:role/tenants/dev-tenant-globex`),
    ),
    rules: ["TI-LEAK-004", "TI-STACK-001"],
  },
  {
    name: "workload may assume any role",
    resources: withDocument(baseline, "dev-workload-become-tenant", "policy", (doc) => ({
      ...doc,
      Statement: doc.Statement.map((s) => ({ ...s, Resource: "*" })),
    })),
    rules: ["TI-IAM-003"],
  },
  {
    name: "AWS-managed policy in managedPolicyArns",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    })),
    rules: ["TI-IAM-004"],
  },
  {
    name: "allowed managed policy",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      managedPolicyArns: ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"],
    })),
    settings: {
      ...derivePlatformSettings(baseline),
      allowedManagedPolicyArns: ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"],
    },
    rules: [],
  },
  {
    name: "RolePolicyAttachment of an AWS-managed policy to a tenant role",
    resources: addChild(
      baseline,
      "acme",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "acme-s3-read",
      { role: "dev-tenant-acme", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
    ),
    rules: ["TI-IAM-004"],
  },
  {
    name: "Scan in the tenant role's inlinePolicies",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      inlinePolicies: [
        {
          name: "extra",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [allow("dynamodb:Scan", TABLE)],
          }),
        },
      ],
    })),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "managed Policy in the Tenant with a widened prefix",
    resources: addChild(baseline, "acme", "aws:iam/policy:Policy", "acme-extra", {
      policy: { Version: "2012-10-17", Statement: [allow("s3:GetObject", `${BUCKET}/tenants/*`)] },
    }),
    rules: ["TI-LEAK-002"],
  },
  {
    name: "empty document",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({ ...inputs, policy: "" })),
    rules: ["TI-IAM-005"],
  },
  {
    name: "document that is not JSON",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({
      ...inputs,
      policy: "{not json",
    })),
    rules: ["TI-IAM-005"],
  },
  {
    name: "document with no statements",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({
      ...inputs,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    })),
    rules: [],
  },
  // Unknown values
  {
    name: "unknown tenant policy",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({
      ...inputs,
      policy: UNKNOWN_SENTINEL,
    })),
    rules: ["TI-UNK-001"],
  },
  {
    name: "tenant policy with one unknown ARN",
    resources: withInputs(baseline, "acme-data-access", (inputs) => ({
      ...inputs,
      policy: { Version: "2012-10-17", Statement: [allow("s3:GetObject", UNKNOWN_SENTINEL)] },
    })),
    rules: ["TI-UNK-001"],
  },
  {
    name: "unknown trust policy",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      assumeRolePolicy: UNKNOWN_SENTINEL,
    })),
    rules: ["TI-UNK-001"],
  },
  {
    name: "unknown app-client write attributes",
    resources: withInputs(baseline, "dev-app", (inputs) => ({
      ...inputs,
      writeAttributes: UNKNOWN_SENTINEL,
    })),
    rules: ["TI-UNK-001"],
  },
  {
    name: "app-client write attributes with one unknown element",
    resources: withInputs(baseline, "dev-app", (inputs) => ({
      ...inputs,
      writeAttributes: ["email", UNKNOWN_SENTINEL],
    })),
    rules: ["TI-UNK-001"],
  },
  // Trust
  {
    name: 'tenant trust Principal "*"',
    resources: trust((s) => ({ ...s, Principal: "*" })),
    rules: ["TI-TRUST-001", "TI-TRUST-002"],
  },
  {
    name: "tenant trust of an account root",
    resources: trust((s) => ({
      ...s,
      Principal: { AWS: `arn:aws:iam::${PLATFORM.accountId}:root` },
    })),
    rules: ["TI-TRUST-001", "TI-TRUST-002"],
  },
  {
    name: "tenant trust of another role",
    resources: trust((s) => ({
      ...s,
      Principal: { AWS: `arn:aws:iam::${PLATFORM.accountId}:role/ops` },
    })),
    rules: ["TI-TRUST-002"],
  },
  {
    name: "tenant trust without TagSession",
    resources: withoutTagSession,
    rules: ["TI-TRUST-003"],
  },
  {
    name: "tenant trust without the tag pin",
    resources: trust(withoutRequestTag),
    rules: ["TI-TRUST-004"],
  },
  {
    name: "tenant trust pinned to another tenant",
    resources: trust(withRequestTag({ StringEquals: { "aws:RequestTag/tenantId": "globex" } })),
    rules: ["TI-TRUST-004", "TI-STACK-001"],
  },
  {
    name: "tenant trust tag matched by StringLike",
    resources: trust(withRequestTag({ StringLike: { "aws:RequestTag/tenantId": "*" } })),
    rules: ["TI-TRUST-004"],
  },
  {
    name: "workload trust open to everyone",
    resources: withDocument(baseline, "dev-workload", "assumeRolePolicy", (doc) => ({
      ...doc,
      Statement: doc.Statement.map((s) => ({ ...s, Principal: { AWS: "*" } })),
    })),
    rules: ["TI-TRUST-001", "TI-TRUST-005"],
  },
  {
    name: "bucket policy allowing everyone to read",
    resources: withDocument(baseline, "dev-data-tls-only", "policy", (doc) => ({
      ...doc,
      Statement: [
        ...doc.Statement,
        {
          Sid: "Open",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: `${BUCKET}/*`,
        },
      ],
    })),
    rules: ["TI-SCOPE-001", "TI-TRUST-001"],
  },
  // Cognito
  {
    name: "app client writes custom:tenantId",
    resources: withInputs(baseline, "dev-app", (inputs) => ({
      ...inputs,
      writeAttributes: ["email", "custom:tenantId"],
    })),
    rules: ["TI-COG-001"],
  },
  {
    name: "app client without writeAttributes",
    resources: withInputs(baseline, "dev-app", ({ writeAttributes: _w, ...inputs }) => inputs),
    rules: ["TI-COG-001"],
  },
  // Scope
  {
    name: "workload role reads the table",
    resources: withDocument(baseline, "dev-workload-become-tenant", "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, allow("dynamodb:GetItem", TABLE)],
    })),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "workload role invokes tenant profiles",
    resources: withDocument(baseline, "dev-workload-become-tenant", "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, allow("bedrock:InvokeModel", PROFILES)],
    })),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "workload role gets AmazonDynamoDBFullAccess",
    resources: addChild(
      baseline,
      "dev",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "dev-workload-managed",
      { role: "dev-workload", policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" },
    ),
    rules: ["TI-IAM-006"],
  },
  {
    name: "stray role with bucket access",
    resources: addChild(baseline, "dev", "aws:iam/role:Role", "dev-reports", {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
      inlinePolicies: [
        {
          name: "read",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [allow("s3:GetObject", `${BUCKET}/*`)],
          }),
        },
      ],
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "tenant role tagged for another tenant",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      tags: { tenantId: "globex" },
    })),
    rules: ["TI-SCOPE-002"],
  },
  {
    name: "tenant role without its tag",
    resources: withInputs(baseline, "acme-role", ({ tags: _t, ...inputs }) => inputs),
    rules: ["TI-SCOPE-002"],
  },
  // Stack
  {
    name: "tenant without its group",
    resources: withoutResource(baseline, "acme-group"),
    rules: ["TI-STACK-002"],
  },
  {
    name: "tenant without its role policy",
    resources: withoutResource(baseline, "acme-data-access"),
    rules: ["TI-STACK-002"],
  },
  {
    name: "tenant id that breaks the id rule",
    resources: [...baseline, ...tenantResources({ id: "ini_tech", status: "active", models: [] })],
    rules: ["TI-STACK-003"],
  },
  // Exemptions
  {
    name: "active exemption",
    resources: scanOnTable,
    settings: {
      ...derivePlatformSettings(baseline),
      exemptions: [
        {
          urn: acmePolicyUrn,
          rule: "TI-LEAK-001",
          reason: "migration backfill",
          expires: daysFromNow(30),
        },
      ],
    },
    rules: [],
  },
  {
    name: "exemption for another rule does not apply",
    resources: scanOnTable,
    settings: {
      ...derivePlatformSettings(baseline),
      exemptions: [
        { urn: acmePolicyUrn, rule: "TI-LEAK-002", reason: "wrong rule", expires: daysFromNow(30) },
      ],
    },
    rules: ["TI-LEAK-001"],
  },
  {
    name: "expired exemption",
    resources: scanOnTable,
    settings: {
      ...derivePlatformSettings(baseline),
      exemptions: [
        {
          urn: acmePolicyUrn,
          rule: "TI-LEAK-001",
          reason: "migration backfill",
          expires: "2020-01-01",
        },
      ],
    },
    rules: ["TI-LEAK-001"],
  },
];

describe("policy pack rule corpus", () => {
  it("holds at least 60 cases", () => {
    expect(cases.length).to.be.at.least(60);
  });

  runCases(cases);

  describe("messages", () => {
    it("name rule, resource, statement, value, reason and fix", async () => {
      const violations = await analyzeInProcess(
        leadingKeys({ "ForAnyValue:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }),
        derivePlatformSettings(baseline),
      );
      expect(violations).to.deep.equal([
        {
          policy: "tenant-data-leaks",
          level: "mandatory",
          urn: acmePolicyUrn,
          message:
            "Checks whether a tenant role's policies, evaluated together as IAM does, allow any representative request of the tenant's session on another tenant's items, objects or inference profiles, table- or bucket-wide, or into other roles and IAM.\n" +
            `[TI-LEAK-001] aws:iam/rolePolicy:RolePolicy "acme-data-access", policy statement 0 (Sid OwnItemsOnly): allows dynamodb:BatchGetItem on ${TABLE} (and 3 more representative requests). ` +
            `Request: dynamodb:BatchGetItem on ${TABLE} with {"aws:PrincipalTag/tenantId":["acme"],"dynamodb:LeadingKeys":["acme#r1","zz-other#r1"]} (a batch that mixes "acme"'s keys with another tenant's). ` +
            "This breaks tenant isolation: dynamodb:LeadingKeys is the only thing that ties a table request to a tenant, so every key of every request must start with the tenant's <id># (ForAllValues) and keys must be present (ForAllValues also holds when they are absent). " +
            'Fix: pin the keys with "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["acme#*"]} plus "Null": {"dynamodb:LeadingKeys": "false"}, and grant no action that works without keys (Scan, PartiQL without a key, streams, exports) on the shared table.',
        },
      ]);
    });

    it("say when an exemption has expired", async () => {
      const settings = {
        ...derivePlatformSettings(baseline),
        exemptions: [
          {
            urn: acmePolicyUrn,
            rule: "TI-LEAK-001",
            reason: "migration backfill",
            expires: "2020-01-01",
          },
        ],
      };
      const [violation] = await analyzeInProcess(scanOnTable, settings);
      expect(violation?.message).to.match(
        /\n\[TI-LEAK-001\] .*statement 5 \(Sid Added\): allows dynamodb:Scan on arn:aws:dynamodb:eu-west-1:123456789012:table\/dev-tenant-data\. /,
      );
      expect(violation?.message).to.match(
        /\(Exemption expired on 2020-01-01: migration backfill\.\)$/,
      );
    });

    it("point at the trust policy of the tenant role", async () => {
      const violations = await analyzeInProcess(
        withoutTagSession,
        derivePlatformSettings(baseline),
      );
      expect(violations.map((v) => [v.urn, ruleIdOf(v)])).to.deep.equal([
        [acmeRoleUrn, "TI-TRUST-003"],
      ]);
      expect(violations[0]?.message).to.contain(
        '"acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Action ["sts:AssumeRole"',
      );
      expect(violations[0]?.message).to.contain("and no statement allows sts:TagSession.");
    });
  });
});
