import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { planFor, tenant } from "../helpers/programUnderTest";

describe("the real program under the pack", () => {
  it("passes with tenant ids that also occur in shared names (data, users, app)", async () => {
    const plan = await planFor([tenant("data"), tenant("users"), tenant("app"), tenant("acme")]);
    const violations = await analyzeInProcess(
      plan.resources,
      derivePlatformSettings(plan.resources),
    );
    expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
  });

  it("still flags a tenant policy that names another tenant's role", async () => {
    const plan = await planFor([tenant("data"), tenant("acme")]);
    const resources = plan.resources.map((resource) => {
      if (resource.name !== "acme-data-access") return resource;
      const policy = JSON.parse(String(resource.inputs.policy));
      policy.Statement.push({
        Sid: "Sneaky",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::123456789012:role/tenants/dev-tenant-data",
      });
      return { ...resource, inputs: { ...resource.inputs, policy: JSON.stringify(policy) } };
    });
    const violations = await analyzeInProcess(resources, derivePlatformSettings(resources));
    expect(violations.map((v) => ruleIdOf(v))).to.include("TI-STACK-001");
  });
});
