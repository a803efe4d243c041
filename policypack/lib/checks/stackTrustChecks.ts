import { parsedDocuments } from "../documents";
import { finding, show, StackFinding } from "../finding";
import { describeStatement, isAllow } from "../policyDocument";
import {
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
} from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { RoleReference, StackIndex } from "../stackIndex";
import { actsAsTenant, tenantScope } from "../tenantScope";
import { assumesTenantRoles, workloadEvidence } from "../workloadRoles";
import { principalText, workloadRoleArnParts, workloadTrust } from "./trustChecks";

/** A non-tenant policy (RolePolicy, or a Policy through an attachment) that lets roles assume tenant roles. */
export interface TenantRoleGrant {
  /** The RolePolicy or attachment that gives the permission to the roles. */
  readonly grantor: ResourceView;
  /** e.g. `policy statement 0 (Sid BecomeTenantOnly)`. */
  readonly location: string;
  readonly roles: readonly RoleReference[];
}

/** Every grant of sts:AssumeRole on tenant roles that sits outside the granted role itself. */
export function tenantRoleGrants(index: StackIndex, settings: PackSettings): TenantRoleGrant[] {
  return index.views.flatMap((view): TenantRoleGrant[] => {
    const key =
      view.type === ROLE_POLICY || view.type === ROLE_POLICY_ATTACHMENT
        ? "role"
        : view.type === POLICY_ATTACHMENT
          ? "roles"
          : undefined;
    if (key === undefined || actsAsTenant(tenantScope(view, settings))) return [];
    for (const { source, document } of parsedDocuments(index.resolved(view), ["identity"])) {
      const statement = document.statements.find((item) => assumesTenantRoles(item, settings));
      if (statement !== undefined) {
        return [
          {
            grantor: view,
            location: `${source.location} ${describeStatement(statement)}`,
            roles: index.rolesReferenced(view, key),
          },
        ];
      }
    }
    return [];
  });
}

/**
 * TI-TRUST-005 for roles that become workload roles through a separate RolePolicy or attachment
 * (roles that are workload roles by their own inputs are judged per resource), and for grants to
 * roles outside the stack, whose trust cannot be seen.
 */
export function checkWorkloadTrustAcrossStack(
  index: StackIndex,
  settings: PackSettings,
): StackFinding[] {
  const judged = new Set<string>();
  const findings: StackFinding[] = [];
  for (const grant of tenantRoleGrants(index, settings)) {
    const evidence = `${grant.grantor.type} ${show(grant.grantor.name)} ${grant.location} lets it assume tenant roles`;
    for (const reference of grant.roles) {
      if (reference.kind === "outside") {
        findings.push({
          view: grant.grantor,
          finding: finding(
            RULES.trustWorkloadService,
            grant.location,
            `it lets role ${show(reference.name)} assume tenant roles, and that role is not in this stack, so its trust cannot be checked`,
            { fix: "grant sts:AssumeRole on tenant roles only to the stack's workload role" },
          ),
        });
      }
      if (reference.kind !== "role" || judged.has(reference.view.urn)) continue;
      const role = reference.view;
      judged.add(role.urn);
      if (actsAsTenant(tenantScope(role, settings))) continue;
      if (workloadEvidence(role, settings) !== undefined) continue;
      for (const { source, document } of parsedDocuments(role, ["trust"])) {
        const allows = document.statements.filter(isAllow);
        for (const found of workloadTrust(source.location, allows, settings, evidence))
          findings.push({ view: role, finding: found });
      }
    }
  }
  return findings;
}

/**
 * TI-TRUST-002 when accountId is not configured: a tenant (or shard) role must trust the
 * workload role of its own account. The account is the one the stack's identity policies name
 * in their Resource ARNs (the table, the tenant roles, the profiles); if they name none or
 * several, the trust cannot be confirmed and every tenant role fails until accountId is set.
 */
export function checkTenantTrustAccounts(
  index: StackIndex,
  settings: PackSettings,
): StackFinding[] {
  if (settings.accountId !== undefined) return [];
  const tenantRoles = index.views.filter(
    (view) => view.type === ROLE && actsAsTenant(tenantScope(view, settings)),
  );
  const accounts = stackAccounts(index.views);
  const [account] = accounts;
  const fix =
    "set accountId in the pack settings, or trust the workload role of the stack's account";
  const findings: StackFinding[] = [];
  for (const role of tenantRoles) {
    for (const { source, document } of parsedDocuments(role, ["trust"])) {
      for (const statement of document.statements.filter(isAllow)) {
        const principals = statement.principals.filter(
          (principal) => workloadRoleArnParts(principal) !== undefined,
        );
        const foreign =
          accounts.size === 1
            ? principals.filter((principal) => workloadRoleArnParts(principal)?.account !== account)
            : principals;
        if (foreign.length === 0) continue;
        const value =
          accounts.size === 1
            ? `Principal ${show(foreign.map(principalText))} is not in account ${account}, which the stack's own ARNs name (accountId is not configured)`
            : `Principal ${show(foreign.map(principalText))}: its account cannot be confirmed, since accountId is not configured and the stack's policies name ${accounts.size === 0 ? "no account" : `several accounts (${[...accounts].join(", ")})`}`;
        findings.push({
          view: role,
          finding: finding(
            RULES.trustWorkloadOnly,
            `${source.location} ${describeStatement(statement)}`,
            value,
            { fix },
          ),
        });
      }
    }
  }
  return findings;
}

/** Accounts named in the Resource ARNs of the stack's identity policies. */
function stackAccounts(views: readonly ResourceView[]): Set<string> {
  const accounts = new Set<string>();
  for (const view of views) {
    for (const { document } of parsedDocuments(view, ["identity"])) {
      for (const statement of document.statements) {
        for (const resource of statement.resources) {
          const account = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1];
          if (account !== undefined) accounts.add(account);
        }
      }
    }
  }
  return accounts;
}
