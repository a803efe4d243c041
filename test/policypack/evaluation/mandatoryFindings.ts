import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { PlannedResource } from "../../../plan/plannedResource";
import { findResource } from "../stackMutations";

/** The rule ids of the pack's mandatory findings on the resource `name` of `stack`. */
export async function mandatoryOn(
  stack: readonly PlannedResource[],
  name: string,
): Promise<string[]> {
  const urn = findResource(stack, name).urn;
  const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
  return violations
    .filter((v) => v.urn === urn && v.level === "mandatory")
    .map((v) => ruleIdOf(v) ?? v.message);
}
