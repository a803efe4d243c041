import { sessionArnOf } from "../../../proofs/sessionArn";
import { PLATFORM } from "../tenantStackFixture";

// The requests a session of tenant acme's role can make, as the IAM simulator takes them. Attacks
// reach another tenant, the whole table or bucket, another stack's profile or another role; own
// requests are what a working tenant policy must allow.

const { region, accountId } = PLATFORM;
export const TABLE = `arn:aws:dynamodb:${region}:${accountId}:table/${PLATFORM.tableName}`;
export const INDEXES = `${TABLE}/index/*`;
export const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;
export const PROFILES = `arn:aws:bedrock:${region}:${accountId}:application-inference-profile/*`;
export const OWN_PROFILE = `arn:aws:bedrock:${region}:${accountId}:application-inference-profile/acme0001`;
export const MODEL = `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`;
export const roleOf = (id: string) => `arn:aws:iam::${accountId}:role/tenants/dev-tenant-${id}`;

export interface LabelRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

const session = { "aws:PrincipalTag/tenantId": "acme" };
const keys = (action: string, leadingKeys: readonly string[] | undefined, resource = TABLE) => ({
  action,
  resource,
  context:
    leadingKeys === undefined ? session : { ...session, "dynamodb:LeadingKeys": leadingKeys },
});
const object = (action: string, key: string) => ({
  action,
  resource: `${BUCKET}/${key}`,
  context: session,
});
const listing = (prefix: string | undefined) => ({
  action: "s3:ListBucket",
  resource: BUCKET,
  context: prefix === undefined ? session : { ...session, "s3:prefix": prefix },
});
const profile = (id: string, tags: Record<string, string>, action = "bedrock:InvokeModel") => ({
  action,
  resource: `arn:aws:bedrock:${region}:${accountId}:application-inference-profile/${id}`,
  context: {
    ...session,
    ...Object.fromEntries(
      Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]),
    ),
  },
});

export const ATTACKS = {
  "ddb.get.foreign": keys("dynamodb:GetItem", ["globex#r1"]),
  "ddb.put.foreign": keys("dynamodb:PutItem", ["globex#r1"]),
  "ddb.delete.foreign": keys("dynamodb:DeleteItem", ["globex#r1"]),
  "ddb.query.foreign": keys("dynamodb:Query", ["globex#r1"]),
  "ddb.get.neighbour": keys("dynamodb:GetItem", ["acme-eu#r1"]),
  "ddb.get.extension": keys("dynamodb:GetItem", ["acmex#r1"]),
  "ddb.get.prefix": keys("dynamodb:GetItem", ["acm#r1"]),
  "ddb.get.sibling": keys("dynamodb:GetItem", ["acmz#r1"]),
  "ddb.batch.mixed": keys("dynamodb:BatchGetItem", ["acme#r1", "globex#r1"]),
  "ddb.query.index.foreign": keys("dynamodb:Query", ["globex#r1"], `${TABLE}/index/byDate`),
  "ddb.scan": keys("dynamodb:Scan", undefined),
  "ddb.scan.index": keys("dynamodb:Scan", undefined, `${TABLE}/index/byDate`),
  "ddb.partiql.keyless": {
    ...keys("dynamodb:PartiQLSelect", undefined),
    context: { ...session, "dynamodb:FullTableScan": "true" },
  },
  "ddb.records": keys("dynamodb:GetRecords", undefined, `${TABLE}/stream/2026-01-01T00:00:00.000`),
  "ddb.export": keys("dynamodb:ExportTableToPointInTime", undefined),
  "ddb.search-vectors": keys("dynamodb:SearchVectors", undefined),
  "ddb.delete-table": keys("dynamodb:DeleteTable", undefined),
  "s3.get.foreign": object("s3:GetObject", "tenants/globex/r1"),
  "s3.put.foreign": object("s3:PutObject", "tenants/globex/r1"),
  "s3.delete.foreign": object("s3:DeleteObject", "tenants/globex/r1"),
  "s3.get.neighbour": object("s3:GetObject", "tenants/acme-eu/r1"),
  "s3.get.sibling": object("s3:GetObject", "tenants/acmz/r1"),
  "s3.get.outside": object("s3:GetObject", "shared/r1"),
  "s3.list.foreign": listing("tenants/globex/"),
  "s3.list.every-tenant": listing("tenants/"),
  "s3.list.no-slash": listing("tenants/acme"),
  "s3.list.whole-bucket": listing(undefined),
  "s3.bucket-policy": { action: "s3:PutBucketPolicy", resource: BUCKET, context: session },
  "s3.access-point": {
    action: "s3:GetObject",
    resource: `arn:aws:s3:${region}:${accountId}:accesspoint/shared/object/tenants/globex/r1`,
    context: session,
  },
  "br.foreign": profile("globex0001", { tenantId: "globex", tenancyStack: "dev" }),
  "br.untagged": profile("orphan0001", {}),
  "br.other-stack": profile("acme0002", { tenantId: "acme", tenancyStack: "prod" }),
  "br.delete.foreign": profile(
    "globex0001",
    { tenantId: "globex", tenancyStack: "dev" },
    "bedrock:DeleteInferenceProfile",
  ),
  "iam.assume.foreign": { action: "sts:AssumeRole", resource: roleOf("globex"), context: session },
  "iam.put-role-policy": {
    action: "iam:PutRolePolicy",
    resource: roleOf("acme"),
    context: session,
  },
  "iam.pass-admin": {
    action: "iam:PassRole",
    resource: `arn:aws:iam::${accountId}:role/platform-admin`,
    context: { ...session, "iam:PassedToService": "lambda.amazonaws.com" },
  },
} as const satisfies Record<string, LabelRequest>;

export const OWN = {
  "ddb.own": keys("dynamodb:GetItem", ["acme#r1"]),
  "ddb.own.batch": keys("dynamodb:BatchGetItem", ["acme#r1", "acme#r2"]),
  "ddb.own.query.index": keys("dynamodb:Query", ["acme#r1"], `${TABLE}/index/byDate`),
  "s3.own": object("s3:GetObject", "tenants/acme/r1"),
  "s3.own.put": object("s3:PutObject", "tenants/acme/r1"),
  "s3.list.own": listing("tenants/acme/"),
  "br.own": profile("acme0001", { tenantId: "acme", tenancyStack: "dev" }),
  "br.model.through-profile": {
    action: "bedrock:InvokeModel",
    resource: MODEL,
    context: { ...session, "bedrock:InferenceProfileArn": OWN_PROFILE },
  },
} as const satisfies Record<string, LabelRequest>;

export type AttackName = keyof typeof ATTACKS;
export type OwnName = keyof typeof OWN;

export const PRINCIPAL = sessionArnOf(roleOf("acme"), "user@acme.example");
