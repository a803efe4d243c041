import { ChangeKind, PlanChanges, ResourceChange } from "./planChanges";

const VERB: Record<ChangeKind, string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
};
const MARK: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

/**
 * The change summary for a reviewer: warnings first, then one line per scope (platform, each
 * tenant) with counts, and under it each change unless there are more than `detailLimit`.
 */
export function formatChanges(changes: PlanChanges, against: string, detailLimit = 200): string {
  const lines = [`Changes against ${against}`];
  if (changes.changes.length === 0) {
    lines.push("  no changes");
    return lines.join("\n");
  }
  if (changes.warnings.length > 0) {
    lines.push(`  Warnings (${changes.warnings.length}):`);
    for (const warning of changes.warnings) lines.push(`  ! ${warning.message}`);
  }
  const scopes = new Map<string, ResourceChange[]>();
  for (const change of changes.changes) {
    const scope = change.tenant === undefined ? "platform" : `tenant ${change.tenant}`;
    scopes.set(scope, [...(scopes.get(scope) ?? []), change]);
  }
  const detailed = changes.changes.length <= detailLimit;
  for (const [scope, list] of scopes) {
    const id = list[0]?.tenant;
    const note =
      id === undefined
        ? ""
        : changes.tenantsAdded.includes(id)
          ? " (new tenant)"
          : changes.tenantsRemoved.includes(id)
            ? " (tenant removed)"
            : "";
    lines.push(`  ${scope}${note}: ${counts(list)}`);
    if (!detailed) continue;
    for (const change of list) lines.push(`    ${MARK[change.kind].padEnd(2)} ${describe(change)}`);
  }
  if (!detailed)
    lines.push(`  (${changes.changes.length} changes; --json or --verbose lists each)`);
  return lines.join("\n");
}

function counts(list: readonly ResourceChange[]): string {
  return (["create", "update", "replace", "delete"] as const)
    .map((kind) => [kind, list.filter((c) => c.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${VERB[kind]}`)
    .join(", ");
}

function describe(change: ResourceChange): string {
  const what = `${change.name} (${change.type.split(":").pop()})`;
  if (change.kind === "replace") return `${what}: ${change.replacedBecause?.join(", ")} changes`;
  if (change.kind === "update") return `${what}: ${change.inputs?.join(", ")}`;
  return what;
}
