import { expect } from "chai";
import { dynamodbProbes } from "../../../../policypack/lib/evaluation/dynamodbProbes";
import { ProbeRequest } from "../../../../policypack/lib/evaluation/probeRequest";
import { TenantTarget, tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { wildcardMatcher } from "../../../../policypack/lib/evaluation/wildcards";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { documentOf, referenceAction } from "./fixtures";

// The requests that stand for other tenants' items in the shared table. IAM checks
// dynamodb:LeadingKeys against the partition keys a request names; a request without keys (Scan,
// PartiQL without a key condition, stream records) carries none, so ForAllValues conditions hold.

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/tenant-table`;
const SETTINGS = readSettings({ tableName: "tenant-table", region: REGION, accountId: ACCOUNT });
const LEADING_KEYS = "dynamodb:LeadingKeys";
const FULL_TABLE_SCAN = "dynamodb:FullTableScan";

function targetOf(tenantId: string, statements: Record<string, unknown>[] = []): TenantTarget {
  return tenantTarget(tenantId, SETTINGS, [documentOf(statements)]);
}

const probesOf = (name: string, target: TenantTarget): ProbeRequest[] =>
  dynamodbProbes(referenceAction(name), target, target.session);
const keysOf = (probes: ProbeRequest[]) =>
  probes.map((probe) => probe.context.values(LEADING_KEYS));

/** A grant of GetItem on the table whose LeadingKeys take `values`. */
const keyedGrant = (values: string[]) => ({
  Effect: "Allow",
  Action: "dynamodb:GetItem",
  Resource: TABLE,
  Condition: { "ForAllValues:StringLike": { [LEADING_KEYS]: values } },
});

describe("dynamodbProbes", () => {
  describe("actions that carry dynamodb:LeadingKeys", () => {
    const target = targetOf("acme");
    const probes = probesOf("dynamodb:GetItem", target);
    const others = target.others;

    it("tries each other tenant's key, a batch mixing own and foreign keys, and a smuggled key", () => {
      expect(probes.map((probe) => probe.resource)).to.deep.equal(probes.map(() => TABLE));
      expect(keysOf(probes)).to.deep.equal([
        ...others.map((other) => [`${other.id}#r1`]),
        ["acme#r1", "zz-other#r1"],
        // Another tenant's key prefix, then the tenant's own: the key merely contains "acme#".
        ["zz-other#acme#r1"],
      ]);
    });

    it("says whose items each request stands for, proves TI-LEAK-001 and names the key pin", () => {
      others.forEach((other, at) => expect(probes[at]?.stands).to.include(other.stands));
      expect(probes[others.length + 1]?.stands).to.include('"acme#"');
      for (const probe of probes) {
        expect(probe.rule).to.equal(RULES.leakDynamoDb);
        expect(probe.action).to.equal("dynamodb:GetItem");
        expect(probe.fix)
          .to.include('"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["acme#*"]}')
          .and.include('"Null": {"dynamodb:LeadingKeys": "false"}');
      }
    });

    it("mixes the batch with the first other tenant the target lists", () => {
      // For the tenant "zz-other" the unrelated representative is "qq-other".
      const own = targetOf("zz-other");
      expect(own.others[0]?.id).to.equal("qq-other");
      expect(keysOf(probesOf("dynamodb:GetItem", own)).slice(-2)).to.deep.equal([
        ["zz-other#r1", "qq-other#r1"],
        ["qq-other#zz-other#r1"],
      ]);
    });

    it("mixes the batch with a placeholder tenant when the target lists none", () => {
      const lonely: TenantTarget = { ...target, others: [] };
      expect(keysOf(probesOf("dynamodb:GetItem", lonely))).to.deep.equal([
        ["acme#r1", "zz-other#r1"],
        ["zz-other#acme#r1"],
      ]);
    });

    it("tries a key each granted LeadingKeys value reaches outside the tenant's prefix", () => {
      const granted = targetOf("acme", [keyedGrant(["a*"])]);
      const extra = probesOf("dynamodb:GetItem", granted).slice(probes.length);
      expect(extra).to.have.length(1);
      const keys = extra[0]?.context.values(LEADING_KEYS) ?? [];
      expect(keys).to.have.length(1);
      const key = keys[0] ?? "";
      expect(wildcardMatcher("a*")(key)).to.equal(true);
      // `acme` itself is the tenant's partition key, safe beside the keys `acme#...`.
      expect(key.startsWith("acme#") || key === "acme").to.equal(false);
      expect(extra[0]?.stands).to.include(`"${key}"`).and.include('"a*"');
    });

    it("adds no key for a granted value inside the tenant's prefix", () => {
      const granted = targetOf("acme", [keyedGrant(["acme#*"])]);
      expect(keysOf(probesOf("dynamodb:GetItem", granted))).to.deep.equal(keysOf(probes));
    });

    it("tries only the table itself for an action on tables, whatever else the grant names", () => {
      const granted = targetOf("acme", [
        { Effect: "Allow", Action: "dynamodb:*", Resource: [TABLE, `${TABLE}/*`] },
      ]);
      for (const name of ["dynamodb:GetItem", "dynamodb:UpdateTable"])
        expect(probesOf(name, granted).map((probe) => probe.resource)).to.satisfy(
          (resources: string[]) => resources.length > 0 && resources.every((r) => r === TABLE),
        );
    });
  });

  describe("requests without keys", () => {
    const target = targetOf("acme");

    it("scans the table, then its index, with LeadingKeys known to be absent", () => {
      const probes = probesOf("dynamodb:Scan", target);
      // The table first: a finding shows the first request allowed.
      expect(probes.map((probe) => probe.resource)).to.have.length(2);
      expect(probes[0]?.resource).to.equal(TABLE);
      expect(probes[1]?.resource).to.match(/\/index\/[^/]+$/);
      expect(probes[1]?.resource.startsWith(`${TABLE}/index/`)).to.equal(true);
      for (const probe of probes) {
        expect(probe.context.values(LEADING_KEYS)).to.equal(undefined);
        expect(probe.context.isModelled(LEADING_KEYS)).to.equal(true);
        expect(probe.context.describe()).to.not.have.property(LEADING_KEYS);
        // Scan's requests carry no dynamodb:FullTableScan.
        expect(probe.context.describe()).to.not.have.property(FULL_TABLE_SCAN);
        expect(probe.stands).to.include("without keys");
        expect(probe.rule).to.equal(RULES.leakDynamoDb);
      }
    });

    it("queries the table before its index", () => {
      expect(probesOf("dynamodb:Query", target)[0]?.resource).to.equal(TABLE);
    });

    it("moves only the table forward, and puts each other type where its ARN template does", () => {
      // No action of today's reference has two types besides the table, and only metadata reads
      // name exports and imports; a later reference may. The templates: table/<name>/<type>/<id>.
      const under = ["index", "stream", "backup", "export", "import"];
      const action = { ...referenceAction("dynamodb:Scan"), resourceTypes: [...under, "table"] };
      const resources = dynamodbProbes(action, target, target.session).map((p) => p.resource);
      expect(resources).to.have.length(under.length + 1);
      expect(resources[0]).to.equal(TABLE);
      under.forEach((type, at) =>
        expect(resources[at + 1]).to.match(new RegExp(`^${TABLE}/${type}/[^/]+$`)),
      );
    });

    it("tells PartiQL whether the statement scans the whole table: only without keys", () => {
      const onTable = probesOf("dynamodb:PartiQLSelect", target).filter(
        (p) => p.resource === TABLE,
      );
      const keyless = onTable.filter((p) => p.context.values(LEADING_KEYS) === undefined);
      expect(keyless).to.have.length(1);
      expect(onTable.length).to.equal(target.others.length + 3);
      for (const probe of onTable)
        expect(probe.context.values(FULL_TABLE_SCAN)).to.deep.equal([String(probe === keyless[0])]);
    });

    it("reads a stream's records, which hold every tenant's items", () => {
      for (const name of ["dynamodb:GetRecords", "dynamodb:GetShardIterator"]) {
        const probes = probesOf(name, target);
        expect(probes).to.have.length(1);
        expect(probes[0]?.resource).to.match(/\/stream\/[^/]+$/);
        expect(probes[0]?.resource.startsWith(`${TABLE}/stream/`)).to.equal(true);
        expect(probes[0]?.context.values(LEADING_KEYS)).to.equal(undefined);
        expect(probes[0]?.stands).to.include("without keys");
      }
    });

    it("changes the table table-wide", () => {
      expect(probesOf("dynamodb:UpdateTable", target).map((probe) => probe.resource)).to.deep.equal(
        [TABLE],
      );
    });

    it("tries a global-table action only on the table: a global table lives under no table", () => {
      expect(
        probesOf("dynamodb:UpdateGlobalTable", target).map((probe) => probe.resource),
      ).to.deep.equal([TABLE]);
    });

    it("does not try actions that read only metadata", () => {
      for (const name of ["dynamodb:DescribeTable", "dynamodb:DescribeStream"])
        expect(probesOf(name, target)).to.deep.equal([]);
      // A table's or a stream's resource policy is metadata, unlike a stream's records.
      expect(referenceAction("dynamodb:GetResourcePolicy").resourceTypes).to.include("stream");
      expect(probesOf("dynamodb:GetResourcePolicy", target)).to.deep.equal([]);
    });
  });
});
