import { expect } from "chai";
import { checkScope } from "../../../policypack/lib/checks/scopeChecks";
import { tenantRoleArn } from "../../../policypack/lib/naming";
import { PackSettings, readSettings } from "../../../policypack/lib/settings";
import {
  reachesAccessPoints,
  reachesBucket,
  reachesInferenceProfiles,
  reachesObjects,
  reachesTable,
  reachesTenantRoles,
} from "../../../policypack/lib/sharedStores";
import { PLATFORM } from "../tenantStackFixture";

// Each reachesX directly, on Resource patterns where one piece of it alone decides the answer.
// ARN layout: arn:partition:service:region:account:resource. DynamoDB, access point and inference
// profile ARNs carry a region and an account; S3 bucket and IAM ARNs leave the region (and for S3
// the account) empty. Configured: the stack's own table, bucket, account, region, partition and
// name prefix. Unconfigured: every table, bucket, account and region counts as the shared one (a
// missing setting only makes the pack stricter), but a pattern that cannot name a resource of the
// kind at all (an empty partition, region or account where the ARN has one) reaches nothing.

const CONFIGURED = readSettings({ ...PLATFORM });
const UNCONFIGURED = readSettings({});
const { region: REGION, accountId: ACCOUNT, tableName: TABLE_NAME, bucketName: BUCKET } = PLATFORM;
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE_NAME}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const OTHER_ACCOUNT = "999999999999";

type Case = readonly [pattern: string, expected: boolean, why: string];

function table(
  name: string,
  reaches: (settings: PackSettings, pattern: string) => boolean,
  settings: PackSettings,
  cases: readonly Case[],
): void {
  describe(name, () => {
    for (const [pattern, expected, why] of cases) {
      it(`${pattern} -> ${expected}: ${why}`, () =>
        expect(reaches(settings, pattern)).to.equal(expected));
    }
  });
}

describe("sharedStores", () => {
  it("the fixture's settings are all configured", () => {
    expect(CONFIGURED).to.include({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      namePrefix: "dev",
      tableName: TABLE_NAME,
      bucketName: BUCKET,
    });
  });

  table("reachesTable, configured", reachesTable, CONFIGURED, [
    [TABLE, true, "the shared table's own ARN"],
    [`${TABLE}/index/by-owner`, true, "one of its indexes (only the prefix `<table>/` says so)"],
    [`${TABLE}/stream/2024-05-01T00:00:00.000`, true, "its stream (the label holds colons)"],
    [
      "arn:aws:dynamodb:${aws:RequestedRegion}:${aws:PrincipalAccount}:table/*",
      true,
      "policy variables may resolve to the stack's region and account",
    ],
    [
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*/stream/*`,
      true,
      "every table's streams, the shared table's among them",
    ],
    [
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*/index/*`,
      true,
      "every table's indexes: not the table ARN, not prefixed by it, but covers its indexes",
    ],
    [`arn:aws:dynamodb:*:*:table/*`, true, "every table"],
    ["*", true, "everything"],
    [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/other`, false, "another table of the account"],
    [`${TABLE}-archive`, false, "a table whose name extends the shared one's"],
    [`${TABLE}-archive/index/x`, false, "that table's index: the prefix must end in /"],
    [
      `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${TABLE_NAME}`,
      false,
      "the same name in another region",
    ],
    [
      `arn:aws:dynamodb:${REGION}:${OTHER_ACCOUNT}:table/${TABLE_NAME}`,
      false,
      "the same name in another account",
    ],
    [
      `arn:aws-cn:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE_NAME}`,
      false,
      "the same name in another partition",
    ],
    [`arn:aws:s3:::${TABLE_NAME}`, false, "a bucket of the table's name"],
  ]);

  table("reachesTable, unconfigured: any table counts", reachesTable, UNCONFIGURED, [
    [`arn:aws:dynamodb:us-east-1:${OTHER_ACCOUNT}:table/orders`, true, "any named table"],
    ["*dev-tenant-data", true, "a wildcard before the table's name"],
    ["arn:aws:*/dev-tenant-data", true, "a wildcard across region, account and table/"],
    ["arn:aws:*eu-west-1*", true, "any ARN that mentions the region"],
    [`arn:aws:dynamodb:us-east-1:${OTHER_ACCOUNT}:table/orders/index/by-day`, true, "its index"],
    [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*/index/*`, true, "every table's indexes"],
    [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:*`, true, "no table/ in the pattern: any table"],
    [
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*:*`,
      true,
      "every table's stream: a stream label holds colons, so the resource is split apart",
    ],
    [
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:*table/?*`,
      true,
      "a wildcard before table/: still every table with a name",
    ],
    ["*", true, "everything"],
    [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table`, false, "`table` alone names no table"],
    [`arn:aws:dynamodb::${ACCOUNT}:table/orders`, false, "empty region: DynamoDB ARNs have one"],
    [`arn:aws:dynamodb:${REGION}::table/orders`, false, "empty account: DynamoDB ARNs have one"],
    [`arn::dynamodb:${REGION}:${ACCOUNT}:table/orders`, false, "empty partition"],
    ["arn:aws:s3:::orders", false, "a bucket"],
  ]);

  table("reachesBucket, configured: the bucket ARN itself", reachesBucket, CONFIGURED, [
    [BUCKET_ARN, true, "the shared bucket"],
    ["arn:aws:s3:::dev-data-*", true, "a wildcard over its name"],
    ["*", true, "everything"],
    ["arn:aws:s3:::other-bucket", false, "another bucket"],
    [`${BUCKET_ARN}/*`, false, "its objects are not the bucket ARN"],
    [`arn:aws-cn:s3:::${BUCKET}`, false, "another partition"],
    [`arn:aws:s3:${REGION}:${ACCOUNT}:${BUCKET}`, false, "bucket ARNs have no region or account"],
  ]);

  table("reachesBucket, unconfigured: any bucket counts", reachesBucket, UNCONFIGURED, [
    ["arn:aws:s3:::reports", true, "any named bucket"],
    ["arn:aws:s3:::reports/tenants/*", false, "objects, not the bucket"],
    ["arn:aws:s3:::", false, "no bucket name at all"],
    ["arn::s3:::reports", false, "empty partition"],
    ["*", true, "everything"],
  ]);

  table("reachesObjects, configured", reachesObjects, CONFIGURED, [
    [`${BUCKET_ARN}/tenants/acme/report.csv`, true, "one object of the shared bucket"],
    ["arn:aws:s3:::${aws:PrincipalTag/bucket}/*", true, "a tag may name the shared bucket"],
    ["arn:aws:s3:::${*}/*", false, "${*} is the character *: a bucket named *"],
    ["arn:aws:s3:::*.csv", true, "every bucket's .csv objects: tenants/acme/report.csv too"],
    ["arn:aws:s3:::*:*", true, "every object whose key holds a colon"],
    [
      "arn:aws:s3:::dev-*/reports/2024.csv",
      true,
      "a wildcard bucket segment that covers the shared bucket's name",
    ],
    [`${BUCKET_ARN}?any`, true, "? standing for the / before a top-level key"],
    [
      "arn:aws:s3:::dev-data*tenants/*",
      true,
      "a wildcard across the bucket name and the key: only tenant prefixes are covered",
    ],
    ["*", true, "everything"],
    [BUCKET_ARN, false, "the bucket ARN itself is no object"],
    [`${BUCKET_ARN}2`, false, "another bucket whose name extends the shared one's"],
    ["arn:aws:s3:::other-bucket/*", false, "another bucket's objects"],
    ["arn:aws:s3:::other-*/tenants/*", false, "a bucket segment that cannot be the shared bucket"],
    [
      `arn:aws:s3:::other-bucket/${BUCKET_ARN}/`,
      false,
      "the shared bucket's ARN as a key in another bucket",
    ],
  ]);

  table("reachesObjects, unconfigured: any bucket's objects", reachesObjects, UNCONFIGURED, [
    ["arn:aws:s3:::reports/2024/*", true, "objects of any bucket"],
    ["arn:aws:s3:::*", true, "every bucket and object"],
    ["arn:aws:s3:::reports", false, "a bucket ARN is no object"],
  ]);

  const AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint`;
  table("reachesAccessPoints, configured", reachesAccessPoints, CONFIGURED, [
    [`${AP}/reports`, true, "a named access point: it may front the shared bucket"],
    [
      `arn:aws:s3:${REGION}:${OTHER_ACCOUNT}:accesspoint/reports`,
      true,
      "another account's access point: cross-account access points front a bucket too",
    ],
    [
      `arn:aws:s3::${OTHER_ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`,
      true,
      "a multi-region access point (no region) may front the bucket",
    ],
    [
      `arn:aws:s3:us-east-1:${OTHER_ACCOUNT}:accesspoint/reports`,
      false,
      "a named access point in another region: an access point is in its bucket's region",
    ],
    [`${AP}/reports/object/*`, true, "its objects"],
    [`arn:aws:s3:${REGION}:${ACCOUNT}:*`, true, "every access point of the account"],
    [`arn:aws:s3:${REGION}:${ACCOUNT}:*/object/*`, true, "objects through any access point"],
    ["*", true, "everything"],
    [
      `arn:aws:s3:us-east-1:${ACCOUNT}:*`,
      false,
      "another region: an access point is in its bucket's region",
    ],
    [BUCKET_ARN, false, "the bucket, not an access point"],
    [`arn:aws:s3:${REGION}:${ACCOUNT}:job/*`, false, "S3 Batch Operations jobs, not access points"],
    ["arn:aws:s3:::*", false, "buckets and objects: access point ARNs have region and account"],
    [
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:accesspoint/x`,
      false,
      "only S3 has these access points",
    ],
  ]);

  table("reachesAccessPoints, unconfigured", reachesAccessPoints, UNCONFIGURED, [
    [`arn:aws:s3:us-east-1:${OTHER_ACCOUNT}:*`, true, "any region and account"],
    [`arn:aws:s3::${ACCOUNT}:*`, true, "no region: multi-region access points"],
    [`arn:aws:s3:${REGION}::*`, false, "empty account"],
    [`arn::s3:${REGION}:${ACCOUNT}:*`, false, "empty partition"],
    ["arn:aws:s3:::reports", false, "a bucket"],
  ]);

  const PROFILES = `arn:aws:bedrock:${REGION}:${ACCOUNT}`;
  table("reachesInferenceProfiles, configured", reachesInferenceProfiles, CONFIGURED, [
    [`${PROFILES}:application-inference-profile/abc123`, true, "a named profile"],
    [
      `arn:aws:bedrock:us-east-1:${OTHER_ACCOUNT}:application-inference-profile/abc123`,
      false,
      "a profile of another region and account: the stack creates its tenants' in its own",
    ],
    [`${PROFILES}:*`, true, "every Bedrock resource of the account"],
    [`${PROFILES}:application-*`, true, "a wildcard over the kind"],
    ["*", true, "everything"],
    [`arn:aws:bedrock:us-east-1:${ACCOUNT}:*`, false, "another region"],
    [`arn:aws:bedrock:${REGION}:${OTHER_ACCOUNT}:*`, false, "another account"],
    [`arn:aws-cn:bedrock:${REGION}:${ACCOUNT}:*`, false, "another partition"],
    [
      `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
      false,
      "a foundation model",
    ],
    [`${PROFILES}:inference-profile/eu.anthropic.claude-v2`, false, "a system-defined profile"],
    [
      `arn:aws:sagemaker:${REGION}:${ACCOUNT}:application-inference-profile/abc123`,
      false,
      "the same resource path in another service",
    ],
  ]);

  table("reachesInferenceProfiles, unconfigured", reachesInferenceProfiles, UNCONFIGURED, [
    [`arn:aws:bedrock:us-east-1:${OTHER_ACCOUNT}:*`, true, "any region and account"],
    [`arn:aws:bedrock::${ACCOUNT}:*`, false, "empty region"],
    [`arn:aws:bedrock:${REGION}::*`, false, "empty account: foundation models, not profiles"],
    [`arn::bedrock:${REGION}:${ACCOUNT}:*`, false, "empty partition"],
  ]);

  const ROLES = `arn:aws:iam::${ACCOUNT}:role`;
  const ACME_ROLE = tenantRoleArn({ accountId: ACCOUNT, namePrefix: "dev", tenantId: "acme" });
  table("reachesTenantRoles, configured", reachesTenantRoles, CONFIGURED, [
    [ACME_ROLE, true, "one tenant's role"],
    [
      `arn:aws:iam::${OTHER_ACCOUNT}:role/tenants/prod-tenant-acme`,
      true,
      "any role on the tenant path (only the path says so)",
    ],
    [`${ROLES}/*`, true, "every role of the account"],
    [`${ROLES}/*dev-tenant-*`, true, "the stack's tenant roles by name"],
    [`${ROLES}/*dev-tenant-?*`, true, "tenant ids are never empty"],
    [`${ROLES}/*/dev-tenant-acme`, true, "one tenant's role under a wildcard path"],
    [`${ROLES}/*/dev-pooled-*`, true, "the pooled shard roles, also on the tenant path"],
    [`${ROLES}/dev-pooled-0`, false, "a shard's name off the tenant path"],
    ["*", true, "everything"],
    [`${ROLES}/dev-workload`, false, "a platform role"],
    [
      `${ROLES}/*prod-tenant-*`,
      true,
      "tenant id prod-tenant-1 is valid: dev-tenant-prod-tenant-1 matches",
    ],
    [`${ROLES}/prod-*`, false, "roles off the tenant path"],
    [`arn:aws:iam::${OTHER_ACCOUNT}:role/*`, false, "another account's roles"],
    [`arn:aws-cn:iam::${ACCOUNT}:role/*`, false, "another partition"],
  ]);

  table("reachesTenantRoles, unconfigured", reachesTenantRoles, UNCONFIGURED, [
    [`arn:aws:iam::${OTHER_ACCOUNT}:role/*`, true, "any account's roles"],
    [`arn:aws:iam::${OTHER_ACCOUNT}:role/*-tenant-*`, true, "any prefix"],
    [`arn:aws:iam::${OTHER_ACCOUNT}:role/*/?*-tenant-*`, true, "a prefix is never empty"],
    [`${ROLES}/*prod-tenant-*`, true, "the prefix may be prod"],
    ["arn:aws:iam:::role/*", false, "empty account: IAM role ARNs have one"],
    [`arn::iam::${ACCOUNT}:role/*`, false, "empty partition"],
    [`arn:aws:iam:${REGION}:${ACCOUNT}:role/*`, false, "IAM ARNs have no region"],
    [`${ROLES}/dev-workload`, false, "a platform role"],
  ]);

  it("through checkScope: platform IAM granting every bucket's .csv objects fails TI-SCOPE-001", () => {
    const statement = {
      Sid: "Csv",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::*.csv",
    };
    const view = {
      type: "aws:iam/rolePolicy:RolePolicy",
      urn: "urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform$aws:iam/rolePolicy:RolePolicy::dev-reports",
      name: "dev-reports",
      parent: "urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform::dev",
      props: {
        role: "dev-reports",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
      },
    };
    expect(
      checkScope(view, CONFIGURED).map((f) => ({
        rule: f.rule.id,
        kind: f.rule.kind,
        value: f.value,
      })),
    ).to.deep.equal([
      {
        rule: "TI-SCOPE-001",
        kind: "guard",
        value: '["s3:GetObject"] on ["arn:aws:s3:::*.csv"] outside any tenant\'s scope',
      },
    ]);
  });
});
