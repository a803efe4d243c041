import { workloadRoleName } from "./platformNames";
import { grantedFrom } from "./actions";
import { parsedDocuments } from "./documents";
import { show } from "./finding";
import { describeStatement, isAllow, Statement } from "./policyDocument";
import { ResourceView, ROLE } from "./resourceView";
import { PackSettings } from "./settings";
import { reachesTenantRoles } from "./sharedStores";

// Tenant roles trust the workload role, so whoever can become a role that may assume tenant
// roles can become every tenant. These helpers find such roles: by name, or by what they may do.

const ASSUME_ROLE = "sts:AssumeRole";

/** An Allow statement that lets its holder call sts:AssumeRole on one of the stack's tenant roles. */
export function assumesTenantRoles(statement: Statement, settings: PackSettings): boolean {
  if (!isAllow(statement)) return false;
  const named = grantedFrom(statement.actions, [ASSUME_ROLE]).length > 0;
  // NotAction grants everything it does not list; NotResource reaches everything it does not list.
  if (statement.notAction ? named : !named) return false;
  return (
    statement.notResource ||
    statement.resources.some((resource) => reachesTenantRoles(settings, resource))
  );
}

/** `<prefix>-workload`; without a configured prefix, any role name ending in `-workload`. */
export function isWorkloadRoleName(name: string, settings: PackSettings): boolean {
  return settings.namePrefix === undefined
    ? name.endsWith(workloadRoleName(""))
    : name === workloadRoleName(settings.namePrefix);
}

/**
 * Why a role counts as a workload role from its own inputs (its name, or an inline policy that
 * lets it assume tenant roles), or undefined. Roles made workload roles by a separate RolePolicy
 * or attachment are found at stack level.
 */
export function workloadEvidence(view: ResourceView, settings: PackSettings): string | undefined {
  if (view.type !== ROLE) return undefined;
  const name = view.props.name;
  if (typeof name === "string" && isWorkloadRoleName(name, settings))
    return `it is the workload role ${show(name)}`;
  for (const { source, document } of parsedDocuments(view, ["identity"])) {
    const statement = document.statements.find((item) => assumesTenantRoles(item, settings));
    if (statement !== undefined)
      return `its ${source.location} ${describeStatement(statement)} lets it assume tenant roles`;
  }
  return undefined;
}
