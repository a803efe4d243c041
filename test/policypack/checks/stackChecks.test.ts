import { expect } from "chai";
import { checkStack } from "../../../policypack/lib/checks/stackChecks";
import { PlannedResource } from "../../../plan/plannedResource";
import { addStatement, withInputs, withoutResource } from "../stackMutations";
import {
  BASELINE_TENANTS,
  MODEL,
  PLATFORM,
  pooledStack,
  tenantResources,
  tenantStack,
} from "../tenantStackFixture";
import { described, SETTINGS, viewsOf } from "./stackViews";

// TI-STACK-001..003 in process: ids no two tenants share, tenants with all their parts, and
// tenants whose IAM names only themselves.

const baseline = tenantStack(BASELINE_TENANTS);
const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;
const TABLE = `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`;

const findings = (resources: readonly PlannedResource[], rule: string) =>
  described(checkStack(viewsOf(resources), SETTINGS)).filter((line) => line.startsWith(`${rule} `));

describe("stack checks in process", () => {
  it("passes the baseline and the pooled stack", () => {
    expect(described(checkStack(viewsOf(baseline), SETTINGS))).to.deep.equal([]);
    expect(described(checkStack(viewsOf(pooledStack()), SETTINGS))).to.deep.equal([]);
  });

  describe("TI-STACK-003 shared prefixes", () => {
    it("reports a tenant whose id differs from another's only by case", () => {
      const stack = [...baseline, ...tenantResources({ id: "ACME", status: "active", models: [] })];
      expect(findings(stack, "TI-STACK-003")).to.deep.equal([
        'TI-STACK-003 ACME | tenant id | "ACME" is also the id of urn:pulumi:dev::tenancy::tenancy:index:Tenant::acme',
      ]);
    });

    it("reports an invalid id with the prefixes it would use", () => {
      const stack = [
        ...baseline,
        ...tenantResources({ id: "acme_eu", status: "active", models: [] }),
      ];
      expect(findings(stack, "TI-STACK-003")).to.deep.equal([
        'TI-STACK-003 acme_eu | tenant id | "acme_eu" is not a valid tenant id, so its prefixes "acme_eu#" and "tenants/acme_eu/" may overlap another tenant\'s',
      ]);
    });
  });

  describe("TI-STACK-002 incomplete tenants", () => {
    const acmeRole = (inlinePolicies: unknown[]) =>
      withInputs(withoutResource(baseline, "acme-data-access"), "acme-role", (inputs) => ({
        ...inputs,
        inlinePolicies,
      }));

    it("takes a role's inline policy for the tenant's role policy", () => {
      const policy = JSON.parse(
        baseline.find((item) => item.name === "acme-data-access")!.inputs.policy as string,
      );
      const stack = acmeRole([{ name: "data-access", policy: JSON.stringify(policy) }]);
      expect(findings(stack, "TI-STACK-002")).to.deep.equal([]);
    });

    it("reports a tenant whose role has an empty list of inline policies and no role policy", () => {
      expect(findings(acmeRole([]), "TI-STACK-002")).to.deep.equal([
        'TI-STACK-002 acme | children | tenant "acme" lacks its role policy (aws:iam/rolePolicy:RolePolicy)',
      ]);
    });

    it("reports a tenant without its role", () => {
      expect(findings(withoutResource(baseline, "acme-role"), "TI-STACK-002")).to.deep.equal([
        'TI-STACK-002 acme | children | tenant "acme" lacks its role (aws:iam/role:Role)',
      ]);
    });

    it("lists every missing part of a tenant", () => {
      const stack = withoutResource(withoutResource(baseline, "acme-data-access"), "acme-group");
      expect(findings(stack, "TI-STACK-002")).to.deep.equal([
        'TI-STACK-002 acme | children | tenant "acme" lacks its role policy (aws:iam/rolePolicy:RolePolicy), its Cognito group tenant-acme (aws:cognito/userGroup:UserGroup)',
      ]);
    });
    it("reports a tenant component with no children at all", () => {
      const acme = baseline.find(
        (item) => item.type === "tenancy:index:Tenant" && item.name === "acme",
      );
      const stack = baseline.filter((item) => item.parent !== acme?.urn);
      expect(stack.length).to.be.lessThan(baseline.length);
      expect(findings(stack, "TI-STACK-002")).to.deep.equal([
        'TI-STACK-002 acme | children | tenant "acme" lacks its role (aws:iam/role:Role), its role policy (aws:iam/rolePolicy:RolePolicy), its Cognito group tenant-acme (aws:cognito/userGroup:UserGroup)',
      ]);
    });
  });

  describe("TI-STACK-001 foreign tenants", () => {
    it("reports an Allow naming other tenants' prefixes, with the statement and the tenants", () => {
      const stack = addStatement(baseline, "acme", {
        Sid: "ReadNeighbours",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: [`${BUCKET}/tenants/globex/*`, `${BUCKET}/tenants/acme-eu/*`],
      });
      expect(findings(stack, "TI-STACK-001")).to.deep.equal([
        `TI-STACK-001 acme-data-access | policy statement 5 (Sid ReadNeighbours) | tenant "acme" names tenant "globex", "acme-eu"`,
      ]);
    });

    it("reads a key prefix after any character that cannot be part of an id", () => {
      const stack = addStatement(baseline, "acme", {
        Sid: "ReadKeysContaining",
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: TABLE,
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["*globex#*"] } },
      });
      expect(findings(stack, "TI-STACK-001")).to.deep.equal([
        `TI-STACK-001 acme-data-access | policy statement 5 (Sid ReadKeysContaining) | tenant "acme" names tenant "globex"`,
      ]);
    });

    it("does not take a role under a path named after another tenant's role for that role", () => {
      const stack = addStatement(baseline, "acme", {
        Sid: "PassReader",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: `arn:aws:iam::${PLATFORM.accountId}:role/tenants/dev-tenant-globex/reader`,
      });
      expect(findings(stack, "TI-STACK-001")).to.deep.equal([]);
    });

    it("takes condition values for tenant ids only under the tenantId tag", () => {
      const staging = { id: "staging", status: "active" as const, models: [MODEL] };
      const stack = addStatement([...baseline, ...tenantResources(staging)], "acme", {
        Sid: "StagingObjects",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${BUCKET}/tenants/acme/*`,
        Condition: { StringEquals: { "s3:ExistingObjectTag/environment": "staging" } },
      });
      expect(findings(stack, "TI-STACK-001")).to.deep.equal([]);
      const tagged = addStatement([...baseline, ...tenantResources(staging)], "acme", {
        Sid: "StagingObjects",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${BUCKET}/tenants/acme/*`,
        Condition: { StringEquals: { "s3:ExistingObjectTag/tenantId": "staging" } },
      });
      expect(findings(tagged, "TI-STACK-001")).to.deep.equal([
        `TI-STACK-001 acme-data-access | policy statement 5 (Sid StagingObjects) | tenant "acme" names tenant "staging"`,
      ]);
    });
  });
});
