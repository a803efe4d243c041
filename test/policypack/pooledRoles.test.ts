import { expect } from "chai";
import { analyzeResources } from "../../check/analyzeResources";
import { RunningPolicyPack, startPolicyPack } from "../../check/policyPackProcess";
import { ruleIdOf, Violation } from "../../check/violation";
import { PlannedResource } from "../../plan/plannedResource";
import { findResource, withDocument, withoutResource } from "./stackMutations";
import { PLATFORM, pooledStack } from "./tenantStackFixture";

// The pooled tier through the analyzer protocol: the shard role's ABAC forms as the builders write
// them pass, and each ABAC mistake is caught with its rule, its policy and its level.

const baseline = pooledStack();
const SHARD_ROLE_ARN = `arn:aws:iam::${PLATFORM.accountId}:role/tenants/dev-pooled-0`;
const TABLE = `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`;
const KEYS = "dynamodb:LeadingKeys";

type Doc = { Version?: string; Statement: Array<Record<string, any>> };

const shardPolicy = (edit: (doc: Doc) => unknown) =>
  withDocument(baseline, "pooled-0-data-access", "policy", edit);
const ownItems = (edit: (statement: Record<string, any>) => Record<string, any>) =>
  shardPolicy((doc) => ({
    ...doc,
    Statement: doc.Statement.map((s) => (s.Sid === "OwnItemsOnly" ? edit(s) : s)),
  }));
const withKeys = (pattern: string) =>
  ownItems((s) => ({
    ...s,
    Condition: { ...s.Condition, "ForAllValues:StringLike": { [KEYS]: [pattern] } },
  }));
const shardTrust = (edit: (statement: Record<string, any>) => Record<string, any>) =>
  withDocument(baseline, "pooled-0-role", "assumeRolePolicy", (doc) => ({
    ...doc,
    Statement: doc.Statement.map(edit),
  }));
/** Edits the condition of the statements that start or tag a session. */
const sessionConditions = (edit: (condition: Record<string, any>) => Record<string, any>) =>
  shardTrust((s) =>
    s.Sid === "WorkloadNamesTheUser" ? s : { ...s, Condition: edit(s.Condition) },
  );
const admitting = (ids: string[]) =>
  sessionConditions((c) => ({
    ...c,
    StringEquals: { ...c.StringEquals, "aws:RequestTag/tenantId": ids },
  }));
const addToShardPolicy = (statement: Record<string, unknown>) =>
  shardPolicy((doc) => ({ ...doc, Statement: [...doc.Statement, statement] }));

/** Distinct `<level> <policy> <rule> <resource>`: a mistake repeated per statement counts once. */
const summary = (violations: readonly Violation[]) =>
  [
    ...new Set(
      violations.map((v) => `${v.level} ${v.policy} ${ruleIdOf(v)} ${v.urn.split("::").pop()}`),
    ),
  ].sort();

describe("pooled shard roles under the pack", function () {
  this.timeout(120_000);
  let pack: RunningPolicyPack;
  const analyze = (resources: PlannedResource[]) => analyzeResources(resources, { pack });

  before(async () => {
    pack = await startPolicyPack();
  });
  after(async () => {
    await pack?.stop();
  });

  it("passes the shard role, its policy and pooled tenants without roles of their own", async () => {
    expect(findResource(baseline, "pooled-0-role").inputs.name).to.equal("dev-pooled-0");
    expect(await analyze(baseline)).to.deep.equal([]);
  });

  it("shows the foreign request a missing # delimiter allows, with the session's tag", async () => {
    const violations = await analyze(withKeys("${aws:PrincipalTag/tenantId}*"));
    expect(summary(violations)).to.deep.equal([
      "mandatory tenant-data-leaks TI-LEAK-001 pooled-0-data-access",
    ]);
    expect(violations[0]?.message).to.include(
      `Request: dynamodb:BatchGetItem on ${TABLE} with {"aws:PrincipalTag/tenantId":["pooled-tenant"],"dynamodb:LeadingKeys":["pooled-tenant-x#r1"]}`,
    );
    expect(violations[0]?.message).to.include(
      `"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["\${aws:PrincipalTag/tenantId}#*"]}`,
    );
  });

  it("finds a literal tenant id in a shard policy as the leak it is", async () => {
    const violations = await analyze(withKeys("hooli#*"));
    expect(summary(violations)).to.deep.equal([
      "mandatory tenant-data-leaks TI-LEAK-001 pooled-0-data-access",
    ]);
    expect(violations[0]?.message).to.include('"dynamodb:LeadingKeys":["hooli#r1"]');
  });

  it("reports ${aws:username}, which a role session does not have", async () => {
    expect(summary(await analyze(withKeys("${aws:username}#*")))).to.deep.equal([
      "advisory tenant-policy-contract TI-CONTRACT-003 pooled-0-data-access",
    ]);
  });

  for (const version of ["2008-10-17", undefined]) {
    it(`reports variables under Version ${version ?? "(none)"} as literal text`, async () => {
      const resources = shardPolicy(({ Version: _v, ...doc }) =>
        version === undefined ? doc : { ...doc, Version: version },
      );
      expect(summary(await analyze(resources))).to.deep.equal([
        "advisory tenant-policy-contract TI-CONTRACT-002 pooled-0-data-access",
      ]);
    });
  }

  const trustMistakes: Array<[string, PlannedResource[], string[]]> = [
    [
      "any tag value (no aws:RequestTag/tenantId pin)",
      sessionConditions(({ StringEquals: _pin, ...c }) => c),
      // It names no tenant either, so the stack sees active pooled tenants no shard admits.
      [
        "mandatory tenant-role-trust TI-TRUST-006 pooled-0-role",
        "mandatory tenant-stack-isolation TI-STACK-002 hooli",
        "mandatory tenant-stack-isolation TI-STACK-002 umbrella",
      ],
    ],
    [
      'StringLike "*"',
      sessionConditions(({ StringEquals: _pin, ...c }) => ({
        ...c,
        StringLike: { "aws:RequestTag/tenantId": "*" },
      })),
      [
        "mandatory tenant-role-trust TI-TRUST-006 pooled-0-role",
        "mandatory tenant-stack-isolation TI-STACK-002 hooli",
        "mandatory tenant-stack-isolation TI-STACK-002 umbrella",
        "mandatory tenant-stack-isolation TI-TRUST-006 pooled-0-role",
      ],
    ],
    [
      "no aws:TagKeys pin",
      sessionConditions(({ "ForAllValues:StringEquals": _keys, ...c }) => c),
      ["mandatory tenant-role-trust TI-TRUST-006 pooled-0-role"],
    ],
    [
      "transitive tags allowed",
      sessionConditions((c) => ({ ...c, Null: { ...c.Null, "sts:TransitiveTagKeys": "false" } })),
      ["mandatory tenant-role-trust TI-TRUST-006 pooled-0-role"],
    ],
    [
      "an undeclared id",
      admitting(["hooli", "umbrella", "zz-ghost"]),
      ["mandatory tenant-stack-isolation TI-TRUST-006 pooled-0-role"],
    ],
    [
      "a dedicated tenant's id",
      admitting(["acme", "hooli", "umbrella"]),
      ["mandatory tenant-stack-isolation TI-TRUST-006 pooled-0-role"],
    ],
    [
      "a suspended pooled tenant's id",
      admitting(["hooli", "umbrella", "vandelay"]),
      ["mandatory tenant-stack-isolation TI-TRUST-006 pooled-0-role"],
    ],
    [
      "the shard role trusting itself",
      shardTrust((s) => ({ ...s, Principal: { AWS: SHARD_ROLE_ARN } })),
      ["mandatory tenant-role-trust TI-TRUST-002 pooled-0-role"],
    ],
    [
      "the shard role trusting the account root",
      shardTrust((s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${PLATFORM.accountId}:root` } })),
      [
        "mandatory tenant-role-trust TI-TRUST-001 pooled-0-role",
        "mandatory tenant-role-trust TI-TRUST-002 pooled-0-role",
      ],
    ],
  ];
  for (const [name, resources, expected] of trustMistakes) {
    it(`rejects a shard trust with ${name}`, async () => {
      expect(summary(await analyze(resources))).to.deep.equal(expected);
    });
  }

  for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
    it(`shows the re-tagging a shard policy granting ${action} allows`, async () => {
      const violations = await analyze(
        addToShardPolicy({ Sid: "Retag", Effect: "Allow", Action: action, Resource: "*" }),
      );
      expect(summary(violations)).to.deep.equal([
        "mandatory tenant-data-leaks TI-LEAK-004 pooled-0-data-access",
      ]);
      expect(violations[0]?.message).to.include(`Request: ${action} on ${SHARD_ROLE_ARN}`);
    });
  }

  it("rejects an active pooled tenant no shard admits", async () => {
    const resources = admitting(["umbrella"]);
    expect(summary(await analyze(resources))).to.deep.equal([
      "mandatory tenant-stack-isolation TI-STACK-002 hooli",
    ]);
  });

  it("still requires a dedicated tenant's own role", async () => {
    const resources = withoutResource(baseline, "acme-data-access");
    expect(summary(await analyze(resources))).to.deep.equal([
      "mandatory tenant-stack-isolation TI-STACK-002 acme",
    ]);
  });
});
