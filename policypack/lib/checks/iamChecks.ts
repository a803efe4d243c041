import {
  ASSUME_ROLE_ACTIONS,
  broadWildcardActions,
  grantedFrom,
  PASS_ROLE_ACTION,
  PERMISSION_MANAGEMENT_ACTIONS,
} from "../actions";
import { readDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { globMatches, hasWildcard } from "../glob";
import { managedPolicyReferences } from "../iamSources";
import { conditionsOn, describeStatement, isAllow, Statement } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { actsAsTenant, tenantScope } from "../tenantScope";

const PASSED_TO_SERVICE = "iam:PassedToService";
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;
const TENANT_ROLE_FAMILY = ":role/tenants/";

/**
 * TI-IAM-001..006: the general least-privilege rules on platform IAM, trust and resource policies,
 * and managed policies on tenant roles.
 */
export function checkIam(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  const findings: Finding[] = [];
  for (const read of readDocuments(view)) {
    if (read.state === "malformed") {
      findings.push(
        finding(
          RULES.iamMalformed,
          read.source.location,
          `the document is unreadable: ${read.reason}`,
        ),
      );
    }
    if (read.state !== "parsed") continue;
    // A tenant's identity documents are judged by what they allow (TI-LEAK-*), not by their form.
    if (actsAsTenant(scope) && read.source.kind === "identity") continue;
    for (const statement of read.document.statements.filter(isAllow)) {
      const location = `${read.source.location} ${describeStatement(statement)}`;
      const nots = [
        statement.notAction && "NotAction",
        statement.notResource && "NotResource",
        statement.notPrincipal && "NotPrincipal",
      ].filter(Boolean);
      if (nots.length > 0)
        findings.push(finding(RULES.iamNotElements, location, `Allow with ${nots.join(", ")}`));
      if (read.source.kind === "trust" || statement.notAction) continue;
      const wildcards = broadWildcardActions(statement.actions);
      if (wildcards.length > 0)
        findings.push(finding(RULES.iamWildcardAction, location, `Action ${show(wildcards)}`));
      if (read.source.kind === "identity") findings.push(...escalation(location, statement));
    }
  }
  if (actsAsTenant(scope)) findings.push(...managedPolicies(view, settings));
  if (scope.kind === "platform") findings.push(...platformManagedPolicies(view, settings));
  return findings;
}

function escalation(location: string, statement: Statement): Finding[] {
  const reasons: string[] = [];
  if (grantedFrom(statement.actions, [PASS_ROLE_ACTION]).length > 0) {
    const unpinned = statement.resources.filter(hasWildcard);
    if (unpinned.length > 0) reasons.push(`${PASS_ROLE_ACTION} on ${show(unpinned)}`);
    if (conditionsOn(statement, PASSED_TO_SERVICE).length === 0)
      reasons.push(`${PASS_ROLE_ACTION} without ${PASSED_TO_SERVICE}`);
  }
  const management = grantedFrom(statement.actions, PERMISSION_MANAGEMENT_ACTIONS);
  if (management.length > 0) reasons.push(`permission management ${management.join(", ")}`);
  if (grantedFrom(statement.actions, ASSUME_ROLE_ACTIONS).length > 0) {
    // Only the workload role becomes tenants.
    const others = statement.resources.filter((resource) => !isTenantRoleFamily(resource));
    if (others.length > 0) reasons.push(`sts:AssumeRole on ${show(others)}`);
  }
  return reasons.length === 0 ? [] : [finding(RULES.iamEscalation, location, reasons.join("; "))];
}

function isTenantRoleFamily(resource: string): boolean {
  const at = resource.indexOf(TENANT_ROLE_FAMILY);
  return at > 0 && !hasWildcard(resource.slice(0, at + TENANT_ROLE_FAMILY.length));
}

function managedPolicies(view: ResourceView, settings: PackSettings): Finding[] {
  return managedPolicyReferences(view)
    .filter(
      (reference) =>
        typeof reference.arn === "string" &&
        !settings.allowedManagedPolicyArns.includes(reference.arn),
    )
    .map((reference) => finding(RULES.iamManagedPolicy, reference.location, show(reference.arn)));
}

/** TI-IAM-006: AWS-managed policies on platform roles, users and groups only from the allow-list. */
function platformManagedPolicies(view: ResourceView, settings: PackSettings): Finding[] {
  return managedPolicyReferences(view).flatMap((reference) => {
    const arn = reference.arn;
    if (typeof arn !== "string" || !AWS_MANAGED.test(arn)) return [];
    const allowed = settings.allowedPlatformManagedPolicyArns.some((pattern) =>
      globMatches(pattern, arn),
    );
    return allowed ? [] : [finding(RULES.iamPlatformManagedPolicy, reference.location, show(arn))];
  });
}
