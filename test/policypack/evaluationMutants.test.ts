import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { PlannedResource } from "../../plan/plannedResource";
import { evaluateCondition } from "../../policypack/lib/evaluation/conditions";
import { decide, PlacedStatement } from "../../policypack/lib/evaluation/decide";
import { serviceActions } from "../../policypack/lib/evaluation/iamReference";
import { ProbeRequest } from "../../policypack/lib/evaluation/probeRequest";
import { RequestContext } from "../../policypack/lib/evaluation/requestContext";
import { parsePolicyDocument } from "../../policypack/lib/policyDocument";
import { RULES } from "../../policypack/lib/ruleCatalog";
import { allow, BUCKET, TABLE } from "./corpus";
import { addStatement, findResource, withDocument } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, pooledStack, tenantStack } from "./tenantStackFixture";

// IAM evaluation details and finding details the pack's verdicts rest on, each pinned by a case a
// mutant of conditions.ts, wildcards.ts, decide.ts, the probes or leakChecks.ts gets wrong.
// The matchers cache compiled patterns by their text for the life of the process, so the wildcard
// cases use a name unique to each run: a mutant of the compiler must not meet a cached regex.

const ACCOUNT = PLATFORM.accountId;
const session = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, [
  "aws:principaltag/",
  "aws:sourcearn",
  "aws:securetransport",
  "aws:username",
]);
const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });
const outcome = (operator: string, key: string, values: string[], context = session) =>
  evaluateCondition(entry(operator, key, ...values), "2012-10-17", context, true);

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
  rule: RULES.leakS3,
  stands: "test",
  fix: "test",
});
const placed = (json: unknown): PlacedStatement[] => {
  const parsed = parsePolicyDocument(json);
  if (parsed.kind !== "document") throw new Error(parsed.reason);
  return parsed.document.statements.map((statement) => ({
    statement,
    document: parsed.document,
    location: "test",
  }));
};

describe("IAM evaluation details the pack's verdicts rest on", () => {
  describe("condition operators", () => {
    const source = (value: string) => session.with({ "aws:SourceArn": value });

    it("StringEqualsIgnoreCase and its negation compare without case", () => {
      const mixed = session.with({ "aws:username": "Alice" });
      expect(outcome("StringEqualsIgnoreCase", "aws:username", ["aLICE"], mixed)).to.equal("holds");
      expect(outcome("StringEqualsIgnoreCase", "aws:username", ["bob"], mixed)).to.equal("fails");
      expect(outcome("StringNotEqualsIgnoreCase", "aws:username", ["ALICE"], mixed)).to.equal(
        "fails",
      );
      expect(outcome("StringNotEqualsIgnoreCase", "aws:username", ["bob"], mixed)).to.equal(
        "holds",
      );
    });

    it("Bool compares without case", () => {
      const secure = session.with({ "aws:SecureTransport": "true" });
      expect(outcome("Bool", "aws:SecureTransport", ["TRUE"], secure)).to.equal("holds");
      expect(outcome("Bool", "aws:SecureTransport", ["false"], secure)).to.equal("fails");
    });

    it("StringLike with a literal value matches only that value, case-sensitively", () => {
      const user = session.with({ "aws:username": "alice" });
      expect(outcome("StringLike", "aws:username", ["alice"], user)).to.equal("holds");
      expect(outcome("StringLike", "aws:username", ["ALICE"], user)).to.equal("fails");
    });

    it("the Arn operators match field by field; a wildcard in the region stops at its colon", () => {
      const fn = `fn-${randomUUID()}`;
      const arn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${fn}`;
      for (const operator of ["ArnLike", "ArnEquals"]) {
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:eu-west-?:${ACCOUNT}:function:*`],
            source(arn),
          ),
          `${operator} ?`,
        ).to.equal("holds");
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:*:${ACCOUNT}:function:${fn}`],
            source(arn),
          ),
          `${operator} *`,
        ).to.equal("holds");
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:*:${ACCOUNT}:function:${fn}`],
            source(`arn:aws:lambda:eu:x:${ACCOUNT}:function:${fn}`),
          ),
          `${operator}: * does not span a colon in the region`,
        ).to.equal("fails");
      }
      for (const operator of ["ArnNotLike", "ArnNotEquals"]) {
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:*:${ACCOUNT}:function:fn-arnnotlike`],
            source(`arn:aws:lambda:eu:x:${ACCOUNT}:function:fn-arnnotlike`),
          ),
          `${operator}: * does not span a colon in the region`,
        ).to.equal("holds");
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:eu-west-?:${ACCOUNT}:function:*`],
            source(arn),
          ),
          operator,
        ).to.equal("fails");
        expect(
          outcome(
            operator,
            "aws:SourceArn",
            [`arn:aws:lambda:us-east-?:${ACCOUNT}:function:*`],
            source(arn),
          ),
          operator,
        ).to.equal("holds");
      }
    });

    it("a negated operator fails when one present value matches", () => {
      const user = session.with({ "aws:username": "alice" });
      expect(outcome("StringNotEquals", "aws:username", ["alice"], user)).to.equal("fails");
    });

    it("an unknown set qualifier, a qualified Null and an unknown operator are unsupported", () => {
      const user = session.with({ "aws:username": "alice" });
      expect(outcome("ForSomeValues:StringEquals", "aws:username", ["alice"], user)).to.equal(
        "unsupported",
      );
      expect(outcome("ForAllValues:Null", "aws:username", ["false"], user)).to.equal("unsupported");
      expect(outcome("StringSoundsLike", "aws:username", ["alice"], user)).to.equal("unsupported");
    });
  });

  describe("a Resource with a policy variable (Version 2012-10-17)", () => {
    const statements = placed({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::var-bucket/tenants/${aws:PrincipalTag/tenantId}/*",
        },
        {
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::var-bucket/home/${aws:username}/*",
        },
      ],
    });

    it("matches the session's own objects only", () => {
      expect(
        decide(statements, request("s3:GetObject", "arn:aws:s3:::var-bucket/tenants/acme/1")).kind,
      ).to.equal("allowed");
      expect(
        decide(statements, request("s3:GetObject", "arn:aws:s3:::var-bucket/tenants/globex/1"))
          .kind,
      ).to.equal("denied");
    });

    it("matches a resolved pattern field by field", () => {
      const table = placed({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "dynamodb:GetItem",
            Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/\${aws:PrincipalTag/tenantId}-var`,
          },
        ],
      });
      expect(
        decide(
          table,
          request("dynamodb:GetItem", `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/acme-var`),
        ).kind,
      ).to.equal("allowed");
      expect(
        decide(
          table,
          request("dynamodb:GetItem", `arn:aws:dynamodb:eu:x:${ACCOUNT}:table/acme-var`),
        ).kind,
      ).to.equal("denied");
    });

    it("matches nothing when the variable cannot resolve", () => {
      expect(
        decide(statements, request("s3:PutObject", "arn:aws:s3:::var-bucket/home/x/1")).kind,
      ).to.equal("denied");
    });
  });
});

interface Reported {
  readonly rule: string;
  readonly message: string;
}

async function reportedOn(
  resources: readonly PlannedResource[],
  name: string,
): Promise<Reported[]> {
  const urn = findResource(resources, name).urn;
  const violations = await analyzeInProcess(resources, derivePlatformSettings(resources));
  return violations
    .filter((violation) => violation.urn === urn)
    .map((violation) => ({ rule: ruleIdOf(violation) ?? "", message: violation.message }));
}

describe("leak findings' details", () => {
  const baseline = tenantStack(BASELINE_TENANTS);

  it("counts one more representative request in the singular", async () => {
    const found = await reportedOn(
      addStatement(baseline, "acme", allow("dynamodb:DeleteBackup", `${TABLE}/backup/*`)),
      "acme-data-access",
    );
    expect(found.map((f) => f.rule)).to.deep.equal(["TI-LEAK-001"]);
    expect(found[0]?.message).to.include(
      `allows dynamodb:DeleteBackup on ${TABLE}/backup/sample-backup.`,
    );
    const scan = await reportedOn(
      addStatement(baseline, "acme", allow("dynamodb:Scan", [TABLE, `${TABLE}/index/*`])),
      "acme-data-access",
    );
    expect(scan.map((f) => f.rule)).to.deep.equal(["TI-LEAK-001"]);
    expect(scan[0]?.message).to.include(
      `allows dynamodb:Scan on ${TABLE} (and 1 more representative request).`,
    );
  });

  it("shows what a negated condition on an unmodelled key assumes", async () => {
    const found = await reportedOn(
      addStatement(
        baseline,
        "acme",
        allow("s3:GetObject", `${BUCKET}/*`, {
          Condition: {
            StringNotEquals: { "aws:SourceVpc": "vpc-1" },
            StringEquals: { "aws:SourceVpce": "vpce-1" },
            Null: { "aws:SourceIp": "true" },
          },
        }),
      ),
      "acme-data-access",
    );
    expect(found.map((f) => f.rule)).to.deep.equal(["TI-LEAK-002"]);
    const request = / Request: (\S+) on (\S+) with (\{.*?\}) \((.*?)\)\. /.exec(
      found[0]?.message ?? "",
    );
    expect(JSON.parse(request?.[3] ?? "{}")).to.deep.include({ "aws:SourceVpce": ["vpce-1"] });
    expect(request?.[4]).to.match(
      /; assuming StringNotEquals aws:SourceVpc \["vpc-1"\] and Null aws:SourceIp \["true"\] hold$/,
    );
  });

  it("grants through any named access point leak another tenant's object", async () => {
    const found = await reportedOn(
      addStatement(
        baseline,
        "acme",
        allow("s3:GetObject", `arn:aws:s3:${PLATFORM.region}:${ACCOUNT}:accesspoint/?*/object/*`),
      ),
      "acme-data-access",
    );
    expect(found.map((f) => f.rule)).to.deep.equal(["TI-LEAK-002"]);
    expect(found[0]?.message).to.include(
      `allows s3:GetObject on arn:aws:s3:${PLATFORM.region}:${ACCOUNT}:accesspoint/sample-access-point/object/tenants/`,
    );
  });

  it("a shard role's leak is judged per session and its fix names the session's tag", async () => {
    const stack = pooledStack();
    const policy = "pooled-0-data-access";
    const leaking = withDocument(stack, policy, "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, allow("s3:GetObject", `${BUCKET}/tenants/*`)],
    }));
    const found = await reportedOn(leaking, policy);
    expect(found.map((f) => f.rule)).to.deep.equal(["TI-LEAK-002"]);
    expect(found[0]?.message).to.include("Fix: name only");
    expect(found[0]?.message).to.include("tenants/${aws:PrincipalTag/tenantId}/*");
  });
});
