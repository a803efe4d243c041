import { readDocuments } from "../documents";
import { Finding, finding, show, StackFinding } from "../finding";
import { managedPolicyReferences } from "../iamSources";
import { containsUnknown, UNKNOWN } from "../knownValues";
import {
  APP_CLIENT_TYPES,
  ATTACHMENT_TYPES,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
} from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { RoleReference, StackIndex } from "../stackIndex";
import { tenantScope } from "../tenantScope";
import { isWorkloadRoleName, workloadEvidence } from "../workloadRoles";
import { tenantRoleGrants } from "./stackTrustChecks";

const PREVIEW_VALUE = "unknown until deployment (computed from another resource's output)";

/** TI-UNK-001: whatever decides isolation must be known at preview, or the pack fails closed. */
export function checkKnownAtPreview(view: ResourceView): Finding[] {
  const findings = readDocuments(view)
    .filter((read) => read.state === "unknown")
    .map((read) => finding(RULES.unknownAtPreview, read.source.location, PREVIEW_VALUE));
  // An attachment's policyArn is usually the output of a Policy of the stack: AnalyzeStack traces
  // it (checkUnknownAcrossStack), so it is not judged here.
  if (view.type === ROLE) {
    findings.push(
      ...managedPolicyReferences(view)
        .filter((reference) => reference.arn === UNKNOWN)
        .map((reference) => finding(RULES.unknownAtPreview, reference.location, PREVIEW_VALUE)),
    );
  }
  if (APP_CLIENT_TYPES.includes(view.type) && containsUnknown(view.props.writeAttributes)) {
    findings.push(finding(RULES.unknownAtPreview, "writeAttributes", PREVIEW_VALUE));
  }
  return findings;
}

/**
 * TI-UNK-001 for what only the stack shows: an attachment whose unknown policyArn cannot be traced
 * to a Policy of this stack while it gives that policy to a tenant or a workload role, and a grant
 * of sts:AssumeRole on tenant roles to a role that is unknown at preview.
 */
export function checkUnknownAcrossStack(index: StackIndex, settings: PackSettings): StackFinding[] {
  const findings: StackFinding[] = [];
  const grants = tenantRoleGrants(index, settings);
  const granted = new Set(
    grants.flatMap((grant) =>
      grant.roles.flatMap((reference) => (reference.kind === "role" ? [reference.view.urn] : [])),
    ),
  );
  for (const grant of grants) {
    if (grant.roles.some((reference) => reference.kind === "unknown")) {
      findings.push({
        view: grant.grantor,
        finding: finding(
          RULES.unknownAtPreview,
          grant.grantor.type === POLICY_ATTACHMENT ? "roles" : "role",
          `${PREVIEW_VALUE}, and ${grant.location} lets that role assume tenant roles, so whether it trusts only ${show(settings.workloadTrustedServices)} cannot be checked`,
        ),
      });
    }
  }
  const isWorkload = (reference: RoleReference): boolean =>
    reference.kind === "unknown" ||
    (reference.kind === "outside" && isWorkloadRoleName(reference.name, settings)) ||
    (reference.kind === "role" &&
      (granted.has(reference.view.urn) ||
        workloadEvidence(reference.view, settings) !== undefined));
  for (const view of index.views) {
    if (!ATTACHMENT_TYPES.includes(view.type) || view.props.policyArn !== UNKNOWN) continue;
    const resolved = index.resolved(view);
    if (resolved.attachedPolicy !== undefined) continue;
    const roles = index.rolesReferenced(view, view.type === POLICY_ATTACHMENT ? "roles" : "role");
    const scope = tenantScope(resolved, settings);
    const holder =
      scope.kind !== "platform"
        ? "a tenant's role"
        : roles.some(isWorkload)
          ? "a role that can assume tenant roles"
          : undefined;
    if (holder === undefined) continue;
    findings.push({
      view,
      finding: finding(
        RULES.unknownAtPreview,
        "policyArn",
        `${PREVIEW_VALUE}, and no Policy of this stack can be traced from it (propertyDependencies), so the document it gives ${holder} cannot be checked`,
        {
          fix: "attach an aws.iam.Policy of this stack (its ARN output is traced), or put the statements in the role's inline policy",
        },
      ),
    });
  }
  return findings;
}
