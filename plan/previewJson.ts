import { PlanChanges } from "./planChanges";
import { PlannedResource } from "./plannedResource";

type Op = "create" | "same" | "update" | "replace";

/**
 * The plan in the shape of `pulumi preview --json` (`steps[]` with each resource's `newState`),
 * so the offline checker (`npm run check -- --preview FILE`) and CI tools read it as a preview.
 * Without a base every resource is a create; with one, each step carries what changes.
 */
export function previewJson(
  resources: readonly PlannedResource[],
  changes?: PlanChanges,
): { steps: unknown[]; changeSummary: Record<string, number> } {
  const kindOf = new Map(changes?.changes.map((c) => [c.urn, c.kind]));
  const steps: unknown[] = resources.map((resource) => {
    const op: Op =
      changes === undefined ? "create" : ((kindOf.get(resource.urn) as Op | undefined) ?? "same");
    return {
      op,
      urn: resource.urn,
      newState: {
        urn: resource.urn,
        type: resource.type,
        custom: resource.custom,
        parent: resource.parent ?? "",
        inputs: resource.inputs,
        protect: resource.protect,
        retainOnDelete: resource.retainOnDelete,
        dependencies: resource.dependencies ?? [],
      },
    };
  });
  for (const change of changes?.changes ?? []) {
    if (change.kind === "delete") {
      steps.push({
        op: "delete",
        urn: change.urn,
        oldState: { urn: change.urn, type: change.type },
      });
    }
  }
  const changeSummary: Record<string, number> = {};
  for (const step of steps as Array<{ op: string }>) {
    changeSummary[step.op] = (changeSummary[step.op] ?? 0) + 1;
  }
  return { steps, changeSummary };
}
