import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { withStatement } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// Name prefixes are unique per stack and region (`tenancy-dev-euw1`, up to 32 characters) and
// opaque to the pack; profiles carry the prefix in their tenancyStack tag.

const prefix = "tenancy-dev-euw1-with-32-chars-x";
const platform = {
  ...PLATFORM,
  namePrefix: prefix,
  tableName: `${prefix}-tenant-data`,
  bucketName: `${prefix}-tenant-data-${PLATFORM.accountId}-${PLATFORM.region}`,
};
const baseline = tenantStack(BASELINE_TENANTS, platform);
const rules = async (resources: typeof baseline) =>
  (await analyzeInProcess(resources, derivePlatformSettings(resources))).map(
    (violation) => ruleIdOf(violation) ?? violation.message,
  );

describe("a stack-and-region name prefix", () => {
  it("is taken whole, at 32 characters, and the stack passes", async () => {
    expect(prefix).to.have.length(32);
    expect(derivePlatformSettings(baseline).namePrefix).to.equal(prefix);
    expect(await rules(baseline)).to.deep.equal([]);
  });

  it("makes a profile grant without the tenancyStack pin a leak to another stack's namesake", async () => {
    const unpinned = withStatement(baseline, "acme", "OwnInferenceProfilesOnly", (s) => ({
      ...s,
      Condition: { StringEquals: { "aws:ResourceTag/tenantId": "acme" } },
    }));
    const violations = await analyzeInProcess(unpinned, derivePlatformSettings(unpinned));
    expect(violations.map((violation) => ruleIdOf(violation))).to.deep.equal(["TI-LEAK-003"]);
    expect(violations[0]?.message).to.contain(
      `"aws:ResourceTag/tenantId":["acme"],"aws:ResourceTag/tenancyStack":["${prefix}-other"]} (tenant "acme"'s inference profile of another stack`,
    );
  });
});
