import { expect } from "chai";
import { allow, BUCKET, PROFILES, TABLE } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";

// The stack's default tags (tenancy:defaultTags) sit on every role, the table, the bucket and the
// profiles, so a condition on a tag other than the pack's own may hold: a grant behind one is
// judged as if it held, not as if the tag were absent.

const baseline = tenantStack(BASELINE_TENANTS);
const COST_CENTER = { StringEquals: { "aws:PrincipalTag/CostCenter": "platform" } };
const RESOURCE_COST_CENTER = { StringEquals: { "aws:ResourceTag/CostCenter": "platform" } };

const mandatoryOf = (statement: Record<string, unknown>) =>
  mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access");

describe("leak evaluation: tags the pack does not own", () => {
  it("takes a principal tag condition to hold: every tenant's objects", async () => {
    const statement = allow("s3:GetObject", `${BUCKET}/tenants/*`, { Condition: COST_CENTER });
    expect(await mandatoryOf(statement)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("takes a resource tag condition to hold: a Scan of the table, every profile", async () => {
    const scan = allow("dynamodb:Scan", TABLE, { Condition: RESOURCE_COST_CENTER });
    expect(await mandatoryOf(scan)).to.deep.equal(["TI-LEAK-001"]);
    const invoke = allow("bedrock:InvokeModel", PROFILES, { Condition: RESOURCE_COST_CENTER });
    expect(await mandatoryOf(invoke)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("still passes the tenant's own objects behind such a condition", async () => {
    const own = allow("s3:GetObject", `${BUCKET}/tenants/acme/*`, { Condition: COST_CENTER });
    expect(await mandatoryOf(own)).to.deep.equal([]);
  });
});
