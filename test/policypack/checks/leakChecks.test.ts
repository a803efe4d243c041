import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckedResource } from "../../../check/checkedResource";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { allow, BUCKET } from "../corpus";
import { addStatement, findResource } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";

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
});
