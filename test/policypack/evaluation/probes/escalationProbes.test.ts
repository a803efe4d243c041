import { expect } from "chai";
import { escalationProbes } from "../../../../policypack/lib/evaluation/escalationProbes";
import { ReferenceAction } from "../../../../policypack/lib/evaluation/iamReference";
import { ProbeRequest } from "../../../../policypack/lib/evaluation/probeRequest";
import { TenantTarget, tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { globMatches } from "../../../../policypack/lib/glob";
import {
  isValidTenantId,
  pooledRoleName,
  TENANT_ROLE_PATH,
  tenantRoleArn,
} from "../../../../policypack/lib/naming";
import { workloadRoleName } from "../../../../policypack/lib/platformNames";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { documentOf, referenceAction } from "./fixtures";

// Escalation probes (TI-LEAK-004): becoming another role, re-tagging a pooled session, changing
// IAM or passing a role that is not the tenant's own.

const ACCOUNT = "111122223333";
const ROLES = `arn:aws:iam::${ACCOUNT}:role/`;
const POOLED = pooledRoleName("tenancy", 3);
/** A role name with no path: outside the tenant roles' `/tenants/` path (IAM's name characters). */
const OUTSIDE_ROLE = new RegExp(`^arn:aws:iam::${ACCOUNT}:role/[\\w+=,.@-]+$`);

/** acme's target; `resources` are the Resource patterns its Allow statements grant. */
const targetOf = (
  options: { tenantId?: string; namePrefix?: string; pooled?: boolean; resources?: string[] } = {},
): TenantTarget => {
  const { tenantId = "acme", resources = [], pooled = false } = options;
  const document = documentOf(
    resources.map((resource) => ({ Effect: "Allow", Action: "*", Resource: resource })),
  );
  const settings = readSettings({ accountId: ACCOUNT, region: "eu-west-1", ...options });
  return tenantTarget(tenantId, settings, [document], [], pooled ? POOLED : undefined);
};
const probesOf = (action: string | ReferenceAction, target: TenantTarget): ProbeRequest[] =>
  escalationProbes(
    typeof action === "string" ? referenceAction(action) : action,
    target,
    target.session,
  );
const roleOf = (tenantId: string, namePrefix = "tenancy") =>
  tenantRoleArn({ accountId: ACCOUNT, namePrefix, tenantId });
const resources = (probes: readonly ProbeRequest[]) => probes.map((probe) => probe.resource);

describe("escalationProbes", () => {
  describe("sts: becoming another role", () => {
    it("tries every other tenant's role and a role outside the tenant roles, never its own", () => {
      const target = targetOf({ namePrefix: "tenancy" });
      const probes = probesOf("sts:AssumeRole", target);
      const others = target.others.map((other) => roleOf(other.id));
      expect(resources(probes).slice(0, others.length)).to.deep.equal(others);
      expect(probes).to.have.length(others.length + 1);
      expect(probes[others.length]?.resource).to.match(OUTSIDE_ROLE);
      expect(probes[others.length]?.stands).to.include("outside the tenant roles");
      target.others.forEach((other, at) => expect(probes[at]?.stands).to.include(other.stands));
      for (const probe of probes) {
        expect(probe.rule).to.equal(RULES.leakEscalation);
        expect(probe.action).to.equal("sts:AssumeRole");
        expect(probe.stands).to.match(/^becoming /);
        expect(probe.fix).to.match(/^remove the action/);
      }
    });

    it("adds, per Resource pattern, a role it reaches beyond the tenant's own", () => {
      const wide = `${ROLES}tenants/tenancy-tenant-acme*`;
      const target = targetOf({ namePrefix: "tenancy", resources: [wide, roleOf("acme")] });
      const probes = probesOf("sts:AssumeRole", target).slice(target.others.length + 1);
      expect(probes).to.have.length(1);
      const [witness] = probes as [ProbeRequest];
      expect(globMatches(wide, witness.resource)).to.equal(true);
      expect(witness.resource).to.not.equal(roleOf("acme"));
      expect(witness.stands).to.match(/^becoming the role /);
      expect(witness.stands).to.include(witness.resource).and.to.include(`"${wide}"`);
    });

    it("becomes nothing through the other sts actions of an unpooled session", () => {
      const target = targetOf({ namePrefix: "tenancy" });
      for (const action of ["sts:TagSession", "sts:SetSourceIdentity", "sts:GetCallerIdentity"])
        expect(probesOf(action, target), action).to.deep.equal([]);
    });
  });

  describe("sts: a pooled session re-tagging itself", () => {
    const target = targetOf({ namePrefix: "tenancy", pooled: true });
    const shardRole = `${ROLES}${TENANT_ROLE_PATH.slice(1)}${POOLED}`;

    it("tries tagging a session of its own shard role", () => {
      const probes = probesOf("sts:TagSession", target);
      expect(resources(probes)).to.deep.equal([shardRole]);
      expect(probes[0]?.rule).to.equal(RULES.leakEscalation);
      expect(probes[0]?.stands).to.match(/^re-tagging/);
      expect(probes[0]?.fix).to.match(/^remove sts:TagSession/);
    });

    it("tries assuming its own shard role before the other roles", () => {
      const probes = probesOf("sts:AssumeRole", target);
      expect(probes[0]?.resource).to.equal(shardRole);
      expect(probes[0]?.fix).to.match(/^remove sts:AssumeRole/);
      expect(resources(probes.slice(1, 1 + target.others.length))).to.deep.equal(
        target.others.map((other) => roleOf(other.id)),
      );
    });

    it("does not re-tag through calls the caller's policy does not authorize", () => {
      // AssumeRoleWithSAML/WebIdentity are unsigned: the trust policy alone decides them.
      for (const action of ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"])
        expect(resources(probesOf(action, target)), action).to.not.include(shardRole);
      expect(probesOf("sts:SetSourceIdentity", target)).to.deep.equal([]);
    });
  });

  describe("iam: changing a role", () => {
    it("tries its own role, another tenant's and one outside the tenant roles", () => {
      const target = targetOf({ namePrefix: "tenancy", resources: [`${ROLES}*`] });
      const probes = probesOf("iam:PutRolePolicy", target);
      const [own, other, outside, witness, ...rest] = probes;
      expect(rest).to.deep.equal([]);
      expect(own?.resource).to.equal(roleOf("acme"));
      expect(own?.stands).to.include("own role");
      expect(other?.resource).to.equal(roleOf(target.others[0]?.id ?? "acme"));
      expect(other?.resource).to.not.equal(roleOf("acme"));
      expect(other?.stands).to.include("another tenant's role");
      expect(outside?.resource).to.match(OUTSIDE_ROLE);
      expect(outside?.stands).to.include("outside the tenant roles");
      // `role/*` reaches roles other than acme's: one stands for them.
      expect(globMatches(`${ROLES}*`, witness?.resource ?? "")).to.equal(true);
      expect(witness?.resource).to.not.equal(roleOf("acme"));
      expect(witness?.stands).to.match(/^the role /);
      for (const probe of probes) {
        expect(probe.rule).to.equal(RULES.leakEscalation);
        expect(probe.fix).to.match(/^remove iam:PutRolePolicy: /);
      }
    });

    it("takes the shard role as its own when pooled", () => {
      const probes = probesOf(
        "iam:PutRolePolicy",
        targetOf({ namePrefix: "tenancy", pooled: true }),
      );
      expect(probes[0]?.resource).to.equal(`${ROLES}${TENANT_ROLE_PATH.slice(1)}${POOLED}`);
    });

    it("tries another tenant's role that is not its own, whatever the tenant's id", () => {
      // zz-other's unrelated representative is another id.
      const target = targetOf({ tenantId: "zz-other", namePrefix: "tenancy" });
      const other = probesOf("iam:UpdateAssumeRolePolicy", target)[1];
      expect(other?.resource).to.not.equal(roleOf("zz-other"));
      expect(target.others.map((each) => roleOf(each.id))).to.include(other?.resource);
    });

    it("still tries another tenant's role when the target names no other tenant", () => {
      const target: TenantTarget = { ...targetOf({ namePrefix: "tenancy" }), others: [] };
      const other = probesOf("iam:UpdateAssumeRolePolicy", target)[1]?.resource ?? "";
      const prefix = roleOf("");
      expect(other.startsWith(prefix)).to.equal(true);
      expect(isValidTenantId(other.slice(prefix.length))).to.equal(true);
      expect(other).to.not.equal(roleOf("acme"));
    });
  });

  describe("iam: passing a role", () => {
    it("tries another tenant's role and the workload role, not its own", () => {
      const wide = `${ROLES}tenants/shop-tenant-*`;
      const target = targetOf({ namePrefix: "shop", resources: [wide, roleOf("acme", "shop")] });
      const probes = probesOf("iam:PassRole", target);
      const [other, workload, witness, ...rest] = probes;
      expect(rest).to.deep.equal([]);
      expect(other?.resource).to.equal(roleOf(target.others[0]?.id ?? "acme", "shop"));
      expect(workload?.resource).to.equal(`${ROLES}${workloadRoleName("shop")}`);
      expect(workload?.stands).to.include("workload role");
      // Only the tenant-role pattern reaches another role; the exact own role reaches none.
      expect(globMatches(wide, witness?.resource ?? "")).to.equal(true);
      expect(witness?.resource).to.not.equal(roleOf("acme", "shop"));
      expect(witness?.stands).to.match(/^the tenant role /);
      expect(witness?.stands).to.include(`"${wide}"`);
    });

    it("takes the default prefix's workload role when the prefix is unknown", () => {
      // The project's default namePrefix is "tenancy" (Pulumi.yaml), as for tenant roles.
      const probes = probesOf("iam:PassRole", targetOf());
      expect(resources(probes)).to.include(`${ROLES}${workloadRoleName("tenancy")}`);
    });
  });

  describe("iam: changing anything else", () => {
    it("tries one resource of each type in the tenant's account", () => {
      const target = targetOf({ namePrefix: "tenancy" });
      const probes = probesOf("iam:CreatePolicy", target);
      expect(probes).to.have.length(1);
      expect(probes[0]?.resource).to.match(new RegExp(`^arn:aws:iam::${ACCOUNT}:policy/.`));
      expect(probes[0]?.stands).to.include("policy");
      expect(probes[0]?.fix).to.match(/^remove iam:CreatePolicy: /);
      expect(resources(probesOf("iam:TagUser", target))).to.have.length(1);
    });

    it("skips a resource type the reference has no ARN for", () => {
      const action: ReferenceAction = {
        name: "iam:TagFutureThing",
        accessLevel: "Tagging",
        resourceTypes: ["future-thing", "user"],
        conditionKeys: new Set(),
      };
      const probes = probesOf(action, targetOf({ namePrefix: "tenancy" }));
      expect(resources(probes)).to.have.length(1);
      expect(probes[0]?.resource).to.match(new RegExp(`^arn:aws:iam::${ACCOUNT}:user/.`));
    });

    it("asks nothing of reads", () => {
      const target = targetOf({ namePrefix: "tenancy", resources: [`${ROLES}*`] });
      for (const action of ["iam:GetRole", "iam:ListRoles", "iam:ListRoleTags"])
        expect(probesOf(action, target), action).to.deep.equal([]);
    });
  });
});
