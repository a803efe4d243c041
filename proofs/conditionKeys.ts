import type { IamPolicyJson } from "./proofInput";

interface StatementJson {
  readonly Action?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Lower-cased condition keys tested by the statements that can apply to `action`. A context key
 * the simulator drops but none of these statements tests cannot change the decision, so
 * dropping it leaves the proof intact.
 */
export function conditionKeysFor(
  action: string,
  ...documents: readonly (IamPolicyJson | undefined)[]
): Set<string> {
  const keys = new Set<string>();
  for (const document of documents) {
    const raw = document?.["Statement"];
    const statements = (Array.isArray(raw) ? raw : [raw]) as (StatementJson | undefined)[];
    for (const statement of statements) {
      // Statements without Action (NotAction) may apply to anything: count them, conservatively.
      if (statement?.Action !== undefined && !matchesAny(statement.Action, action)) continue;
      for (const block of Object.values(statement?.Condition ?? {})) {
        for (const key of Object.keys(block)) keys.add(key.toLowerCase());
      }
    }
  }
  return keys;
}

function matchesAny(patterns: string | readonly string[], action: string): boolean {
  return (typeof patterns === "string" ? [patterns] : patterns).some((pattern) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    ).test(action),
  );
}
