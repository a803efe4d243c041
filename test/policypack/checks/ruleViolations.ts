import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckedResource } from "../../../check/checkedResource";
import { CheckSettings, derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";

/** One violation of a rule as a test reads it. */
export interface Reported {
  readonly policy: string;
  readonly level: string;
  /** The resource's name (the URN's last part). */
  readonly resource: string;
  /** The line after the description: `[ID] type "name", location: value. ...`. */
  readonly line: string;
}

/** The violations of rule `id` when the pack runs in process over `resources`. */
export async function violationsOf(
  resources: readonly CheckedResource[],
  id: string,
  settings: CheckSettings = derivePlatformSettings(resources),
): Promise<Reported[]> {
  const violations = await analyzeInProcess(resources, settings);
  return violations
    .filter((violation) => ruleIdOf(violation) === id)
    .map((violation) => ({
      policy: violation.policy,
      level: violation.level,
      resource: violation.urn.split("::").pop() ?? "",
      line: violation.message.split("\n")[1] ?? "",
    }));
}
