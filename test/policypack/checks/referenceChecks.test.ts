import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckedResource } from "../../../check/checkedResource";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { UNKNOWN_SENTINEL } from "../../../policypack/lib/knownValues";
import { allow, document, TABLE } from "../corpus";
import { addChild, findResource, withInputs, withPropertyDependencies } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";

// checkResolvedReferences re-runs the resource rules on what a holder's references resolve to,
// and reports only what is news: a Policy judged under its own scope is not reported again on
// its attachment; a RolePolicy whose unknown role is traced to another tenant's role is.

const baseline = tenantStack(BASELINE_TENANTS);
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY = "aws:iam/policy:Policy";

const summary = async (resources: CheckedResource[]) =>
  (await analyzeInProcess(resources, derivePlatformSettings(resources))).map(
    (v) => `${v.level} ${v.policy} ${ruleIdOf(v)} ${v.urn.split("::").pop()}`,
  );

describe("checkResolvedReferences: only what the resource-level run could not see", () => {
  it("acme's leaking Policy attached to acme's role (traced) is reported on the Policy only", async () => {
    const withPolicy = addChild(baseline, "acme", POLICY, "acme-extra", {
      name: "acme-extra",
      policy: document(allow("dynamodb:Scan", TABLE)),
    });
    const attached = withPropertyDependencies(
      addChild(withPolicy, "acme", ATTACHMENT, "acme-extra-attachment", {
        role: "dev-tenant-acme",
        policyArn: UNKNOWN_SENTINEL,
      }),
      "acme-extra-attachment",
      { policyArn: [findResource(withPolicy, "acme-extra", POLICY).urn] },
    );
    expect(await summary(attached)).to.deep.equal([
      "mandatory tenant-data-leaks TI-LEAK-001 acme-extra",
    ]);
  });

  it("acme's RolePolicy whose unknown role is traced to globex's role is judged as globex's", async () => {
    const traced = withPropertyDependencies(
      withInputs(baseline, "acme-data-access", (inputs) => ({ ...inputs, role: UNKNOWN_SENTINEL })),
      "acme-data-access",
      { role: [findResource(baseline, "globex-role").urn] },
    );
    const found = await summary(traced);
    expect(found).to.include("mandatory tenant-stack-isolation TI-SCOPE-002 acme-data-access");
  });
});
