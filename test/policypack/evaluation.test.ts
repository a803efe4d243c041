import { expect } from "chai";
import { evaluateCondition } from "../../policypack/lib/evaluation/conditions";
import { decide, PlacedStatement } from "../../policypack/lib/evaluation/decide";
import { carriesKey, serviceActions } from "../../policypack/lib/evaluation/iamReference";
import { resolveVariables } from "../../policypack/lib/evaluation/policyVariables";
import { ProbeRequest } from "../../policypack/lib/evaluation/probeRequest";
import { RequestContext } from "../../policypack/lib/evaluation/requestContext";
import { wildcardMatches, plain } from "../../policypack/lib/evaluation/wildcards";
import { parsePolicyDocument, PolicyDocument } from "../../policypack/lib/policyDocument";
import { probesFor } from "../../policypack/lib/evaluation/probes";
import { tenantTarget } from "../../policypack/lib/evaluation/tenantTarget";
import { readSettings } from "../../policypack/lib/settings";
import { tenantRolePolicy } from "../../components/policies";
import { PLATFORM } from "./tenantStackFixture";
import { RULES } from "../../policypack/lib/ruleCatalog";

// IAM's evaluation rules the pack's verdicts rest on, one per test.

const session = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, [
  "aws:principaltag/",
  "dynamodb:leadingkeys",
]);
const keys = (...values: string[]) => session.with({ "dynamodb:LeadingKeys": values });
const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });
const reference = (action: string) => {
  const [service = "", name = ""] = action.split(":");
  const found = serviceActions(service)?.find((known) => known.name.split(":")[1] === name);
  if (found === undefined) throw new Error(`no ${action} in the reference`);
  return found;
};
const request = (action: string, resource: string, context = session): ProbeRequest => ({
  action,
  reference: reference(action),
  resource,
  context,
  rule: RULES.leakDynamoDb,
  stands: "test",
  fix: "test",
});
const placed = (json: unknown): PlacedStatement[] => {
  const parsed = parsePolicyDocument(json);
  if (parsed.kind !== "document") throw new Error(parsed.reason);
  const document: PolicyDocument = parsed.document;
  return document.statements.map((statement) => ({ statement, document, location: "test" }));
};
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data";

describe("IAM evaluation in the pack", () => {
  describe("conditions", () => {
    it("ForAllValues holds when the key is absent, ForAnyValue does not", () => {
      expect(
        evaluateCondition(
          entry("ForAllValues:StringLike", "dynamodb:LeadingKeys", "acme#*"),
          "2012-10-17",
          session,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("ForAnyValue:StringLike", "dynamodb:LeadingKeys", "acme#*"),
          "2012-10-17",
          session,
          true,
        ),
      ).to.equal("fails");
    });

    it("ForAnyValue holds for a batch that mixes keys, ForAllValues does not", () => {
      const mixed = keys("acme#1", "globex#1");
      expect(
        evaluateCondition(
          entry("ForAnyValue:StringLike", "dynamodb:LeadingKeys", "acme#*"),
          "2012-10-17",
          mixed,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("ForAllValues:StringLike", "dynamodb:LeadingKeys", "acme#*"),
          "2012-10-17",
          mixed,
          true,
        ),
      ).to.equal("fails");
    });

    it("IfExists and negated operators hold when the key is absent; Null tests presence", () => {
      const absent = session;
      expect(
        evaluateCondition(
          entry("StringLikeIfExists", "dynamodb:LeadingKeys", "acme#*"),
          "2012-10-17",
          absent,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("StringNotLike", "dynamodb:LeadingKeys", "globex#*"),
          "2012-10-17",
          absent,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("Null", "dynamodb:LeadingKeys", "true"),
          "2012-10-17",
          absent,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("Null", "dynamodb:LeadingKeys", "false"),
          "2012-10-17",
          absent,
          true,
        ),
      ).to.equal("fails");
    });

    it("matches tag keys in any case, tag values exactly", () => {
      expect(
        evaluateCondition(
          entry("StringEquals", "aws:principaltag/TENANTID", "acme"),
          "2012-10-17",
          session,
          true,
        ),
      ).to.equal("holds");
      expect(
        evaluateCondition(
          entry("StringEquals", "aws:PrincipalTag/tenantId", "ACME"),
          "2012-10-17",
          session,
          true,
        ),
      ).to.equal("fails");
    });

    it("takes a key it does not model as unmodelled, unless the action cannot carry it", () => {
      const condition = entry("StringEquals", "s3:delimiter", "/");
      expect(evaluateCondition(condition, "2012-10-17", session, true)).to.equal("unmodelled");
      expect(evaluateCondition(condition, "2012-10-17", session, true, () => false)).to.equal(
        "fails",
      );
      expect(carriesKey(reference("s3:ListBucket"), "s3:delimiter")).to.equal(true);
      expect(carriesKey(reference("s3:ListBucketMultipartUploads"), "s3:prefix")).to.equal(false);
      expect(carriesKey(reference("s3:GetObject"), "s3:ExistingObjectTag/tenantId")).to.equal(true);
    });
  });

  describe("policy variables", () => {
    it("resolve under Version 2012-10-17 only, and a tag value's wildcard stays literal", () => {
      const text = "${aws:PrincipalTag/TenantId}#*";
      expect(resolveVariables(text, "2012-10-17", session, "match")?.text).to.equal("acme#*");
      expect(resolveVariables(text, "2008-10-17", session, "match")?.text).to.equal(text);
      expect(
        resolveVariables("${aws:PrincipalTag/team}/*", "2012-10-17", session, "match"),
      ).to.equal(undefined);
      const starred = resolveVariables(
        "${aws:PrincipalTag/tenantId}#*",
        "2012-10-17",
        RequestContext.of({ "aws:PrincipalTag/tenantId": "*" }, []),
        "match",
      );
      expect(wildcardMatches(starred ?? plain(""), "globex#1")).to.equal(false);
    });
  });

  describe("ARNs", () => {
    it("match field by field, and a pattern with fewer fields lets its last * span the rest", () => {
      expect(
        wildcardMatches(plain("arn:aws:dynamodb:*:*:table/dev-*"), TABLE, { arn: true }),
      ).to.equal(true);
      expect(
        wildcardMatches(plain("arn:aws:dynamodb:*:*:table/dev"), TABLE, { arn: true }),
      ).to.equal(false);
      expect(wildcardMatches(plain("arn:aws:*"), TABLE, { arn: true })).to.equal(true);
      expect(
        wildcardMatches(plain("arn:aws:s3:::b/tenants/*"), "arn:aws:s3:::b/tenants/a/b", {
          arn: true,
        }),
      ).to.equal(true);
    });
  });

  describe("decide", () => {
    it("lets an explicit Deny win over any Allow", () => {
      const statements = placed({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
          { Effect: "Deny", Action: "dynamodb:Scan", Resource: "*" },
        ],
      });
      expect(decide(statements, request("dynamodb:Scan", TABLE)).kind).to.equal("denied");
      expect(decide(statements, request("dynamodb:SearchVectors", TABLE)).kind).to.equal("allowed");
    });

    it("reads NotAction and NotResource as everything but their list", () => {
      const statements = placed({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            NotAction: "s3:PutBucketPolicy",
            NotResource: "arn:aws:s3:::b/tenants/acme/*",
          },
        ],
      });
      expect(
        decide(statements, request("s3:GetObject", "arn:aws:s3:::b/tenants/globex/1")).kind,
      ).to.equal("allowed");
      expect(
        decide(statements, request("s3:GetObject", "arn:aws:s3:::b/tenants/acme/1")).kind,
      ).to.equal("denied");
    });

    it("takes an unevaluable condition to hold in an Allow and to fail in a Deny", () => {
      const statements = placed({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "dynamodb:Scan",
            Resource: "*",
            Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
          },
          {
            Effect: "Deny",
            Action: "dynamodb:Scan",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
      expect(decide(statements, request("dynamodb:Scan", TABLE)).kind).to.equal("allowed");
    });
  });
  describe("secondary index probes", () => {
    const indexed = { ...PLATFORM, indexNames: ["byOwner"] };
    const document = tenantRolePolicy({
      tenantId: "acme",
      status: "active",
      models: [],
      platform: indexed,
    });
    const statements = placed(document);
    const INDEX = `${TABLE}/index/byOwner`;

    it("allows the tenant's own index partition and denies another tenant's or no key at all", () => {
      expect(
        decide(statements, request("dynamodb:Query", INDEX, keys("acme#alice"))).kind,
      ).to.equal("allowed");
      expect(
        decide(statements, request("dynamodb:Query", INDEX, keys("globex#bob"))).kind,
      ).to.equal("denied");
      expect(decide(statements, request("dynamodb:Query", INDEX)).kind).to.equal("denied");
      expect(decide(statements, request("dynamodb:Scan", INDEX)).kind).to.equal("denied");
      // An index the stack did not declare is not granted, whatever the key.
      expect(
        decide(
          statements,
          request("dynamodb:Query", `${TABLE}/index/undeclared`, keys("acme#alice")),
        ).kind,
      ).to.equal("denied");
    });

    it("probes every index the documents name with foreign keys and without keys", () => {
      const parsed = parsePolicyDocument(document);
      if (parsed.kind !== "document") throw new Error(parsed.reason);
      const target = tenantTarget("acme", readSettings({}), [parsed.document]);
      const onIndex = probesFor(statements, target).filter((probe) => probe.resource === INDEX);

      expect(
        onIndex.filter((probe) => probe.action === "dynamodb:Query").map((p) => p.stands),
      ).to.include.members([
        "a batch that mixes \"acme\"'s keys with another tenant's",
        'another tenant\'s key that merely contains "acme#"',
      ]);
      expect(onIndex.map((probe) => decide(statements, probe).kind)).to.not.include("allowed");
    });
  });
});
