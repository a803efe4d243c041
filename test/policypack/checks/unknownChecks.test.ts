import { expect } from "chai";
import { CheckedResource } from "../../../check/checkedResource";
import { CheckSettings, derivePlatformSettings } from "../../../check/platformSettings";
import { UNKNOWN_SENTINEL } from "../../../policypack/lib/knownValues";
import { allow, document, TENANT_ROLES } from "../corpus";
import { addChild, withInputs, withoutResource } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";
import { Reported, violationsOf } from "./ruleViolations";

// TI-UNK-001 (unknownChecks.ts): what is unknown at preview and decides isolation fails closed,
// on the resource and at the place that holds it; what cannot reach a tenant or workload role
// does not.

const baseline = tenantStack(BASELINE_TENANTS);
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const MANAGED_CLIENT = "aws:cognito/managedUserPoolClient:ManagedUserPoolClient";
const PREVIEW = "unknown until deployment (computed from another resource's output)";
const UNTRACED = `${PREVIEW}, and no Policy of this stack can be traced from it (propertyDependencies), so the document it gives`;
const FIX =
  "Fix: attach an aws.iam.Policy of this stack (its ARN output is traced), or put the statements in the role's inline policy.";
const becomeTenants = allow(["sts:AssumeRole", "sts:TagSession"], TENANT_ROLES);

const unknowns = (resources: readonly CheckedResource[], settings?: CheckSettings) =>
  violationsOf(resources, "TI-UNK-001", settings);

async function single(resources: readonly CheckedResource[], resource: string): Promise<Reported> {
  const found = (await unknowns(resources)).filter((item) => item.resource === resource);
  expect(found, `TI-UNK-001 on ${resource}`).to.have.length(1);
  expect(found[0]!.level).to.equal("mandatory");
  return found[0]!;
}

/** An attachment under `owner` of a policy whose ARN is unknown and traced to nothing. */
const untraced = (
  resources: readonly CheckedResource[],
  owner: string,
  role: unknown,
  type = ATTACHMENT,
  name = "extra-attachment",
) =>
  addChild(resources, owner, type, name, {
    ...(type === POLICY_ATTACHMENT ? { roles: role } : { role }),
    policyArn: UNKNOWN_SENTINEL,
  });

/** A platform role that users assume (not a workload role by its name or its own inputs). */
const withJobsRole = (
  resources: readonly CheckedResource[],
  inputs: Record<string, unknown> = {},
) =>
  addChild(resources, "dev", ROLE, "dev-jobs", {
    name: "dev-jobs",
    assumeRolePolicy: document({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:user/operator" },
      Action: "sts:AssumeRole",
    }),
    ...inputs,
  });

describe("unknownChecks: TI-UNK-001 where an unknown value decides isolation", () => {
  describe("per resource (iam-known-at-preview)", () => {
    it("an unknown managed policy ARN on a role, and only that one", async () => {
      const resources = withInputs(baseline, "dev-workload", (inputs) => ({
        ...inputs,
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", UNKNOWN_SENTINEL],
      }));
      const found = await single(resources, "dev-workload");
      expect(found.policy).to.equal("iam-known-at-preview");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${ROLE} "dev-workload", managedPolicyArns[1]: ${PREVIEW}. `,
      );
    });

    it("unknown write attributes of the app client", async () => {
      const resources = withInputs(baseline, "dev-app", (inputs) => ({
        ...inputs,
        writeAttributes: UNKNOWN_SENTINEL,
      }));
      const found = await single(resources, "dev-app");
      expect(found.line).to.contain(
        `[TI-UNK-001] aws:cognito/userPoolClient:UserPoolClient "dev-app", writeAttributes: ${PREVIEW}. `,
      );
    });

    it("unknown write attributes of a managed app client, and of nothing else", async () => {
      const managed = addChild(baseline, "dev", MANAGED_CLIENT, "dev-managed-app", {
        userPoolId: "pool",
        writeAttributes: [UNKNOWN_SENTINEL],
      });
      const found = await single(managed, "dev-managed-app");
      expect(found.policy).to.equal("iam-known-at-preview");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${MANAGED_CLIENT} "dev-managed-app", writeAttributes: ${PREVIEW}. `,
      );
      // writeAttributes means nothing on another type: no finding names it there.
      const pool = addChild(baseline, "dev", "aws:cognito/userPool:UserPool", "dev-pool", {
        writeAttributes: UNKNOWN_SENTINEL,
      });
      const onPool = (await unknowns(pool)).filter((item) => item.resource === "dev-pool");
      expect(onPool).to.deep.equal([]);
    });
  });

  describe("an unknown role granted sts:AssumeRole on tenant roles", () => {
    it("a RolePolicy whose role is unknown", async () => {
      const resources = addChild(baseline, "dev", ROLE_POLICY, "dev-become", {
        role: UNKNOWN_SENTINEL,
        policy: document(becomeTenants),
      });
      const found = await single(resources, "dev-become");
      expect(found.policy).to.equal("tenant-stack-isolation");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${ROLE_POLICY} "dev-become", role: ${PREVIEW}, and policy statement 0 (Sid Added) lets that role assume tenant roles, so whether it trusts only ["lambda.amazonaws.com"] cannot be checked. `,
      );
    });

    it("a PolicyAttachment whose roles list holds one unknown role among known ones", async () => {
      const withPolicy = addChild(baseline, "dev", "aws:iam/policy:Policy", "dev-become", {
        name: "dev-become",
        policy: document(becomeTenants),
      });
      const resources = addChild(withPolicy, "dev", POLICY_ATTACHMENT, "dev-become-all", {
        roles: ["dev-workload", UNKNOWN_SENTINEL],
        policyArn: "arn:aws:iam::123456789012:policy/dev-become",
      });
      const found = await single(resources, "dev-become-all");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${POLICY_ATTACHMENT} "dev-become-all", roles: ${PREVIEW}, and policyArn (aws:iam/policy:Policy "dev-become") policy statement 0 (Sid Added) lets that role assume tenant roles`,
      );
    });
  });

  describe("an untraced policy attached to a tenant or workload role", () => {
    it("to a tenant's role", async () => {
      const found = await single(untraced(baseline, "acme", "dev-tenant-acme"), "extra-attachment");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${ATTACHMENT} "extra-attachment", policyArn: ${UNTRACED} a tenant's role cannot be checked. `,
      );
      expect(found.line).to.contain(FIX);
    });

    it("to a role another RolePolicy lets assume tenant roles", async () => {
      const granted = addChild(withJobsRole(baseline), "dev", ROLE_POLICY, "dev-jobs-become", {
        role: "dev-jobs",
        policy: document(becomeTenants),
      });
      const found = await single(untraced(granted, "dev", "dev-jobs"), "extra-attachment");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${ATTACHMENT} "extra-attachment", policyArn: ${UNTRACED} a role that can assume tenant roles cannot be checked. `,
      );
      expect(found.line).to.contain(FIX);
    });

    it("to a role whose own inline policy lets it assume tenant roles", async () => {
      const resources = withJobsRole(baseline, {
        inlinePolicies: [{ name: "become", policy: document(becomeTenants) }],
      });
      const found = await single(untraced(resources, "dev", "dev-jobs"), "extra-attachment");
      expect(found.line).to.contain(`${UNTRACED} a role that can assume tenant roles cannot`);
    });

    it("to the workload role by name when it lives outside the stack", async () => {
      const resources = withoutResource(
        withoutResource(baseline, "dev-workload-become-tenant"),
        "dev-workload",
      );
      const found = await single(untraced(resources, "dev", "dev-workload"), "extra-attachment");
      expect(found.line).to.contain(`${UNTRACED} a role that can assume tenant roles cannot`);
    });

    it("through a PolicyAttachment's roles list that holds the workload role", async () => {
      const resources = untraced(
        baseline,
        "dev",
        ["dev-reports", "dev-workload"],
        POLICY_ATTACHMENT,
      );
      const found = await single(resources, "extra-attachment");
      expect(found.line).to.contain(
        `[TI-UNK-001] ${POLICY_ATTACHMENT} "extra-attachment", policyArn: ${UNTRACED} a role that can assume tenant roles cannot`,
      );
    });

    it("not to a platform role that cannot become a tenant, in or outside the stack", async () => {
      const resources = untraced(
        untraced(withJobsRole(baseline), "dev", "dev-jobs"),
        "dev",
        "dev-reports",
        ATTACHMENT,
        "reports-attachment",
      );
      expect(await unknowns(resources)).to.deep.equal([]);
      // Without a name prefix the workload role is known by its suffix alone: still no finding.
      const unprefixed = { ...derivePlatformSettings(resources), namePrefix: undefined };
      expect(await unknowns(resources, unprefixed)).to.deep.equal([]);
    });
  });
});
