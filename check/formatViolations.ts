import { parseUrn } from "../policypack/lib/resourceView";
import { findingFields } from "./findingFields";
import { Violation } from "./violation";

const PACK = "tenant-isolation";

/**
 * Prints violations the way `pulumi preview` lists a local pack's findings under "Policies:",
 * grouped by pack, one entry per violation: level, policy, resource, then the message.
 */
export function formatViolations(
  violations: readonly Violation[],
  packVersion: string,
  packPath = "policypack",
): string {
  const mandatory = violations.some((violation) => violation.level === "mandatory");
  const header = `    ${mandatory ? "❌" : violations.length > 0 ? "⚠️" : "✅"} ${PACK}@v${packVersion} (local: ${packPath})`;
  const entries = [...violations]
    .sort(
      (a, b) =>
        a.urn.localeCompare(b.urn) ||
        a.policy.localeCompare(b.policy) ||
        a.message.localeCompare(b.message),
    )
    .map((violation) => {
      const { type, name } =
        violation.urn === "" ? { type: "stack", name: "" } : parseUrn(violation.urn);
      const target = name === "" ? "" : `  (${type}: ${name})`;
      const lines = violation.message.split("\n").map((line) => `          ${line}`);
      return [`        - [${violation.level}]  ${violation.policy}${target}`, ...lines].join("\n");
    });
  return ["Policies:", header, ...entries].join("\n");
}

/** `{violations: [{policy, level, urn, ruleId, kind, resource, statement, value, exampleRequest, why, fix, message}], settingsDisagreements}`. */
export function violationsAsJson(
  violations: readonly Violation[],
  settingsDisagreements: readonly string[] = [],
): string {
  return JSON.stringify(
    { violations: violations.map(findingFields), settingsDisagreements },
    null,
    2,
  );
}
