import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { PlannedResource } from "../../plan/plannedResource";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { RULES, RuleKind } from "../../policypack/lib/ruleCatalog";
import { allow, BUCKET, TABLE } from "./corpus";
import { addStatement, findResource, withStatement } from "./stackMutations";
import { BASELINE_TENANTS, tenantStack } from "./tenantStackFixture";

// The survivor classes of issue 15's table, on today's layout of the pack (the probes by meaning in
// evaluation/*Probes.ts, the IAM evaluation in evaluation/decide.ts and conditions.ts): each case
// names the rule, the kind and the request the pack shows, so the mutant that let it through fails.

const baseline = tenantStack(BASELINE_TENANTS);
const acmePolicyUrn = findResource(baseline, "acme-data-access").urn;
const UNRELATED = "arn:aws:sqs:eu-west-1:123456789012:unrelated-queue";

interface Reported {
  readonly rule: string;
  readonly kind: RuleKind | undefined;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string[]>;
}

const KIND_BY_ID = new Map(Object.values(RULES).map((rule) => [rule.id, rule.kind]));

/** The findings on acme's data-access policy, with the request each one shows. */
async function reported(resources: readonly PlannedResource[]): Promise<Reported[]> {
  const violations = await analyzeInProcess(resources, derivePlatformSettings(resources));
  return violations
    .filter((violation) => violation.urn === acmePolicyUrn)
    .map((violation) => {
      const rule = ruleIdOf(violation) ?? violation.message;
      const request = / Request: (\S+) on (\S+) with (\{.*?\}) \(/.exec(violation.message);
      return {
        rule,
        kind: KIND_BY_ID.get(rule),
        action: request?.[1] ?? "",
        resource: request?.[2] ?? "",
        context: request === null ? {} : (JSON.parse(request[3] as string) as Reported["context"]),
      };
    });
}

const ownItems = (edit: (statement: Record<string, any>) => Record<string, any>) =>
  withStatement(baseline, "acme", "OwnItemsOnly", edit);
const listing = (Condition: unknown) =>
  withStatement(baseline, "acme", "ListOwnPrefixOnly", (s) => ({ ...s, Condition }));
const objects = (Resource: unknown) =>
  withStatement(baseline, "acme", "OwnObjectsOnly", (s) => ({ ...s, Resource }));

describe("leak probes: the survivor classes of issue 15", () => {
  it("baseline: acme's data-access policy has no finding", async () => {
    expect(await reported(baseline)).to.deep.equal([]);
  });

  describe("a statement reaching the table plus an unrelated ARN", () => {
    it("a keyless Scan on [unrelated, table] leaks the table (one Resource matching is enough)", async () => {
      const found = await reported(
        addStatement(baseline, "acme", allow("dynamodb:Scan", [UNRELATED, TABLE])),
      );
      expect(found).to.have.length(1);
      expect(found[0]).to.deep.include({
        rule: "TI-LEAK-001",
        kind: "leak",
        action: "dynamodb:Scan",
        resource: TABLE,
      });
      expect(found[0]?.context).to.not.have.property("dynamodb:LeadingKeys");
    });

    it("item actions without the key pin on [table, unrelated] leak another tenant's items", async () => {
      const found = await reported(
        ownItems(({ Condition: _pin, ...s }) => ({ ...s, Resource: [TABLE, UNRELATED] })),
      );
      expect(found.map((f) => [f.rule, f.kind, f.resource])).to.deep.equal([
        ["TI-LEAK-001", "leak", TABLE],
      ]);
      const keys = found[0]?.context["dynamodb:LeadingKeys"] ?? [];
      expect(keys.every((key) => key.startsWith("acme#"))).to.equal(false);
    });

    it("the pinned statement with an unrelated ARN added stays safe", async () => {
      expect(
        await reported(ownItems((s) => ({ ...s, Resource: [TABLE, UNRELATED] }))),
      ).to.deep.equal([]);
    });
  });

  describe("a LeadingKeys value that contains the tenant prefix but does not start with it", () => {
    it('"*acme#*" lets another tenant\'s key that merely contains acme# through', async () => {
      const found = await reported(
        ownItems((s) => ({
          ...s,
          Condition: {
            "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["*acme#*"] },
            Null: { "dynamodb:LeadingKeys": "false" },
          },
        })),
      );
      expect(found.map((f) => [f.rule, f.kind, f.resource])).to.deep.equal([
        ["TI-LEAK-001", "leak", TABLE],
      ]);
      const [key] = found[0]?.context["dynamodb:LeadingKeys"] ?? [];
      expect(key).to.be.a("string").that.includes("acme#");
      expect(key?.startsWith("acme#")).to.equal(false);
    });
  });

  describe("s3:prefix on the listing statement", () => {
    // The stack rules may add their own finding on a foreign prefix; these cases are about the leak.
    const listed = (found: Reported[]) =>
      found
        .filter((f) => f.kind === "leak")
        .map((f) => [f.rule, f.kind, f.action, f.resource, f.context["s3:prefix"]]);

    it("mixed own and foreign values leak the foreign tenant's listing", async () => {
      const found = await reported(
        listing({ StringLike: { "s3:prefix": ["tenants/acme/*", "tenants/globex/*"] } }),
      );
      expect(listed(found)).to.deep.equal([
        ["TI-LEAK-002", "leak", "s3:ListBucket", BUCKET, ["tenants/globex/"]],
      ]);
    });

    it("StringNotLike on the own prefix leaks every other prefix", async () => {
      const found = await reported(listing({ StringNotLike: { "s3:prefix": "tenants/acme/*" } }));
      expect(found).to.have.length(1);
      const [prefix] = found[0]?.context["s3:prefix"] ?? [];
      expect([found[0]?.rule, found[0]?.kind, found[0]?.action]).to.deep.equal([
        "TI-LEAK-002",
        "leak",
        "s3:ListBucket",
      ]);
      expect(prefix?.startsWith("tenants/acme/")).to.equal(false);
    });

    it("an empty s3:prefix list matches no request: nothing is listed, nothing leaks", async () => {
      expect(await reported(listing({ StringLike: { "s3:prefix": [] } }))).to.deep.equal([]);
    });

    // Found by this work: the pack listed no prefix that merely contains the tenant's, so this
    // policy, which lists another tenant's keys under tenants/<other>/tenants/acme/, passed.
    it('a prefix that only contains the own prefix ("*tenants/acme/*") leaks', async () => {
      const found = await reported(listing({ StringLike: { "s3:prefix": ["*tenants/acme/*"] } }));
      expect(listed(found)).to.deep.equal([
        ["TI-LEAK-002", "leak", "s3:ListBucket", BUCKET, ["tenants/zz-other/tenants/acme/"]],
      ]);
    });
  });

  describe("an object Resource that contains the tenant's prefix but does not start with it", () => {
    it("bucket/*tenants/acme/* reaches another tenant's object whose key contains tenants/acme/", async () => {
      const found = await reported(objects(`${BUCKET}/*tenants/acme/*`));
      expect(found.map((f) => [f.rule, f.kind])).to.deep.equal([["TI-LEAK-002", "leak"]]);
      const key = found[0]?.resource.slice(`${BUCKET}/`.length) ?? "";
      expect(key).to.include("tenants/acme/");
      expect(key.startsWith("tenants/acme/")).to.equal(false);
    });
  });
});
