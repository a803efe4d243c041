import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckSettings, derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { PlannedResource } from "../../../plan/plannedResource";
import { withDocument, withInputs } from "../stackMutations";

// Drives the per-resource policy tenant-role-trust (checkTrust) in process, so that the mutation
// run sees it (the pooled-role tests run the pack in a child process).

/**
 * `<level> <rule> <resource> | <message>` of every finding of tenant-role-trust, the message
 * without the catalog's "Why" (the rule's fixed text) but with the location, the offending value
 * and the fix.
 */
export async function trustFindings(
  resources: readonly PlannedResource[],
  settings: CheckSettings = derivePlatformSettings(resources),
): Promise<string[]> {
  const violations = await analyzeInProcess(resources, settings);
  return violations
    .filter((violation) => violation.policy === "tenant-role-trust")
    .map((violation) => {
      const text = violation.message
        .split("\n")
        .slice(1)
        .join("\n")
        .replace(/\. Why: .*?\. Fix: /, " ... Fix: ");
      return `${violation.level} ${ruleIdOf(violation)} ${violation.urn.split("::").pop()} | ${text}`;
    });
}

export interface TrustCase {
  readonly name: string;
  readonly resources: PlannedResource[];
  readonly settings?: CheckSettings;
  readonly findings: string[];
}

export function runTrustCases(cases: readonly TrustCase[]): void {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      expect(await trustFindings(testCase.resources, testCase.settings)).to.deep.equal(
        testCase.findings,
      );
    });
  }
}

/** Replaces a role's trust policy with `statements`. */
export function trustOf(
  resources: readonly PlannedResource[],
  role: string,
  ...statements: unknown[]
): PlannedResource[] {
  return withInputs(resources, role, (inputs) => ({
    ...inputs,
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  }));
}

/** Edits the statements of a role's trust policy. */
export function eachTrustStatement(
  resources: readonly PlannedResource[],
  role: string,
  edit: (statement: Record<string, any>) => Record<string, any>,
): PlannedResource[] {
  return withDocument(resources, role, "assumeRolePolicy", (doc) => ({
    ...doc,
    Statement: doc.Statement.map(edit),
  }));
}

/** Edits the condition of the statements that start or tag a session (not WorkloadNamesTheUser). */
export function sessionConditions(
  resources: readonly PlannedResource[],
  role: string,
  edit: (condition: Record<string, any>) => Record<string, any>,
): PlannedResource[] {
  return eachTrustStatement(resources, role, (statement) =>
    statement.Sid === "WorkloadNamesTheUser"
      ? statement
      : { ...statement, Condition: edit(statement.Condition) },
  );
}

/** The stack's own settings without namePrefix: the prefix must come from the role's name. */
export function withoutNamePrefix(resources: readonly PlannedResource[]): CheckSettings {
  return { ...derivePlatformSettings(resources), namePrefix: undefined };
}
