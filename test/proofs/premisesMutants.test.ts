import { expect } from "chai";
import { proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import { checkPremises } from "../../proofs/premises";
import type { DeclaredTiers, IamPolicyJson, TenantDocuments } from "../../proofs/proofInput";
import type { PremiseResult } from "../../proofs/proofReport";
import { exampleTenants, PLATFORM } from "./support";

// The premises the proof rests on, checked directly on edited documents: each case says which
// premise breaks and which grant it names, so a mutant that weakens the check fails here.

const input = proofInputFromTenantSpecs(exampleTenants(), PLATFORM);
const tenantNamed = (id: string): TenantDocuments => {
  const found = input.tenants.find((tenant) => tenant.tenantId === id);
  if (found === undefined) throw new Error(`no tenant ${id} in tenants.json`);
  return found;
};
const acme = tenantNamed("acme");
const wonka = tenantNamed("wonka");
const tiers = input.tiers as DeclaredTiers;

const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;
const ROLES = `arn:aws:iam::${PLATFORM.accountId}:role/tenants/`;
const GRANTS = "premise.grants-name-only-self";
const POOLED_TRUST = "premise.pooled-trust-admits-declared-active-pooled-ids-only";

type Statement = Record<string, unknown>;
const statementsOf = (doc: IamPolicyJson) => doc["Statement"] as Statement[];

/** acme's identity policy with one statement added. */
const withGrant = (statement: Statement, tenant: TenantDocuments = acme): TenantDocuments => ({
  ...tenant,
  identityPolicy: {
    ...tenant.identityPolicy,
    Statement: [...statementsOf(tenant.identityPolicy), statement],
  },
});

const premise = (results: PremiseResult[], name: string): PremiseResult => {
  const found = results.find((result) => result.premise === name);
  if (found === undefined) throw new Error(`no ${name} in ${JSON.stringify(results)}`);
  return found;
};
const grants = (tenant: TenantDocuments) => premise(checkPremises(tenant, PLATFORM, tiers), GRANTS);
const broken = (results: PremiseResult[]) =>
  results.filter((result) => !result.holds).map((result) => result.premise);

/** The premise's problems in acme's inline policy: the grants it names before the tail. */
const problems = (result: PremiseResult) =>
  result.holds
    ? []
    : (result.explanation.split(": the fixed foreign-id")[0] ?? "")
        .split("; ")
        .map((problem) => problem.replace(/^identity policy /, ""));

describe("proof premises on edited documents", () => {
  it("hold on acme's generated documents, the three premises of a dedicated tenant", () => {
    const results = checkPremises(acme, PLATFORM, tiers);
    expect(results.map((r) => [r.tenantId, r.premise, r.holds])).to.deep.equal([
      ["acme", "premise.version-2012-10-17", true],
      ["acme", GRANTS, true],
      ["acme", "premise.every-identity-document-read", true],
    ]);
  });

  describe("premise.version-2012-10-17", () => {
    it("breaks on a trust policy of another Version and names it", () => {
      const results = checkPremises(
        { ...acme, trustPolicy: { ...acme.trustPolicy, Version: "2008-10-17" } },
        PLATFORM,
        tiers,
      );
      expect(broken(results)).to.deep.equal(["premise.version-2012-10-17"]);
      expect(premise(results, "premise.version-2012-10-17").explanation).to.match(/^trust policy /);
    });

    it("breaks on a further identity policy without Version and names it", () => {
      const results = checkPremises(
        {
          ...acme,
          otherIdentityPolicies: [
            { name: "extra", policy: { Statement: statementsOf(acme.identityPolicy) } },
          ],
        },
        PLATFORM,
        tiers,
      );
      expect(broken(results)).to.deep.equal(["premise.version-2012-10-17"]);
      expect(premise(results, "premise.version-2012-10-17").explanation).to.match(
        /^identity policy extra /,
      );
    });
  });

  it("premise.every-identity-document-read breaks on an attached policy the proof cannot read", () => {
    const results = checkPremises(
      { ...acme, unreadablePolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      PLATFORM,
      tiers,
    );
    expect(broken(results)).to.deep.equal(["premise.every-identity-document-read"]);
    expect(premise(results, "premise.every-identity-document-read").explanation).to.include(
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    );
  });

  describe("premise.grants-name-only-self on object ARNs of the shared bucket", () => {
    const s3 = (Resource: unknown, extra: Statement = {}) =>
      withGrant({ Sid: "Added", Effect: "Allow", Action: "s3:GetObject", Resource, ...extra });

    it("names a foreign tenant's prefix", () => {
      expect(problems(grants(s3(`${BUCKET}/tenants/globex/*`)))).to.deep.equal([
        `Added Resource ${BUCKET}/tenants/globex/* names "globex"`,
      ]);
    });

    it("flags a wildcard where the id belongs, and a head that stops inside the id", () => {
      expect(problems(grants(s3([`${BUCKET}/*`, `${BUCKET}/tenants/acme*`])))).to.deep.equal([
        `Added Resource ${BUCKET}/* is not confined to "${BUCKET}/tenants/acme/" (its literal text before any wildcard is "${BUCKET}/")`,
        `Added Resource ${BUCKET}/tenants/acme* is not confined to "${BUCKET}/tenants/acme/" (its literal text before any wildcard is "${BUCKET}/tenants/acme")`,
      ]);
    });

    it("flags an empty id (tenants//...) instead of naming one", () => {
      expect(problems(grants(s3(`${BUCKET}/tenants//x`)))).to.deep.equal([
        `Added Resource ${BUCKET}/tenants//x is not confined to "${BUCKET}/tenants/acme/" (its literal text before any wildcard is "${BUCKET}/tenants//x")`,
      ]);
    });

    it("accepts the own prefix, the bucket itself, and a Deny naming another tenant", () => {
      expect(grants(s3([`${BUCKET}/tenants/acme/*`, BUCKET])).holds).to.equal(true);
      expect(
        grants(s3(`${BUCKET}/tenants/globex/*`, { Effect: "Deny" })).holds,
        "a Deny narrows, it never grants",
      ).to.equal(true);
    });

    it("judges by the actions: S3 in any case, *, or no Action at all; not DynamoDB alone", () => {
      const foreign = `${BUCKET}/tenants/globex/*`;
      const named = (statement: Statement) => grants(withGrant(statement)).holds;
      const base = { Sid: "Added", Effect: "Allow", Resource: foreign };
      expect(named({ ...base, Action: "S3:GetObject" })).to.equal(false);
      expect(named({ ...base, Action: ["dynamodb:GetItem", "*"] })).to.equal(false);
      expect(named({ ...base, NotAction: "iam:*" })).to.equal(false);
      expect(named({ ...base, Action: ["dynamodb:GetItem", "sqs:SendMessage"] })).to.equal(true);
    });

    it("flags NotResource on a statement that may grant S3 or roles, not on one that cannot", () => {
      const notResource = (Action: string) =>
        grants(withGrant({ Sid: "Added", Effect: "Allow", Action, NotResource: `${BUCKET}/x` }));
      expect(problems(notResource("s3:GetObject"))).to.deep.equal([
        `Added NotResource "${BUCKET}/x" can match other tenants' objects and roles`,
      ]);
      expect(notResource("sts:AssumeRole").holds).to.equal(false);
      expect(notResource("iam:PassRole").holds).to.equal(false);
      expect(notResource("dynamodb:GetItem").holds).to.equal(true);
    });

    it("names a statement without Sid by its position", () => {
      const tenant = withGrant({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${BUCKET}/tenants/globex/*`,
      });
      const position = statementsOf(tenant.identityPolicy).length;
      expect(problems(grants(tenant))).to.deep.equal([
        `#${position} Resource ${BUCKET}/tenants/globex/* names "globex"`,
      ]);
    });
  });

  describe("premise.grants-name-only-self on tenant roles", () => {
    const assume = (Resource: unknown, Action = "sts:AssumeRole") =>
      grants(withGrant({ Sid: "Added", Effect: "Allow", Action, Resource }));

    it("names another tenant's role; accepts T's own and roles outside the tenant path", () => {
      expect(problems(assume(`${ROLES}dev-tenant-globex`))).to.deep.equal([
        `Added Resource ${ROLES}dev-tenant-globex names "globex"`,
      ]);
      expect(problems(assume(`${ROLES}dev-pooled-3`, "iam:PassRole"))).to.deep.equal([
        `Added Resource ${ROLES}dev-pooled-3 names "dev-pooled-3"`,
      ]);
      expect(assume(acme.roleArn).holds).to.equal(true);
      expect(assume(`arn:aws:iam::${PLATFORM.accountId}:role/dev-workload`).holds).to.equal(true);
    });

    it("flags a wildcard over tenant roles", () => {
      expect(problems(assume(`${ROLES}dev-tenant-*`))).to.deep.equal([
        `Added Resource ${ROLES}dev-tenant-* can match tenant roles other than ${acme.roleArn}`,
      ]);
    });
  });

  describe("premise.grants-name-only-self on condition values", () => {
    const condition = (Condition: unknown) =>
      grants(
        withGrant({
          Sid: "Added",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "s3:ListBucket", "bedrock:InvokeModel"],
          Resource: BUCKET,
          Condition,
        }),
      );

    it("names a foreign LeadingKeys prefix and flags one not confined to T#", () => {
      expect(
        problems(
          condition({ "ForAllValues:StringLike": { "dynamodb:leadingKeys": ["globex#*", "*"] } }),
        ),
      ).to.deep.equal([
        'Added ForAllValues:StringLike dynamodb:leadingKeys = globex#* names "globex"',
        'Added ForAllValues:StringLike dynamodb:leadingKeys = * is not confined to "acme#" (its literal text before any wildcard is "")',
      ]);
    });

    it("flags a LeadingKeys value that contains T# but does not start with it", () => {
      expect(
        problems(condition({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": "x*acme#*" } })),
      ).to.deep.equal([
        'Added ForAllValues:StringLike dynamodb:LeadingKeys = x*acme#* is not confined to "acme#" (its literal text before any wildcard is "x")',
      ]);
      expect(
        problems(condition({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": "#*" } })),
      ).to.deep.equal([
        'Added ForAllValues:StringLike dynamodb:LeadingKeys = #* is not confined to "acme#" (its literal text before any wildcard is "#")',
      ]);
    });

    it("checks every s3:prefix value: one foreign among own ones breaks the premise", () => {
      expect(
        problems(
          condition({ StringLike: { "s3:prefix": ["tenants/acme/*", "tenants/globex/*"] } }),
        ),
      ).to.deep.equal(['Added StringLike s3:prefix = tenants/globex/* names "globex"']);
      expect(problems(condition({ StringLike: { "s3:prefix": "tenants/*" } }))).to.deep.equal([
        'Added StringLike s3:prefix = tenants/* is not confined to "tenants/acme/" (its literal text before any wildcard is "tenants/")',
      ]);
      expect(condition({ StringLike: { "s3:prefix": [] } }).holds).to.equal(true);
    });

    it("reads tenant tag values exactly, in any case of the key", () => {
      expect(
        problems(condition({ StringEquals: { "aws:ResourceTag/TENANTID": "globex" } })),
      ).to.deep.equal(['Added StringEquals aws:ResourceTag/TENANTID = globex names "globex"']);
      expect(
        problems(condition({ StringLike: { "aws:ResourceTag/tenantId": "acme?" } })),
      ).to.deep.equal(['Added StringLike aws:ResourceTag/tenantId = acme? is not exactly "acme"']);
      expect(
        condition({ StringEquals: { "aws:ResourceTag/tenantId": "acme", "aws:SourceVpc": "v" } })
          .holds,
      ).to.equal(true);
    });

    it("skips Null, which tests presence, in any case of the operator", () => {
      expect(
        condition({ null: { "dynamodb:LeadingKeys": "false", "s3:prefix": "false" } }).holds,
      ).to.equal(true);
    });
  });

  describe("what the premises say they checked", () => {
    it("lists the documents read when every premise holds", () => {
      const results = checkPremises(
        { ...acme, otherIdentityPolicies: [{ name: "extra", policy: acme.identityPolicy }] },
        PLATFORM,
        tiers,
      );
      expect(results.map((r) => [r.premise, r.holds, r.explanation])).to.deep.equal([
        [
          "premise.version-2012-10-17",
          true,
          "identity policy, identity policy extra, trust policy: all use Version 2012-10-17",
        ],
        [
          GRANTS,
          true,
          'every object ARN of the shared bucket and every s3:prefix in an Allow starts with the literal "tenants/acme/", every dynamodb:LeadingKeys with "acme#", every tenantId tag value is "acme" and every tenant role is T\'s own',
        ],
        [
          "premise.every-identity-document-read",
          true,
          "all 2 identity document(s) of the role were read and evaluated",
        ],
      ]);
    });

    it("names every broken document and every unreadable policy", () => {
      const unversioned = { Statement: statementsOf(acme.identityPolicy) };
      const results = checkPremises(
        {
          ...acme,
          identityPolicy: unversioned,
          trustPolicy: { Statement: statementsOf(acme.trustPolicy) },
          unreadablePolicies: ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"],
        },
        PLATFORM,
        tiers,
      );
      expect(premise(results, "premise.version-2012-10-17").explanation).to.match(
        /^identity policy and trust policy lack Version 2012-10-17/,
      );
      expect(premise(results, "premise.every-identity-document-read").explanation).to.match(
        /^arn:aws:iam::aws:policy\/A; arn:aws:iam::aws:policy\/B: /,
      );
    });

    it("joins several foreign grants with a semicolon", () => {
      const result = grants(
        withGrant({
          Sid: "Added",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: [`${BUCKET}/tenants/globex/*`, `${BUCKET}/tenants/initech/*`],
        }),
      );
      expect(result.explanation).to.match(/names "globex"; identity policy Added Resource /);
    });
  });

  describe("how a pattern can reach another tenant's objects", () => {
    const reaches = (Resource: unknown, Action: unknown = "s3:GetObject") =>
      grants(withGrant({ Sid: "Added", Effect: "Allow", Action, Resource }));

    it("accepts a subfolder of the own prefix and an own s3:prefix subfolder", () => {
      expect(reaches(`${BUCKET}/tenants/acme/reports/*`).holds).to.equal(true);
      expect(
        grants(
          withGrant({
            Sid: "Added",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: BUCKET,
            Condition: { StringLike: { "s3:prefix": "tenants/acme/reports/*" } },
          }),
        ).holds,
      ).to.equal(true);
    });

    it("does not name an id in a prefix outside tenants/", () => {
      const result = grants(
        withGrant({
          Sid: "Added",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: BUCKET,
          Condition: { StringLike: { "s3:prefix": "archive/globex/*" } },
        }),
      );
      expect(problems(result)).to.deep.equal([
        'Added StringLike s3:prefix = archive/globex/* is not confined to "tenants/acme/" (its literal text before any wildcard is "archive/globex/")',
      ]);
    });

    it("reads ARNs case-sensitively: an upper-case bucket is another bucket", () => {
      expect(reaches(`${BUCKET.toUpperCase()}/tenants/globex/*`).holds).to.equal(true);
    });

    it("takes a policy variable or ? where the bucket name is as reaching it, and $ or { alone as text", () => {
      expect(
        problems(reaches("arn:aws:s3:::${aws:PrincipalTag/bucket}/tenants/globex/*")),
      ).to.deep.equal([
        'Added Resource arn:aws:s3:::${aws:PrincipalTag/bucket}/tenants/globex/* is not confined to "' +
          `${BUCKET}/tenants/acme/" (its literal text before any wildcard is "arn:aws:s3:::")`,
      ]);
      expect(reaches(`${BUCKET.replace("123", "?23")}/tenants/globex/*`).holds).to.equal(false);
      expect(reaches("arn:aws:s3:::x{y}/tenants/globex/*").holds).to.equal(true);
      expect(reaches("arn:aws:s3:::$dev/tenants/globex/*").holds).to.equal(true);
    });

    it("skips Action and Resource entries that are not strings", () => {
      expect(reaches([["*"], `${BUCKET}/tenants/acme/*`]).holds).to.equal(true);
      expect(reaches(`${BUCKET}/tenants/globex/*`, [42, "dynamodb:GetItem"]).holds).to.equal(true);
    });
  });

  describe("a pooled tenant", () => {
    it("is judged as its session: the principal-tag variable reads as its id", () => {
      const results = checkPremises(wonka, PLATFORM, tiers);
      expect(broken(results)).to.deep.equal([]);
      expect(results.map((r) => r.premise)).to.include(POOLED_TRUST);
      const literal = withGrant(
        {
          Sid: "Added",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `${BUCKET}/tenants/globex/*`,
        },
        wonka,
      );
      expect(problems(grants(literal))).to.deep.equal([
        `Added Resource ${BUCKET}/tenants/globex/* names "globex"`,
      ]);
    });

    const trust = (edit: (statement: Statement) => Statement, tenant = wonka) =>
      premise(
        checkPremises(
          {
            ...tenant,
            trustPolicy: {
              ...tenant.trustPolicy,
              Statement: statementsOf(tenant.trustPolicy).map(edit),
            },
          },
          PLATFORM,
          tiers,
        ),
        POOLED_TRUST,
      );
    const condition = (statement: Statement) => statement["Condition"] as Record<string, Statement>;
    const admitting = (statement: Statement) =>
      statement["Sid"] === "WorkloadAssumesAsPooledTenant";

    it("cannot be judged without the declared tiers", () => {
      const result = premise(checkPremises(wonka, PLATFORM), POOLED_TRUST);
      expect(result.holds).to.equal(false);
      expect(result.explanation).to.include("declared tiers");
    });

    it("says what it checked when the trust holds, and joins several problems", () => {
      expect(premise(checkPremises(wonka, PLATFORM, tiers), POOLED_TRUST).explanation).to.equal(
        'every trust statement that admits a session pins aws:RequestTag/tenantId to declared active pooled ids and aws:TagKeys to ["tenantId"]',
      );
      const twice = trust((s) =>
        admitting(s)
          ? { ...s, Condition: { StringEquals: { "aws:RequestTag/tenantId": ["acme"] } } }
          : s,
      );
      expect(twice.explanation).to.match(
        /^WorkloadAssumesAsPooledTenant admits "acme", which is not a declared active pooled tenant; WorkloadAssumesAsPooledTenant does not limit /,
      );
    });

    it("judges a statement that admits a session among other actions, skipping non-strings", () => {
      const unpinned = (Action: unknown) =>
        trust((s) => (admitting(s) ? { ...s, Action, Condition: {} } : s));
      expect(unpinned(["sts:SetSourceIdentity", "sts:AssumeRole"]).holds).to.equal(false);
      expect(unpinned([42, "sts:AssumeRole"]).holds).to.equal(false);
    });

    it("breaks on a trust that admits an id that is not an active pooled tenant", () => {
      const result = trust((s) =>
        admitting(s)
          ? {
              ...s,
              Condition: {
                ...condition(s),
                StringEquals: { "aws:RequestTag/tenantId": ["wonka", "acme"] },
              },
            }
          : s,
      );
      expect(result.holds).to.equal(false);
      expect(result.explanation).to.include('WorkloadAssumesAsPooledTenant admits "acme"');
      expect(result.explanation).to.not.include('admits "wonka"');
    });

    it("breaks on a trust statement that does not pin the tag, or pins more tag keys", () => {
      const unpinned = trust((s) =>
        admitting(s) ? { ...s, Condition: { ...condition(s), StringEquals: {} } } : s,
      );
      expect(unpinned.holds).to.equal(false);
      expect(unpinned.explanation).to.include(
        "WorkloadAssumesAsPooledTenant does not pin aws:RequestTag/tenantId",
      );
      const moreKeys = trust((s) =>
        admitting(s)
          ? {
              ...s,
              Condition: {
                ...condition(s),
                "ForAllValues:StringEquals": { "aws:TagKeys": ["tenantId", "team"] },
              },
            }
          : s,
      );
      expect(moreKeys.holds).to.equal(false);
      expect(moreKeys.explanation).to.include("WorkloadAssumesAsPooledTenant does not limit");
      const otherKey = trust((s) =>
        admitting(s)
          ? {
              ...s,
              Condition: {
                ...condition(s),
                "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] },
              },
            }
          : s,
      );
      expect(otherKey.holds).to.equal(false);
    });

    it("judges statements that admit a session in any spelling, without Action, or by wildcard", () => {
      const unpinnedAs = (Action: unknown) =>
        trust((s) => {
          if (!admitting(s)) return s;
          const { Action: _own, ...rest } = s;
          return {
            ...rest,
            ...(Action === undefined ? { NotAction: "iam:*" } : { Action }),
            Condition: {},
          };
        });
      expect(unpinnedAs("STS:ASSUMEROLE").holds).to.equal(false);
      expect(unpinnedAs("sts:Tag*").holds).to.equal(false);
      expect(unpinnedAs(undefined).holds).to.equal(false);
      expect(unpinnedAs("sts:SetSourceIdentity").holds, "admits no session").to.equal(true);
    });

    it("ignores Deny statements of the trust and names unnamed statements by position", () => {
      expect(
        trust((s) => (admitting(s) ? { ...s, Effect: "Deny", Condition: {} } : s)).holds,
      ).to.equal(true);
      const unnamed = trust((s) => {
        if (!admitting(s)) return s;
        const { Sid: _sid, ...rest } = s;
        return { ...rest, Condition: {} };
      });
      expect(unnamed.explanation).to.include("#1 does not pin aws:RequestTag/tenantId");
    });
  });
});
