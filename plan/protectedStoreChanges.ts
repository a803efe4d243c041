import { IMMUTABLE_STORE_INPUTS } from "../components/immutableInputs";
import { differs } from "./inputChanges";
import { PlannedResource } from "./plannedResource";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** One edit `pulumi up` would refuse or fail on, with what to do instead. */
export interface ProtectedStoreChange {
  readonly urn: string;
  readonly message: string;
}

/**
 * Compares the plan with the deployed stack: a protected store that the plan no longer
 * registers (a renamed prefix, stack or region) would be deleted, and an immutable input that
 * changed would replace it. Pulumi refuses both for protected resources.
 */
export function protectedStoreChanges(
  planned: readonly PlannedResource[],
  deployed: readonly PlannedResource[],
): ProtectedStoreChange[] {
  const plannedByUrn = new Map(planned.map((r) => [r.urn, r]));
  const changes: ProtectedStoreChange[] = [];
  for (const old of deployed) {
    if (!old.protect) continue;
    const now = plannedByUrn.get(old.urn);
    if (now === undefined && old.type === LOG_GROUP) {
      changes.push({
        urn: old.urn,
        message: `the protected ${old.type} ${old.urn} is deployed but no longer planned (Bedrock invocation logging turned off?), and Pulumi refuses to delete a protected resource. Fix: pulumi state unprotect '${old.urn}' first; the log group and its records are then kept (retainOnDelete)`,
      });
      continue;
    }
    if (now === undefined) {
      changes.push({
        urn: old.urn,
        message: `the protected ${old.type} ${old.urn} is deployed but no longer planned: a change of tenancy:namePrefix, stack name or aws:region renames every store, and Pulumi refuses to delete a protected resource. Fix: restore the setting; to move data to new names, do it explicitly, then pulumi state unprotect the old store`,
      });
      continue;
    }
    const rule = IMMUTABLE_STORE_INPUTS[old.type];
    const appendOnly = rule?.appendOnly;
    if (appendOnly !== undefined) {
      const kept = listOf(now.inputs[appendOnly.input]);
      for (const entry of listOf(old.inputs[appendOnly.input])) {
        if (
          !kept.some(
            (candidate) =>
              !differs(candidate, entry) && !differs(withoutDefaults(entry), candidate),
          )
        ) {
          changes.push({
            urn: old.urn,
            message: `${old.type} ${old.urn} input "${appendOnly.input}" would change or lose the deployed entry ${shown(withoutDefaults(entry))}, but ${appendOnly.why}, and the store is protected. Fix: keep the deployed entries as they are; add new ones beside them`,
          });
        }
      }
    }
    for (const input of rule?.inputs ?? []) {
      if (differs(now.inputs[input], old.inputs[input])) {
        changes.push({
          urn: old.urn,
          message: `${old.type} ${old.urn} input "${input}" would change from ${shown(withoutDefaults(old.inputs[input]))} to ${shown(now.inputs[input])}, but ${rule?.why}, and the store is protected. Fix: keep "${input}" as deployed`,
        });
      }
    }
  }
  return changes;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "__defaults")
        .map(([key, inner]) => [key, withoutDefaults(inner)]),
    );
  }
  return value;
}

function shown(value: unknown): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}
