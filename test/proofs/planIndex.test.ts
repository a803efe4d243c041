import { expect } from "chai";
import type { PlannedResource } from "../../plan/plannedResource";
import type { Plan } from "../../plan/runPlan";
import { PlanIndex } from "../../proofs/planIndex";

function resource(type: string, name: string, inputs: Record<string, unknown>): PlannedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:dev::tenancy::${type}::${name}`,
    custom: true,
    inputs,
    protect: false,
    retainOnDelete: false,
  };
}

const ARN = "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme";
const RESOURCES = [
  resource("aws:iam/rolePolicy:RolePolicy", "beta-data-access", { role: "dev-tenant-beta" }),
  resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "by-arn", { role: ARN }),
  resource("aws:iam/policyAttachment:PolicyAttachment", "unknown-role", { roles: ["x", 7] }),
  resource("aws:iam/rolePolicy:RolePolicy", "acme-data-access", { role: "dev-tenant-acme" }),
  resource("aws:iam/policyAttachment:PolicyAttachment", "both", {
    roles: ["dev-tenant-acme", "dev-tenant-beta"],
  }),
  resource("aws:iam/rolePolicy:RolePolicy", "acme-data-access-again", { role: "dev-tenant-acme" }),
  resource("aws:iam/policy:Policy", "named-by-input", { name: "shared", path: "/t/" }),
  resource("aws:iam/policy:Policy", "shared", {}),
];
const PLAN = { stack: "dev", outputs: {}, tenants: [], resources: RESOURCES } as unknown as Plan;

describe("PlanIndex", () => {
  const index = new PlanIndex(PLAN);

  it("lists a role's policies and attachments by name or ARN, and those of unknown roles, in registration order", () => {
    expect(index.attachmentsOf("dev-tenant-acme", ARN).map((r) => r.name)).to.deep.equal([
      "by-arn",
      "unknown-role",
      "acme-data-access",
      "both",
      "acme-data-access-again",
    ]);
    expect(index.attachmentsOf("dev-tenant-beta", "arn:beta").map((r) => r.name)).to.deep.equal([
      "beta-data-access",
      "unknown-role",
      "both",
    ]);
  });

  it("finds the first data-access policy of a role, and managed policies by input name and path or logical name", () => {
    expect(index.dataAccessPolicyOf("dev-tenant-acme")?.name).to.equal("acme-data-access");
    expect(index.policiesNamed("shared", "/t/").map((r) => r.name)).to.deep.equal([
      "named-by-input",
    ]);
    expect(index.policiesNamed("shared", "/").map((r) => r.name)).to.deep.equal(["shared"]);
    expect(index.policiesNamed("named-by-input", "/")).to.deep.equal([]);
  });
});
