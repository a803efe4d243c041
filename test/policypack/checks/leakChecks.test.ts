import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckedResource } from "../../../check/checkedResource";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { allow, BUCKET } from "../corpus";
import { addStatement, findResource, withDocument } from "../stackMutations";
import { BASELINE_TENANTS, MODEL, pooledStack, tenantStack } from "../tenantStackFixture";

// The request a leak finding shows when a condition on an unmodelled key was taken to hold.

const baseline = tenantStack(BASELINE_TENANTS);

/** The pack's violations over `stack`, and the request the first one shows, taken apart. */
async function shownRequest(stack: readonly CheckedResource[]) {
  const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
  const request = / Request: (\S+) on (\S+) with (\{.*?\}) \((.*?)\)\. /.exec(
    violations[0]?.message ?? "",
  );
  return { violations, request };
}

describe("leak findings: the request shown for an assumed condition", () => {
  it("a condition with an empty value list is said to be assumed, not set to a value", async () => {
    const stack = addStatement(
      baseline,
      "acme",
      allow("s3:GetObject", `${BUCKET}/*`, {
        Condition: { StringEquals: { "aws:SourceVpce": [] } },
      }),
    );
    const urn = findResource(stack, "acme-data-access").urn;
    const { violations, request } = await shownRequest(stack);
    expect(violations.map((v) => `${v.level} ${ruleIdOf(v)} ${v.urn === urn}`)).to.deep.equal([
      "mandatory TI-LEAK-002 true",
    ]);
    expect(request?.[1]).to.equal("s3:GetObject");
    expect(request?.[2]).to.equal(`${BUCKET}/tenants/zz-other/r1`);
    expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
      "aws:PrincipalTag/tenantId": ["acme"],
    });
    expect(request?.[4]).to.match(/; assuming StringEquals aws:SourceVpce \[\] holds$/);
  });

  for (const operator of ["Null", "ForAnyValue:Null", "forallvalues:null"]) {
    it(`${operator} "true" on an unmodelled key is assumed: the key is not put in the request`, async () => {
      const stack = addStatement(
        baseline,
        "acme",
        allow("s3:GetObject", `${BUCKET}/*`, {
          Condition: { [operator]: { "aws:SourceVpce": "true" } },
        }),
      );
      const { violations, request } = await shownRequest(stack);
      expect(violations.map((v) => ruleIdOf(v))).to.deep.equal(["TI-LEAK-002"]);
      expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
        "aws:PrincipalTag/tenantId": ["acme"],
      });
      expect(request?.[4]).to.match(
        new RegExp(`; assuming ${operator} aws:SourceVpce \\["true"\\] holds$`),
      );
    });
  }

  it("a plain operator on an unmodelled key puts its first value in the request", async () => {
    const stack = addStatement(
      baseline,
      "acme",
      allow("s3:GetObject", `${BUCKET}/*`, {
        Condition: { "ForAnyValue:StringEquals": { "aws:SourceVpce": ["vpce-1", "vpce-2"] } },
      }),
    );
    const { violations, request } = await shownRequest(stack);
    expect(violations.map((v) => ruleIdOf(v))).to.deep.equal(["TI-LEAK-002"]);
    expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
      "aws:PrincipalTag/tenantId": ["acme"],
      "aws:SourceVpce": ["vpce-1"],
    });
    expect(request?.[4]).not.to.contain("assuming");
  });

  // A number, a date or a CIDR block is no value that makes NumericLessThan, DateGreaterThan or
  // IpAddress hold; a negated or an unknown operator names no value either.
  for (const [operator, value] of [
    ["NumericLessThan", "5"],
    ["DateGreaterThan", "2030-01-01T00:00:00Z"],
    ["IpAddress", "10.0.0.0/8"],
    ["StringNotLike", "vpce-*"],
    ["ForAllValues:StringNotEquals", "vpce-1"],
    ["StringEqualsAnyCase", "vpce-1"],
    ["ForSomeValues:StringEquals", "vpce-1"],
  ] as const) {
    it(`${operator} on an unmodelled key is assumed: no value of it is put in the request`, async () => {
      const stack = addStatement(
        baseline,
        "acme",
        allow("s3:GetObject", `${BUCKET}/*`, {
          Condition: { [operator]: { "aws:SourceVpce": value } },
        }),
      );
      const { violations, request } = await shownRequest(stack);
      expect(violations.map((v) => ruleIdOf(v))).to.deep.equal(["TI-LEAK-002"]);
      expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
        "aws:PrincipalTag/tenantId": ["acme"],
      });
      expect(request?.[4]).to.match(
        new RegExp(
          `; assuming ${operator} aws:SourceVpce \\["${value.replace(/[.*]/g, "\\$&")}"\\] holds$`,
        ),
      );
    });
  }

  it("IfExists and set operators that match put their first value; the rest are assumed together", async () => {
    const stack = addStatement(
      baseline,
      "acme",
      allow("s3:GetObject", `${BUCKET}/*`, {
        Condition: {
          StringLikeIfExists: { "aws:SourceVpc": ["vpc-*", "vpc-2"] },
          "ForAllValues:ArnEquals": { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:t" },
          NumericLessThan: { "s3:max-keys": "5" },
          IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
        },
      }),
    );
    const { request } = await shownRequest(stack);
    expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
      "aws:PrincipalTag/tenantId": ["acme"],
      "aws:SourceVpc": ["vpc-*"],
      "aws:SourceArn": ["arn:aws:sns:eu-west-1:123456789012:t"],
    });
    expect(request?.[4]).to.match(
      /; assuming NumericLessThan s3:max-keys \["5"\] and IpAddress aws:SourceIp \["10\.0\.0\.0\/8"\] hold$/,
    );
  });
});

// The fix of a shard role's finding names the session's tag variable only for the session that
// stands for every unnamed pooled tenant, never for a tenant the policy names.
describe("leak findings: the fix names the tenant the request was made as", () => {
  const fixOf = async (stack: readonly CheckedResource[]) => {
    const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
    expect(violations.map((v) => ruleIdOf(v))).to.deep.equal(["TI-LEAK-002"]);
    return / Fix: (.*)$/.exec(violations[0]?.message ?? "")?.[1];
  };
  const OBJECTS_OF = (tenant: string) =>
    `name only "${BUCKET}/tenants/${tenant}/*" as the object Resource.`;
  const readEveryObject = (condition?: Record<string, unknown>) =>
    allow("s3:GetObject", `${BUCKET}/*`, condition === undefined ? {} : { Condition: condition });

  it("a dedicated tenant whose id is the pooled representative's keeps its id", async () => {
    const stack = addStatement(
      tenantStack([{ id: "pooled-tenant", status: "active", models: [MODEL] }]),
      "pooled-tenant",
      readEveryObject(),
    );
    expect(await fixOf(stack)).to.equal(OBJECTS_OF("pooled-tenant"));
  });

  it("a shard role's grant to every pooled tenant is fixed with the session's tag", async () => {
    const stack = withDocument(pooledStack(), "pooled-0-data-access", "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, readEveryObject()],
    }));
    expect(await fixOf(stack)).to.equal(OBJECTS_OF("${aws:PrincipalTag/tenantId}"));
  });

  it("a shard role's grant to one named tenant is fixed with that tenant's id", async () => {
    const stack = withDocument(pooledStack(), "pooled-0-data-access", "policy", (doc) => ({
      ...doc,
      Statement: [
        ...doc.Statement,
        readEveryObject({ StringEquals: { "aws:PrincipalTag/tenantId": "pooled-tenant-2" } }),
      ],
    }));
    expect(await fixOf(stack)).to.equal(OBJECTS_OF("pooled-tenant-2"));
  });
});
