import { Finding, StackFinding } from "../finding";
import { ATTACHMENT_TYPES, ROLE_POLICY } from "../resourceView";
import { PackSettings } from "../settings";
import { StackIndex } from "../stackIndex";
import { sameScope, tenantScope } from "../tenantScope";
import { RESOURCE_CHECKS } from "./resourceChecks";

const HOLDER_TYPES = [ROLE_POLICY, ...ATTACHMENT_TYPES];

/**
 * Every per-resource rule again, for RolePolicies and attachments whose references only the
 * whole stack resolves: an unknown `role` traced to its Role, an attachment's policyArn traced
 * to the Policy it attaches (judged under the attachment's scope, e.g. one tenant's Policy
 * attached to another tenant's role). Reported on the holder, only what the resource-level run
 * could not already see.
 */
export function checkResolvedReferences(index: StackIndex, settings: PackSettings): StackFinding[] {
  return index.views.flatMap((view) => {
    if (!HOLDER_TYPES.includes(view.type)) return [];
    let resolved = index.resolved(view);
    const policy = resolved.attachedPolicy;
    // A Policy judged under its own scope is already judged: only another scope is news.
    if (
      policy !== undefined &&
      sameScope(tenantScope(policy, settings), tenantScope(resolved, settings))
    )
      resolved = { ...resolved, attachedPolicy: undefined };
    if (resolved.props === view.props && resolved.attachedPolicy === undefined) return [];
    const seen = new Set(RESOURCE_CHECKS.flatMap((check) => check(view, settings)).map(keyOf));
    return RESOURCE_CHECKS.flatMap((check) => check(resolved, settings))
      .filter((found) => !seen.has(keyOf(found)))
      .map((found) => ({ view, finding: found }));
  });
}

function keyOf(found: Finding): string {
  return `${found.rule.id}\n${found.location}\n${found.value}`;
}
