import { expect } from "chai";
import {
  checkTenantTrustAccounts,
  checkWorkloadTrustAcrossStack,
} from "../../../policypack/lib/checks/stackTrustChecks";
import { StackIndex } from "../../../policypack/lib/stackIndex";
import { PlannedResource } from "../../../plan/plannedResource";
import { findResource, withDocument, withoutResource, withTrust } from "../stackMutations";
import {
  BASELINE_TENANTS,
  PLATFORM,
  resource,
  tenantResources,
  tenantStack,
} from "../tenantStackFixture";
import { described, NO_ACCOUNT, SETTINGS, viewsOf } from "./stackViews";

// TI-TRUST-005 for roles another resource lets assume tenant roles, and TI-TRUST-002 on the
// account of the workload role when accountId is not configured: the stack rules in process.

const ACCOUNT = PLATFORM.accountId;
const FOREIGN = "999999999999";
const WORKLOAD_ARN = `arn:aws:iam::${ACCOUNT}:role/dev-workload`;
const FOREIGN_WORKLOAD_ARN = `arn:aws:iam::${FOREIGN}:role/dev-workload`;
const baseline = tenantStack(BASELINE_TENANTS);

const becomeTenant = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "BecomeTenant",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: `arn:aws:iam::${ACCOUNT}:role/tenants/dev-tenant-*`,
    },
  ],
};
const trustOf = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const ec2Trust = trustOf({
  Effect: "Allow",
  Principal: { Service: "ec2.amazonaws.com" },
  Action: "sts:AssumeRole",
});
const platformRole = (name: string, assumeRolePolicy: string, tags?: Record<string, string>) =>
  resource("aws:iam/role:Role", name, { name, assumeRolePolicy, ...(tags && { tags }) });
const rolePolicy = (name: string, role: string, parent?: PlannedResource) =>
  resource(
    "aws:iam/rolePolicy:RolePolicy",
    name,
    { role, policy: JSON.stringify(becomeTenant) },
    parent,
  );

const workloadTrust = (resources: readonly PlannedResource[]) =>
  described(checkWorkloadTrustAcrossStack(new StackIndex(viewsOf(resources)), SETTINGS));
const accountTrust = (resources: readonly PlannedResource[], settings = NO_ACCOUNT) =>
  described(checkTenantTrustAccounts(new StackIndex(viewsOf(resources)), settings));

describe("stack trust checks in process", () => {
  describe("checkWorkloadTrustAcrossStack (TI-TRUST-005)", () => {
    it("passes the baseline, whose workload role is judged by its own name", () => {
      expect(workloadTrust(baseline)).to.deep.equal([]);
    });

    it("reports a PolicyAttachment that lets a role outside the stack assume tenant roles", () => {
      const stack = [
        ...baseline,
        resource("aws:iam/policy:Policy", "dev-ops-become-tenant", {
          name: "dev-ops-become-tenant",
          policy: JSON.stringify(becomeTenant),
        }),
        resource("aws:iam/policyAttachment:PolicyAttachment", "dev-ops-attach", {
          policyArn: `arn:aws:iam::${ACCOUNT}:policy/dev-ops-become-tenant`,
          roles: ["dev-ops-runner"],
        }),
      ];
      const findings = checkWorkloadTrustAcrossStack(new StackIndex(viewsOf(stack)), SETTINGS);
      expect(described(findings)).to.deep.equal([
        'TI-TRUST-005 dev-ops-attach | policyArn (aws:iam/policy:Policy "dev-ops-become-tenant") policy statement 0 (Sid BecomeTenant) | it lets role "dev-ops-runner" assume tenant roles, and that role is not in this stack, so its trust cannot be checked',
      ]);
      expect(findings[0]?.finding.rule.kind).to.equal("guard");
      expect(findings[0]?.finding.fix).to.equal(
        "grant sts:AssumeRole on tenant roles only to the stack's workload role",
      );
    });

    it("judges a role granted twice once, on its Allow statements only", () => {
      const stack = [
        ...baseline,
        platformRole(
          "dev-ops",
          trustOf(
            {
              Effect: "Allow",
              Principal: { Service: "ec2.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
            { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
          ),
        ),
        rolePolicy("dev-ops-become-tenant", "dev-ops"),
        rolePolicy("dev-ops-become-tenant-again", "dev-ops"),
      ];
      expect(workloadTrust(stack)).to.deep.equal([
        'TI-TRUST-005 dev-ops | assumeRolePolicy statement 0 | Principal ["Service:ec2.amazonaws.com"] (the role can assume tenant roles: aws:iam/rolePolicy:RolePolicy "dev-ops-become-tenant" policy statement 0 (Sid BecomeTenant) lets it assume tenant roles)',
      ]);
    });

    it("leaves the workload role, judged per resource by its name, to that rule", () => {
      expect(
        workloadTrust(withTrust(baseline, "dev-workload", { Service: "ec2.amazonaws.com" })),
      ).to.deep.equal([]);
    });

    it("does not judge a tenant role a platform policy lets assume tenant roles", () => {
      const stack = [
        ...baseline,
        platformRole("acme-runner", ec2Trust, { tenantId: "acme" }),
        rolePolicy("acme-runner-become-tenant", "acme-runner"),
      ];
      expect(workloadTrust(stack)).to.deep.equal([]);
    });

    it("takes no grant from a tenant's own policy (the tenant rules judge it)", () => {
      const acme = findResource(baseline, "acme", "tenancy:index:Tenant");
      const stack = [
        ...baseline,
        platformRole("dev-ops", ec2Trust),
        rolePolicy("acme-ops-become-tenant", "dev-ops", acme),
      ];
      expect(workloadTrust(stack)).to.deep.equal([]);
    });
  });

  describe("checkTenantTrustAccounts (TI-TRUST-002 without accountId)", () => {
    const acmeTrust = (edit: (statements: any[]) => unknown[]) =>
      withDocument(baseline, "acme-role", "assumeRolePolicy", (doc) => ({
        ...doc,
        Statement: edit(doc.Statement),
      }));
    const foreignAcme = withDocument(baseline, "acme-role", "assumeRolePolicy", (doc) =>
      JSON.parse(JSON.stringify(doc).split(WORKLOAD_ARN).join(FOREIGN_WORKLOAD_ARN)),
    );

    it("passes the baseline, whose ARNs all name the workload role's account", () => {
      expect(accountTrust(baseline)).to.deep.equal([]);
    });

    it("reports each statement of a tenant role that trusts another account's workload role", () => {
      const location = (n: number, sid: string) =>
        `TI-TRUST-002 acme-role | assumeRolePolicy statement ${n} (Sid ${sid}) | Principal ["AWS:${FOREIGN_WORKLOAD_ARN}"] is not in account ${ACCOUNT}, which the stack's own ARNs name (accountId is not configured)`;
      expect(accountTrust(foreignAcme)).to.deep.equal([
        location(0, "WorkloadAssumesWithTenantTag"),
        location(1, "WorkloadTagsSessionWithTenantId"),
        location(2, "WorkloadNamesTheUser"),
      ]);
      const findings = checkTenantTrustAccounts(new StackIndex(viewsOf(foreignAcme)), NO_ACCOUNT);
      expect(findings[0]?.finding.fix).to.equal(
        "set accountId in the pack settings, or trust the workload role of the stack's account",
      );
    });

    it("leaves the account to the per-resource rule when accountId is configured", () => {
      expect(accountTrust(foreignAcme, SETTINGS)).to.deep.equal([]);
    });

    it("does not judge a platform role that trusts another account's workload role", () => {
      const stack = [
        ...baseline,
        platformRole(
          "dev-ops",
          trustOf({
            Effect: "Allow",
            Principal: { AWS: FOREIGN_WORKLOAD_ARN },
            Action: "sts:AssumeRole",
          }),
        ),
      ];
      expect(accountTrust(stack)).to.deep.equal([]);
    });

    it("ignores a Deny naming another account and principals that are no role ARN", () => {
      const stack = acmeTrust((statements) => [
        ...statements,
        { Effect: "Deny", Principal: { AWS: FOREIGN_WORKLOAD_ARN }, Action: "sts:AssumeRole" },
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com", AWS: `arn:aws:iam::${FOREIGN}:root` },
          Action: "sts:AssumeRole",
        },
      ]);
      expect(accountTrust(stack)).to.deep.equal([]);
    });

    it("reports every tenant role when the stack's policies name no account", () => {
      const stack = withoutResource(tenantResources(BASELINE_TENANTS[0]!), "acme-data-access");
      expect(accountTrust(stack)).to.deep.equal(
        [
          "0 (Sid WorkloadAssumesWithTenantTag)",
          "1 (Sid WorkloadTagsSessionWithTenantId)",
          "2 (Sid WorkloadNamesTheUser)",
        ].map(
          (statement) =>
            `TI-TRUST-002 acme-role | assumeRolePolicy statement ${statement} | Principal ["AWS:${WORKLOAD_ARN}"]: its account cannot be confirmed, since accountId is not configured and the stack's policies name no account`,
        ),
      );
    });

    it("reports every tenant role when the stack's policies name several accounts", () => {
      const stack = [
        ...baseline,
        resource("aws:iam/rolePolicy:RolePolicy", "dev-workload-audit", {
          role: "dev-workload",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: "dynamodb:PutItem",
                Resource: `arn:aws:dynamodb:${PLATFORM.region}:${FOREIGN}:table/audit`,
              },
            ],
          }),
        }),
      ];
      const found = accountTrust(stack);
      expect(found).to.have.length(9);
      expect(found[0]).to.equal(
        `TI-TRUST-002 acme-role | assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag) | Principal ["AWS:${WORKLOAD_ARN}"]: its account cannot be confirmed, since accountId is not configured and the stack's policies name several accounts (${ACCOUNT}, ${FOREIGN})`,
      );
      expect(found.map((line) => line.split(" ")[1])).to.deep.equal(
        ["acme", "acme-eu", "globex"].flatMap((id) => [`${id}-role`, `${id}-role`, `${id}-role`]),
      );
    });

    it("reads an account only from the start of a Resource ARN", () => {
      // An object key that embeds an ARN of another account names no account of the stack.
      const stack = [
        ...baseline,
        resource("aws:iam/rolePolicy:RolePolicy", "dev-workload-exports", {
          role: "dev-workload",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: `arn:aws:s3:::${PLATFORM.bucketName}/exports/arn:aws:iam::${FOREIGN}:role/x/*`,
              },
            ],
          }),
        }),
      ];
      expect(accountTrust(stack)).to.deep.equal([]);
    });

    it("reports nothing for a stack without tenant roles", () => {
      expect(
        accountTrust(withoutResource(tenantResources(BASELINE_TENANTS[0]!), "acme-role")),
      ).to.deep.equal([]);
    });
  });
});
