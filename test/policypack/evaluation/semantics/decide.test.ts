import { expect } from "chai";
import {
  assumedConditions,
  decide,
  PlacedStatement,
} from "../../../../policypack/lib/evaluation/decide";
import { serviceActions } from "../../../../policypack/lib/evaluation/iamReference";
import { ProbeRequest } from "../../../../policypack/lib/evaluation/probeRequest";
import { RequestContext } from "../../../../policypack/lib/evaluation/requestContext";
import { parsePolicyDocument } from "../../../../policypack/lib/policyDocument";
import { RULES } from "../../../../policypack/lib/ruleCatalog";

// IAM's identity-policy decision over placed statements: Deny > Allow > implicit deny.

/** An acme session; aws:SourceIdentity is not modelled, so the caller picks it. */
const session = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, [
  "aws:principaltag/",
  "dynamodb:leadingkeys",
]);
const request = (action: string, resource: string): ProbeRequest => {
  const [service = "", name = ""] = action.split(":");
  const reference = serviceActions(service)?.find((known) => known.name.split(":")[1] === name);
  if (reference === undefined) throw new Error(`no ${action} in the reference`);
  return {
    action,
    reference,
    resource,
    context: session,
    rule: RULES.leakS3,
    stands: "test",
    fix: "test",
  };
};
const placed = (...statements: unknown[]): PlacedStatement[] => {
  const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
  if (parsed.kind !== "document") throw new Error(parsed.reason);
  const { document } = parsed;
  return document.statements.map((statement) => ({
    statement,
    document,
    location: `statement ${statement.index}`,
  }));
};
const OBJECT = "arn:aws:s3:::tenant-data/globex/report.csv";
const getObject = request("s3:GetObject", OBJECT);
const allowAll = { Effect: "Allow", Action: "s3:*", Resource: "*" };

describe("decide", () => {
  describe("which statement decides", () => {
    it("reports the first Allow that applies", () => {
      const statements = placed(allowAll, { ...allowAll, Action: "s3:GetObject" });
      const decision = decide(statements, getObject);
      expect(decision).to.deep.equal({ kind: "allowed", by: statements[0] });
    });

    it("lets a later Deny override an earlier Allow", () => {
      const statements = placed(allowAll, { ...allowAll, Effect: "Deny" });
      expect(decide(statements, getObject)).to.deep.equal({ kind: "denied", by: statements[1] });
    });
  });

  describe("Action", () => {
    it("matches action names case-insensitively", () => {
      const statements = placed({ ...allowAll, Action: "S3:getobject" });
      expect(decide(statements, getObject).kind).to.equal("allowed");
    });
  });

  describe("Resource", () => {
    // IAM matches an ARN field by field: a region wildcard cannot take in the account field.
    it("keeps a wildcard within its ARN field", () => {
      const statements = placed({
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: "arn:aws:dynamodb:*:123456789012:table/dev-tenant-data",
      });
      const own = "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data";
      const foreign =
        "arn:aws:dynamodb:eu-west-1:999999999999:x:123456789012:table/dev-tenant-data";
      expect(decide(statements, request("dynamodb:GetItem", own)).kind).to.equal("allowed");
      expect(decide(statements, request("dynamodb:GetItem", foreign)).kind).to.equal("denied");
    });

    const bySourceIdentity = "arn:aws:s3:::tenant-data/${aws:SourceIdentity}/*";

    it("lets an Allow on a caller-picked variable reach any such resource", () => {
      const statements = placed({ ...allowAll, Resource: bySourceIdentity });
      expect(decide(statements, getObject).kind).to.equal("allowed");
    });

    it("lets the caller step around a Deny on a caller-picked variable", () => {
      const statements = placed(allowAll, {
        ...allowAll,
        Effect: "Deny",
        Resource: bySourceIdentity,
      });
      expect(decide(statements, getObject)).to.deep.equal({ kind: "allowed", by: statements[0] });
    });
  });

  describe("a condition operator the pack cannot evaluate", () => {
    const clearance = { NumericGreaterThanEquals: { "aws:PrincipalTag/clearance": "3" } };

    it("is taken to hold in an Allow and to fail in a Deny", () => {
      const allow = placed({ ...allowAll, Condition: clearance });
      expect(decide(allow, getObject).kind).to.equal("allowed");
      const deny = placed(allowAll, { ...allowAll, Effect: "Deny", Condition: clearance });
      expect(decide(deny, getObject).kind).to.equal("allowed");
    });

    it("is listed among the conditions assumed", () => {
      const [statement] = placed({ ...allowAll, Condition: clearance });
      expect(assumedConditions(statement as PlacedStatement, getObject)).to.deep.equal([
        { operator: "NumericGreaterThanEquals", key: "aws:PrincipalTag/clearance", values: ["3"] },
      ]);
    });
  });
});
