import { TENANT_DYNAMODB_ACTIONS } from "../../../components/policies/tenantRolePolicy";
import {
  AttackName,
  BUCKET,
  INDEXES,
  MODEL,
  OWN_PROFILE,
  OwnName,
  PROFILES,
  roleOf,
  TABLE,
} from "./requests";

// Tenant acme's role policies, each labelled leak (with the attack that shows it) or safe (with the
// own requests it must serve). The labels are checked by the IAM simulator in
// labelledCorpus.test.ts; the pack is measured against them there. Written from the classes of
// issue 9 and from policies seen in AWS documentation and SaaS reference designs, not from the pack.

export type Statement = Record<string, unknown>;
export interface LabelledPolicy {
  readonly name: string;
  readonly label: "leak" | "safe";
  readonly policy: { readonly Version?: string; readonly Statement: readonly Statement[] };
  /** Leak: an attack the simulator allows. */
  readonly evidence?: AttackName;
  /** Safe: own requests the simulator must allow (none for a policy that only fences). */
  readonly works?: readonly OwnName[];
}

const ITEMS = TENANT_DYNAMODB_ACTIONS;
const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
const OWN_OBJECTS = `${BUCKET}/tenants/acme/*`;
const ABAC_OBJECTS = `${BUCKET}/tenants/\${aws:PrincipalTag/tenantId}/*`;
const PIN = (values: string[], operator = "ForAllValues:StringLike") => ({
  [operator]: { "dynamodb:LeadingKeys": values },
  Null: { "dynamodb:LeadingKeys": "false" },
});
const OWN_KEYS = PIN(["acme#*"]);
const LIST_OWN = { StringLike: { "s3:prefix": ["tenants/acme/*"] } };
const OWN_TAGS = {
  StringEquals: { "aws:ResourceTag/tenantId": "acme", "aws:ResourceTag/tenancyStack": "dev" },
};
const THROUGH_PROFILES = { ArnLike: { "bedrock:InferenceProfileArn": PROFILES } };
const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

const allow = (Action: unknown, Resource: unknown, Condition?: unknown): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
  ...(Condition === undefined ? {} : { Condition }),
});
const deny = (Action: unknown, Resource: unknown, Condition?: unknown): Statement => ({
  ...allow(Action, Resource, Condition),
  Effect: "Deny",
});
const doc = (...Statement: Statement[]) => ({ Version: "2012-10-17", Statement });

const items = (Condition: unknown = OWN_KEYS, Action: unknown = ITEMS) =>
  allow(Action, [TABLE, INDEXES], Condition);
const objects = (Resource: unknown = OWN_OBJECTS, Action: unknown = OBJECT_ACTIONS) =>
  allow(Action, Resource);
const list = (Condition: unknown = LIST_OWN) => allow("s3:ListBucket", BUCKET, Condition);
const profiles = (Condition: unknown = OWN_TAGS, Action: unknown = INVOKE) =>
  allow(Action, PROFILES, Condition);
const models = (Condition: unknown = THROUGH_PROFILES) => allow(INVOKE, MODEL, Condition);
/** The project's contract, as the builders write it. */
const CONTRACT = [items(), objects(), list(), profiles(), models()];
const ALL_OWN: OwnName[] = [
  "ddb.own",
  "ddb.own.batch",
  "ddb.own.query.index",
  "s3.own",
  "s3.own.put",
  "s3.list.own",
  "br.own",
  "br.model.through-profile",
];

const safe = (
  name: string,
  policy: LabelledPolicy["policy"],
  works: readonly OwnName[],
): LabelledPolicy => ({ name, label: "safe", policy, works });
const leak = (
  name: string,
  policy: LabelledPolicy["policy"],
  evidence: AttackName,
): LabelledPolicy => ({ name, label: "leak", policy, evidence });

export const BASE_POLICIES: readonly LabelledPolicy[] = [
  // The contract and its spellings.
  safe("the builders' contract", doc(...CONTRACT), ALL_OWN),
  safe(
    "item actions as dynamodb:*Item with the keys pinned",
    doc(items(OWN_KEYS, "dynamodb:*Item")),
    ["ddb.own", "ddb.own.batch"],
  ),
  safe(
    "dynamodb:*Item and Query, Get* without Null but only item actions",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        "dynamodb:*Item",
        "dynamodb:Query",
      ]),
    ),
    ["ddb.own", "ddb.own.query.index"],
  ),
  safe("s3:*Object on the tenant's prefix", doc(objects(OWN_OBJECTS, "s3:*Object")), [
    "s3.own",
    "s3.own.put",
  ]),
  safe("s3:* on the tenant's prefix only", doc(objects(OWN_OBJECTS, "s3:*")), [
    "s3.own",
    "s3.own.put",
  ]),
  safe("dynamodb:* with ForAllValues and the Null guard", doc(items(OWN_KEYS, "dynamodb:*")), [
    "ddb.own",
    "ddb.own.batch",
  ]),
  safe("exact literal partition key", doc(items(PIN(["acme"], "ForAllValues:StringEquals"))), []),
  safe(
    "exact own keys",
    doc(items(PIN(["acme#profile", "acme#settings"], "ForAllValues:StringEquals"))),
    [],
  ),
  safe(
    "LeadingKeys under ForAllValues:StringEquals with a wildcard-free own key and Query",
    doc(
      items(PIN(["acme#r1"], "ForAllValues:StringEquals"), ["dynamodb:GetItem", "dynamodb:Query"]),
    ),
    ["ddb.own"],
  ),
  safe("ABAC keys by session tag", doc(items(PIN(["${aws:PrincipalTag/tenantId}#*"]))), [
    "ddb.own",
    "ddb.own.batch",
  ]),
  safe(
    "ABAC keys with the tag key in another case",
    doc(items(PIN(["${aws:PrincipalTag/TenantId}#*"]))),
    ["ddb.own"],
  ),
  safe("ABAC objects by session tag", doc(objects(ABAC_OBJECTS)), ["s3.own", "s3.own.put"]),
  safe(
    "ABAC listing by session tag",
    doc(list({ StringLike: { "s3:prefix": ["tenants/${aws:PrincipalTag/tenantId}/*"] } })),
    ["s3.list.own"],
  ),
  safe(
    "ABAC profiles by session tag",
    doc(
      profiles({
        StringEquals: {
          "aws:ResourceTag/tenantId": "${aws:PrincipalTag/tenantId}",
          "aws:ResourceTag/tenancyStack": "dev",
        },
      }),
    ),
    ["br.own"],
  ),
  safe(
    "ABAC contract throughout",
    doc(
      items(PIN(["${aws:PrincipalTag/tenantId}#*"])),
      objects(ABAC_OBJECTS),
      list({ StringLike: { "s3:prefix": "tenants/${aws:PrincipalTag/tenantId}/*" } }),
    ),
    ["ddb.own", "s3.own", "s3.list.own"],
  ),
  safe(
    "tag keys in another case on profiles",
    doc(
      profiles({
        StringEquals: { "aws:ResourceTag/TenantId": "acme", "aws:resourcetag/TENANCYSTACK": "dev" },
      }),
    ),
    ["br.own"],
  ),
  safe("own profile by exact ARN", doc(allow(INVOKE, OWN_PROFILE), models()), [
    "br.own",
    "br.model.through-profile",
  ]),
  safe(
    "listing the own prefix with StringEquals on the exact prefix",
    doc(list({ StringEquals: { "s3:prefix": ["tenants/acme/"] } })),
    ["s3.list.own"],
  ),
  safe(
    "listing under ForAnyValue (single-valued key)",
    doc(list({ "ForAnyValue:StringLike": { "s3:prefix": ["tenants/acme/*"] } })),
    ["s3.list.own"],
  ),
  safe(
    "ListBucketVersions with the prefix pinned",
    doc(allow(["s3:ListBucket", "s3:ListBucketVersions"], BUCKET, LIST_OWN)),
    ["s3.list.own"],
  ),
  safe(
    "s3:List* on the bucket with the prefix pinned (keys an action cannot carry are absent)",
    doc(allow("s3:List*", BUCKET, LIST_OWN)),
    ["s3.list.own"],
  ),
  safe(
    "DescribeStream and ListStreams on the table's stream",
    doc(
      items(),
      allow(["dynamodb:DescribeStream", "dynamodb:ListStreams"], [`${TABLE}/stream/*`, "*"]),
    ),
    ["ddb.own"],
  ),
  // Deny fences.
  safe(
    "PartiQL with keys, full table scans denied (dynamodb:FullTableScan)",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        ...ITEMS,
        "dynamodb:PartiQLSelect",
      ]),
      deny("dynamodb:PartiQLSelect", "*", { Bool: { "dynamodb:FullTableScan": "true" } }),
    ),
    ["ddb.own"],
  ),
  safe(
    "Scan allowed, then denied",
    doc(items(OWN_KEYS, [...ITEMS, "dynamodb:Scan"]), deny("dynamodb:Scan", "*")),
    ["ddb.own"],
  ),
  safe(
    "keyless requests denied by Null",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        "dynamodb:*Item",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:PartiQLSelect",
      ]),
      deny("dynamodb:*", "*", { Null: { "dynamodb:LeadingKeys": "true" } }),
    ),
    ["ddb.own"],
  ),
  safe(
    "foreign keys denied by ForAnyValue:StringNotLike",
    doc(
      allow(ITEMS, TABLE, { Null: { "dynamodb:LeadingKeys": "false" } }),
      deny("dynamodb:*", "*", {
        "ForAnyValue:StringNotLike": { "dynamodb:LeadingKeys": ["acme#*"] },
      }),
    ),
    ["ddb.own", "ddb.own.batch"],
  ),
  safe(
    "objects everywhere, Deny NotResource around the prefix",
    doc(objects(`${BUCKET}/*`), {
      Effect: "Deny",
      Action: "s3:*Object",
      NotResource: [OWN_OBJECTS],
    }),
    ["s3.own", "s3.own.put"],
  ),
  safe(
    "own objects plus a Deny naming a neighbour's prefix",
    doc(objects(), deny("s3:*", [`${BUCKET}/tenants/globex/*`, `${BUCKET}/tenants/acme-eu/*`])),
    ["s3.own", "s3.own.put"],
  ),
  safe(
    "NotAction Allow on the own objects only",
    doc({
      Effect: "Allow",
      NotAction: ["s3:PutBucketPolicy", "s3:DeleteBucket"],
      Resource: OWN_OBJECTS,
    }),
    ["s3.own", "s3.own.put"],
  ),
  safe(
    "profiles everywhere, Deny NotResource around the own profile",
    doc(allow(INVOKE, PROFILES), {
      Effect: "Deny",
      Action: "bedrock:*",
      NotResource: [OWN_PROFILE, MODEL],
    }),
    ["br.own"],
  ),
  // Keys of one condition operator are ANDed: this Deny misses a foreign profile of the same stack.
  leak(
    "profiles fenced by one Deny naming both tags",
    doc(
      allow(INVOKE, PROFILES),
      deny("bedrock:*", "*", {
        StringNotEquals: {
          "aws:ResourceTag/tenantId": "acme",
          "aws:ResourceTag/tenancyStack": "dev",
        },
      }),
      models(),
    ),
    "br.foreign",
  ),
  safe(
    "profiles fenced by a Deny per foreign tag",
    doc(
      allow(INVOKE, PROFILES),
      deny("bedrock:*", PROFILES, { StringNotEquals: { "aws:ResourceTag/tenantId": "acme" } }),
      deny("bedrock:*", PROFILES, { StringNotEquals: { "aws:ResourceTag/tenancyStack": "dev" } }),
      models(),
    ),
    ["br.own", "br.model.through-profile"],
  ),
  safe(
    "whole table, fenced by a Deny on foreign keys and a Deny on keyless",
    doc(
      allow("dynamodb:*", "*"),
      deny("dynamodb:*", "*", {
        "ForAnyValue:StringNotLike": { "dynamodb:LeadingKeys": "acme#*" },
      }),
      deny("dynamodb:*", "*", { Null: { "dynamodb:LeadingKeys": "true" } }),
    ),
    ["ddb.own"],
  ),
  safe("suspended tenant: contract plus Deny *", doc(...CONTRACT, deny("*", "*")), []),
  // Read-only account-level and harmless actions.
  safe(
    "s3:ListAllMyBuckets and dynamodb:ListTables",
    doc(
      objects(),
      allow(["s3:ListAllMyBuckets", "dynamodb:ListTables", "bedrock:ListFoundationModels"], "*"),
    ),
    ["s3.own"],
  ),
  safe(
    "DescribeTable and DescribeTimeToLive on the table",
    doc(items(), allow(["dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive"], TABLE)),
    ["ddb.own"],
  ),
  safe("GetBucketLocation on the bucket", doc(objects(), allow("s3:GetBucketLocation", BUCKET)), [
    "s3.own",
  ]),
  safe(
    "CloudWatch metrics and own log stream",
    doc(
      items(),
      allow(["cloudwatch:PutMetricData", "logs:CreateLogStream", "logs:PutLogEvents"], "*"),
    ),
    ["ddb.own"],
  ),
  safe(
    "model calls only through profiles, StringLike as before",
    doc(profiles(), models({ StringLike: { "bedrock:InferenceProfileArn": PROFILES } })),
    ["br.own", "br.model.through-profile"],
  ),
  safe(
    "PassRole of its own role to Lambda",
    doc(
      objects(),
      allow("iam:PassRole", roleOf("acme"), {
        StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
      }),
    ),
    ["s3.own"],
  ),
  safe(
    "items pinned and a Deny on every other tenant's role",
    doc(items(), deny("sts:AssumeRole", "*")),
    ["ddb.own"],
  ),
  // Leaks: DynamoDB.
  leak("item actions without any LeadingKeys condition", doc(items({})), "ddb.get.foreign"),
  leak(
    "only the Null guard",
    doc(items({ Null: { "dynamodb:LeadingKeys": "false" } })),
    "ddb.get.foreign",
  ),
  leak(
    "ForAnyValue on LeadingKeys",
    doc(items({ "ForAnyValue:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } })),
    "ddb.batch.mixed",
  ),
  leak("LeadingKeys without the # delimiter", doc(items(PIN(["acme*"]))), "ddb.get.neighbour"),
  leak("LeadingKeys with ? in the id", doc(items(PIN(["acm?#*"]))), "ddb.get.sibling"),
  leak("LeadingKeys wildcard", doc(items(PIN(["*"]))), "ddb.get.foreign"),
  leak("LeadingKeys of another tenant", doc(items(PIN(["globex#*"]))), "ddb.get.foreign"),
  leak(
    "LeadingKeys of the own and a neighbour",
    doc(items(PIN(["acme#*", "acme-eu#*"]))),
    "ddb.get.neighbour",
  ),
  leak("LeadingKeys *#* (any tenant)", doc(items(PIN(["*#*"]))), "ddb.get.foreign"),
  leak(
    "Scan added to a pinned statement without Null",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        ...ITEMS,
        "dynamodb:Scan",
      ]),
    ),
    "ddb.scan",
  ),
  leak("Scan on its own statement", doc(items(), allow("dynamodb:Scan", TABLE)), "ddb.scan"),
  leak("Scan on the indexes", doc(items(), allow("dynamodb:Scan", INDEXES)), "ddb.scan.index"),
  leak(
    "PartiQL without keys",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        "dynamodb:PartiQLSelect",
      ]),
    ),
    "ddb.partiql.keyless",
  ),
  leak(
    "stream records",
    doc(items(), allow(["dynamodb:GetRecords", "dynamodb:GetShardIterator"], `${TABLE}/stream/*`)),
    "ddb.records",
  ),
  leak(
    "export to point in time",
    doc(items(), allow("dynamodb:ExportTableToPointInTime", TABLE)),
    "ddb.export",
  ),
  leak("dynamodb:* on the table", doc(allow("dynamodb:*", TABLE)), "ddb.scan"),
  leak(
    "Scan denied, but another keyless read of the same kind left open",
    doc(allow(["dynamodb:Scan", "dynamodb:SearchVectors"], TABLE), deny("dynamodb:Scan", "*")),
    "ddb.search-vectors",
  ),
  leak(
    "Deny fence on the wrong action",
    doc(
      items({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        ...ITEMS,
        "dynamodb:Scan",
      ]),
      deny("dynamodb:PartiQLSelect", "*"),
    ),
    "ddb.scan",
  ),
  leak(
    "Deny fence with Null false instead of true",
    doc(
      allow("dynamodb:*", TABLE),
      deny("dynamodb:*", "*", { Null: { "dynamodb:LeadingKeys": "false" } }),
    ),
    "ddb.scan",
  ),
  leak(
    "IfExists pin with Scan",
    doc(
      items({ "ForAllValues:StringLikeIfExists": { "dynamodb:LeadingKeys": ["acme#*"] } }, [
        ...ITEMS,
        "dynamodb:Scan",
      ]),
    ),
    "ddb.scan",
  ),
  leak(
    "StringNotLike on someone else",
    doc(
      items({
        "ForAllValues:StringNotLike": { "dynamodb:LeadingKeys": ["globex#*"] },
        Null: { "dynamodb:LeadingKeys": "false" },
      }),
    ),
    "ddb.get.neighbour",
  ),
  leak(
    "ABAC keys without the # delimiter",
    doc(items(PIN(["${aws:PrincipalTag/tenantId}*"]))),
    "ddb.get.extension",
  ),
  // Leaks: S3.
  leak("objects under tenants/*", doc(objects(`${BUCKET}/tenants/*`)), "s3.get.foreign"),
  leak("objects in the whole bucket", doc(objects(`${BUCKET}/*`)), "s3.get.foreign"),
  leak(
    "prefix without the trailing /",
    doc(objects(`${BUCKET}/tenants/acme*`)),
    "s3.get.neighbour",
  ),
  leak("? in the tenant segment", doc(objects(`${BUCKET}/tenants/acm?/*`)), "s3.get.sibling"),
  leak("any bucket's tenant prefix", doc(objects("arn:aws:s3:::*/tenants/*")), "s3.get.foreign"),
  leak("objects of another tenant", doc(objects(`${BUCKET}/tenants/globex/*`)), "s3.get.foreign"),
  leak(
    "objects outside tenants/",
    doc(objects(), objects(`${BUCKET}/shared/*`, "s3:GetObject")),
    "s3.get.outside",
  ),
  leak("ListBucket without a condition", doc(list({})), "s3.list.whole-bucket"),
  leak(
    "list prefix without the trailing /",
    doc(list({ StringLike: { "s3:prefix": ["tenants/acme*"] } })),
    "s3.list.no-slash",
  ),
  leak(
    "list prefix of every tenant",
    doc(list({ StringLike: { "s3:prefix": ["tenants/*"] } })),
    "s3.list.foreign",
  ),
  leak(
    "list prefix IfExists",
    doc(list({ StringLikeIfExists: { "s3:prefix": ["tenants/acme/*"] } })),
    "s3.list.whole-bucket",
  ),
  leak(
    "list prefix negated",
    doc(list({ StringNotLike: { "s3:prefix": ["tenants/globex/*"] } })),
    "s3.list.whole-bucket",
  ),
  leak("PutBucketPolicy", doc(objects(), allow("s3:PutBucketPolicy", BUCKET)), "s3.bucket-policy"),
  leak(
    "s3:* on the bucket and its objects",
    doc(allow("s3:*", [BUCKET, `${BUCKET}/*`])),
    "s3.get.foreign",
  ),
  leak(
    "objects through any access point",
    doc(objects(), allow("s3:GetObject", "arn:aws:s3:*:*:accesspoint/*")),
    "s3.access-point",
  ),
  leak(
    "NotResource Allow around the own prefix",
    doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: OWN_OBJECTS }),
    "s3.get.foreign",
  ),
  leak(
    "Deny NotResource that misses the other tenants",
    doc(objects(`${BUCKET}/*`), {
      Effect: "Deny",
      Action: "s3:*",
      NotResource: [`${BUCKET}/tenants/*`],
    }),
    "s3.get.foreign",
  ),
  leak(
    "ABAC prefix without the trailing /",
    doc(objects(`${BUCKET}/tenants/\${aws:PrincipalTag/tenantId}*`)),
    "s3.get.neighbour",
  ),
  // Leaks: Bedrock.
  leak("profiles without a tag condition", doc(profiles({})), "br.foreign"),
  leak(
    "profile tag matched by StringLike *",
    doc(profiles({ StringLike: { "aws:ResourceTag/tenantId": "*" } })),
    "br.foreign",
  ),
  leak(
    "profile tag of another tenant",
    doc(profiles({ StringEquals: { "aws:ResourceTag/tenantId": "globex" } })),
    "br.foreign",
  ),
  leak(
    "profile tenant pinned but not the stack",
    doc(profiles({ StringEquals: { "aws:ResourceTag/tenantId": "acme" } })),
    "br.other-stack",
  ),
  leak(
    "profile tag IfExists",
    doc(
      profiles({
        StringEqualsIfExists: {
          "aws:ResourceTag/tenantId": "acme",
          "aws:ResourceTag/tenancyStack": "dev",
        },
      }),
    ),
    "br.untagged",
  ),
  leak("invoke on Resource *", doc(allow(INVOKE, "*")), "br.foreign"),
  leak("bedrock:* on every profile", doc(allow("bedrock:*", PROFILES)), "br.delete.foreign"),
  leak(
    "profile tag negated",
    doc(profiles({ StringNotEquals: { "aws:ResourceTag/tenantId": "globex" } })),
    "br.untagged",
  ),
  // Leaks: escalation.
  leak(
    "assume another tenant's role",
    doc(items(), allow("sts:AssumeRole", roleOf("globex"))),
    "iam.assume.foreign",
  ),
  leak(
    "assume every tenant role",
    doc(items(), allow("sts:AssumeRole", roleOf("*"))),
    "iam.assume.foreign",
  ),
  leak(
    "put a policy on its own role",
    doc(items(), allow("iam:PutRolePolicy", roleOf("acme"))),
    "iam.put-role-policy",
  ),
  leak("PassRole on *", doc(items(), allow("iam:PassRole", "*")), "iam.pass-admin"),
  leak("iam:* on *", doc(items(), allow("iam:*", "*")), "iam.put-role-policy"),
  leak("Allow * on *", doc(allow("*", "*")), "ddb.scan"),
  leak(
    "NotAction Allow on everything",
    doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    "s3.get.foreign",
  ),
  leak(
    "contract plus a stray debug statement",
    doc(...CONTRACT, allow(["dynamodb:*", "s3:*"], "*")),
    "ddb.scan",
  ),
];
