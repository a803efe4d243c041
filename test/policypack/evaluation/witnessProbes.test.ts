import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { allow, BUCKET } from "../corpus";
import { addStatement, findResource, withDocument } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, PLATFORM, pooledStack, tenantStack } from "../tenantStackFixture";

// A grant reaches other tenants whatever literal text surrounds its wildcards: the pack must find
// it even when no representative request (zz-other's `tenants/zz-other/r1`, acme-x, ...) matches
// the pattern. Fragments are cut from ids unrelated to acme and put where each store keeps the id;
// literal tails and ids of tenants the stack does not declare follow.

const baseline = tenantStack(BASELINE_TENANTS);
const TABLE = `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`;
const ROLES = `arn:aws:iam::${PLATFORM.accountId}:role`;

/** Wildcard fragments that match `id`: a head, a tail, a middle, one character. */
function fragmentsOf(id: string): string[] {
  return [
    `${id.slice(0, 1)}*`,
    `${id.slice(0, 3)}*`,
    `*${id.slice(-2)}`,
    `*${id.slice(1, -1)}*`,
    `${id.slice(0, 2)}?${id.slice(3)}`,
  ];
}

/** Statements granting the id position `fragment` in each tenant-scoped form. */
function grantsOf(fragment: string): Record<string, unknown>[] {
  const prefixLike = (key: string, value: string) => ({
    Condition: { "ForAllValues:StringLike": { [key]: value } },
  });
  return [
    allow("s3:GetObject", `${BUCKET}/tenants/${fragment}`),
    allow("s3:PutObject", `${BUCKET}/tenants/${fragment}/*`),
    allow("s3:ListBucket", BUCKET, {
      Condition: { StringLike: { "s3:prefix": `tenants/${fragment}` } },
    }),
    allow("dynamodb:GetItem", TABLE, prefixLike("dynamodb:LeadingKeys", fragment)),
    allow("dynamodb:Query", TABLE, prefixLike("dynamodb:LeadingKeys", `${fragment}#*`)),
    allow("sts:AssumeRole", `${ROLES}/tenants/${PLATFORM.namePrefix}-tenant-${fragment}`),
    allow("sts:AssumeRole", `${ROLES}/*${fragment}`),
  ];
}

/** The leak findings on acme's policy with `statement` added. */
const leaksOf = async (statement: Record<string, unknown>) =>
  (await mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access")).filter((id) =>
    id.startsWith("TI-LEAK-"),
  );

describe("leak evaluation: what a pattern reaches beyond the representative requests", () => {
  for (const id of ["globex", "initech-eu", "umbrella", "b2b-shop"]) {
    for (const fragment of fragmentsOf(id)) {
      it(`finds the grant of "${fragment}" (reaches "${id}") in every tenant-scoped form`, async () => {
        const found = await Promise.all(grantsOf(fragment).map(leaksOf));
        expect(found.map((ids) => ids.length > 0)).to.deep.equal(
          grantsOf(fragment).map(() => true),
        );
      });
    }

    it(`finds a literal "${id}" behind a wildcard that stands for the tenants segment`, async () => {
      for (const resource of [`${BUCKET}/*/${id}/*`, `${BUCKET}/t*s/${id}/*`])
        expect(await leaksOf(allow("s3:GetObject", resource)), resource).to.deep.equal([
          "TI-LEAK-002",
        ]);
    });
  }

  const leaking: [string, Record<string, unknown>, string][] = [
    ["a literal tail", allow("s3:GetObject", `${BUCKET}/tenants/*.pdf`), "TI-LEAK-002"],
    [
      "a file in every tenant",
      allow("s3:GetObject", `${BUCKET}/tenants/*/secret.txt`),
      "TI-LEAK-002",
    ],
    ["a one-character id", allow("s3:GetObject", `${BUCKET}/tenants/gl?bex/a.txt`), "TI-LEAK-002"],
    [
      "an undeclared tenant",
      allow("s3:PutObject", `${BUCKET}/tenants/initech/a.txt`),
      "TI-LEAK-002",
    ],
    [
      "a tail behind the tenants segment",
      allow("s3:GetObject", `${BUCKET}/t*s/globex/*.pdf`),
      "TI-LEAK-002",
    ],
    [
      "a listing of one folder in every tenant",
      allow("s3:ListBucket", BUCKET, {
        Condition: { StringLike: { "s3:prefix": "tenants/*/invoices/" } },
      }),
      "TI-LEAK-002",
    ],
    [
      "a listing of a prefix of tenants/",
      allow("s3:ListBucket", BUCKET, { Condition: { StringEquals: { "s3:prefix": "tena" } } }),
      "TI-LEAK-002",
    ],
    [
      "one record kind of every tenant",
      allow("dynamodb:GetItem", TABLE, {
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": "*#invoice" } },
      }),
      "TI-LEAK-001",
    ],
    [
      "an undeclared tenant's key",
      allow("dynamodb:PutItem", TABLE, {
        Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": "initech#profile" } },
      }),
      "TI-LEAK-001",
    ],
    ["any role ending in -admin", allow("sts:AssumeRole", `${ROLES}/*-admin`), "TI-LEAK-004"],
    ["passing the workload role", allow("iam:PassRole", `${ROLES}/dev-workload`), "TI-LEAK-004"],
    [
      "rewriting users of the shared user pool (custom:tenantId, groups)",
      allow(
        ["cognito-idp:AdminUpdateUserAttributes", "cognito-idp:AdminAddUserToGroup"],
        `arn:aws:cognito-idp:${PLATFORM.region}:${PLATFORM.accountId}:userpool/*`,
      ),
      "TI-LEAK-004",
    ],
    ["reading every tenant's users", allow("cognito-idp:ListUsers", "*"), "TI-LEAK-004"],
    [
      "rewriting the workload role",
      allow(["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"], `${ROLES}/dev-workload`),
      "TI-LEAK-004",
    ],
    [
      "creating roles of its own",
      allow(["iam:CreateRole", "iam:PutRolePolicy"], `${ROLES}/acme-*`),
      "TI-LEAK-004",
    ],
    [
      "rewriting the pooled shard roles",
      allow("iam:UpdateAssumeRolePolicy", `${ROLES}/tenants/dev-pooled-*`),
      "TI-LEAK-004",
    ],
    [
      "passing tenant roles of ids starting with g",
      allow("iam:PassRole", `${ROLES}/tenants/${PLATFORM.namePrefix}-tenant-g*`),
      "TI-LEAK-004",
    ],
  ];
  for (const [name, statement, rule] of leaking)
    it(`finds ${name}`, async () => {
      expect(await leaksOf(statement)).to.deep.equal([rule]);
    });

  const TAG = "${aws:PrincipalTag/tenantId}";
  it("finds a tail after the session's tag that reaches ids extending it", async () => {
    expect(await leaksOf(allow("s3:GetObject", `${BUCKET}/tenants/${TAG}*.pdf`))).to.deep.equal([
      "TI-LEAK-002",
    ]);
    const keys = { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": `${TAG}*#invoice` } };
    expect(await leaksOf(allow("dynamodb:GetItem", TABLE, { Condition: keys }))).to.deep.equal([
      "TI-LEAK-001",
    ]);
  });

  it("finds it on a pooled shard role, for each tenant the session can be", async () => {
    const stack = withDocument(pooledStack(), "pooled-0-data-access", "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, allow("s3:GetObject", `${BUCKET}/tenants/${TAG}*.pdf`)],
    }));
    const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
    expect(violations.map((v) => `${v.level} ${ruleIdOf(v)}`)).to.deep.equal([
      "mandatory TI-LEAK-002",
    ]);
    expect(violations[0]?.urn).to.equal(findResource(stack, "pooled-0-data-access").urn);
  });

  it("passes the tenant's own keys however their tails are written", async () => {
    for (const statement of [
      allow("s3:GetObject", `${BUCKET}/tenants/acme/*`),
      allow("s3:GetObject", `${BUCKET}/tenants/acme/reports/20??-*.pdf`),
      allow("s3:ListBucket", BUCKET, {
        Condition: { StringLike: { "s3:prefix": ["tenants/acme/*", "tenants/acme/"] } },
      }),
      allow("dynamodb:Query", TABLE, {
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*", "acme#invoice-?"] },
        },
      }),
      allow("dynamodb:GetItem", TABLE, {
        Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["acme"] } },
      }),
      allow("iam:PassRole", `${ROLES}/app-runner`),
      allow("s3:GetObject", `${BUCKET}/tenants/${TAG}/*.pdf`),
      allow("dynamodb:GetItem", TABLE, {
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": `${TAG}#invoice-*` } },
      }),
    ])
      expect(await leaksOf(statement), JSON.stringify(statement)).to.deep.equal([]);
  });
});
