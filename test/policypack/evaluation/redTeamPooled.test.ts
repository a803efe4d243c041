import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { PlannedResource } from "../../../plan/plannedResource";
import { BUCKET, TABLE } from "../corpus";
import { withDocument } from "../stackMutations";
import { pooledStack } from "../tenantStackFixture";

// Gaps a red-team review of the pooled tier found (the shard role dev-pooled-0 serves hooli and
// umbrella): each policy lets one tenant's session reach another's data, and passed.

type Statement = Record<string, unknown>;

const ACCOUNT = "123456789012";
const SHARD_ROLE = `arn:aws:iam::${ACCOUNT}:role/tenants/dev-pooled-0`;
const SESSION_TAG = "${aws:PrincipalTag/tenantId}";

const allow = (Action: unknown, Resource: unknown, extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});

/** Mandatory rule ids on the shard's data-access policy with `added` appended to it. */
async function mandatoryWith(...added: Statement[]): Promise<string[]> {
  const stack: PlannedResource[] = withDocument(
    [...pooledStack()],
    "pooled-0-data-access",
    "policy",
    (doc) => ({ ...doc, Statement: [...doc.Statement, ...added] }),
  );
  const urn = stack.find((item) => item.name === "pooled-0-data-access")?.urn;
  const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
  return [
    ...new Set(
      violations
        .filter((v) => v.urn === urn && v.level === "mandatory")
        .map((v) => ruleIdOf(v) ?? v.message),
    ),
  ];
}

describe("leak evaluation: a pooled shard's escalations", () => {
  for (const action of [
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePermissionsBoundary",
  ])
    it(`finds ${action} on the shard's own role`, async () => {
      expect(await mandatoryWith(allow(action, SHARD_ROLE))).to.deep.equal(["TI-LEAK-004"]);
    });

  it("finds ${aws:UserAgent} and ${aws:referer}, which the caller sends, in an object Resource", async () => {
    for (const key of ["aws:UserAgent", "aws:referer"])
      expect(
        await mandatoryWith(allow("s3:GetObject", `${BUCKET}/tenants/\${${key}}/*`)),
        key,
      ).to.deep.equal(["TI-LEAK-002"]);
  });

  it("finds ${aws:UserAgent} as the LeadingKeys pin", async () => {
    const pinnedByHeader = allow("dynamodb:GetItem", TABLE, {
      Condition: {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:UserAgent}#*"] },
        Null: { "dynamodb:LeadingKeys": "false" },
      },
    });
    expect(await mandatoryWith(pinnedByHeader)).to.deep.equal(["TI-LEAK-001"]);
  });

  it("finds ${s3:RequestObjectTag/tenantId}, the caller's object tag, in a PutObject Resource", async () => {
    const taggedByCaller = allow(
      "s3:PutObject",
      `${BUCKET}/tenants/\${s3:RequestObjectTag/tenantId}/*`,
    );
    expect(await mandatoryWith(taggedByCaller)).to.deep.equal(["TI-LEAK-002"]);
  });

  for (const action of ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"])
    it(`finds ${action} on the platform's functions, which run as the workload role`, async () => {
      const platformFunctions = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:dev-*`;
      expect(await mandatoryWith(allow(action, platformFunctions))).to.deep.equal(["TI-LEAK-004"]);
    });

  it("passes invoking the platform's functions and changing functions of other names", async () => {
    expect(
      await mandatoryWith(
        allow("lambda:InvokeFunction", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:dev-*`),
        allow("lambda:UpdateFunctionCode", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app-*`),
      ),
    ).to.deep.equal([]);
  });

  it("passes the tenant's own folder-marker key beside its prefix", async () => {
    const homeFolder = allow("s3:GetObject", [
      `${BUCKET}/tenants/${SESSION_TAG}/*`,
      `${BUCKET}/tenants/${SESSION_TAG}`,
    ]);
    expect(await mandatoryWith(homeFolder)).to.deep.equal([]);
  });
});

describe("leak evaluation: a pooled shard's sessions the tag patterns leave out", () => {
  const TAG = "aws:PrincipalTag/tenantId";

  it("finds a grant to every tag that matches none of a negated Allow's patterns", async () => {
    const scan = allow("dynamodb:Scan", TABLE, {
      Condition: { StringNotLike: { [TAG]: ["p*", "t*"] } },
    });
    const objects = allow("s3:GetObject", `${BUCKET}/tenants/*`, {
      Condition: { StringNotLike: { [TAG]: ["*-*", "t*"] } },
    });
    expect(await mandatoryWith(scan)).to.deep.equal(["TI-LEAK-001"]);
    expect(await mandatoryWith(objects)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("finds a grant whose Deny covers only long tags", async () => {
    const longTagsDenied = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringLike: { [TAG]: ["????????????*", "true"] } },
    };
    expect(await mandatoryWith(allow("dynamodb:Scan", TABLE), longTagsDenied)).to.deep.equal([
      "TI-LEAK-001",
    ]);
  });

  it("passes a grant whose Deny spares no tag", async () => {
    const everyTagDenied = {
      Effect: "Deny",
      Action: "dynamodb:Scan",
      Resource: "*",
      Condition: { StringLike: { [TAG]: "*" } },
    };
    expect(await mandatoryWith(allow("dynamodb:Scan", TABLE), everyTagDenied)).to.deep.equal([]);
  });
});
