import { ConditionEntry } from "../policyDocument";
import {
  PickedValues,
  hasPolicyVariable,
  POLICY_VARIABLE_VERSION,
  resolveVariables,
} from "./policyVariables";
import { RequestContext } from "./requestContext";
import { exactMatches, ResolvedPattern, wildcardMatches } from "./wildcards";
import { registerCache } from "../caches";

/** How one condition entry came out for one request. */
export type ConditionOutcome = "holds" | "fails" | "unmodelled" | "unsupported";

type Compare = (pattern: ResolvedPattern, value: string) => boolean;

const exact: Compare = (pattern, value) => exactMatches(pattern, value);
const exactIgnoringCase: Compare = (pattern, value) =>
  exactMatches(pattern, value, { ignoreCase: true });
const COMPARISONS: Record<string, { readonly compare: Compare; readonly negated: boolean }> = {
  stringequals: { compare: exact, negated: false },
  stringnotequals: { compare: exact, negated: true },
  stringequalsignorecase: { compare: exactIgnoringCase, negated: false },
  stringnotequalsignorecase: { compare: exactIgnoringCase, negated: true },
  stringlike: { compare: (p, v) => wildcardMatches(p, v), negated: false },
  stringnotlike: { compare: (p, v) => wildcardMatches(p, v), negated: true },
  arnequals: { compare: (p, v) => wildcardMatches(p, v, { arn: true }), negated: false },
  arnlike: { compare: (p, v) => wildcardMatches(p, v, { arn: true }), negated: false },
  arnnotequals: { compare: (p, v) => wildcardMatches(p, v, { arn: true }), negated: true },
  arnnotlike: { compare: (p, v) => wildcardMatches(p, v, { arn: true }), negated: true },
  bool: { compare: (p, v) => p.text.toLowerCase() === v.toLowerCase(), negated: false },
};

/** An entry's operator taken apart once: every probe of a tenant asks the same entries. */
interface CompiledEntry {
  /** `forallvalues`, `foranyvalue`, or "" for a plain operator; undefined when unsupported. */
  readonly set: string | undefined;
  readonly isNull: boolean;
  readonly ifExists: boolean;
  readonly comparison: { readonly compare: Compare; readonly negated: boolean } | undefined;
  /** The values as patterns when no policy variable needs the request to resolve it. */
  readonly fixedPatterns: Map<string | undefined, readonly ResolvedPattern[] | undefined>;
}

let compiledEntries = new WeakMap<ConditionEntry, CompiledEntry>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => {
  compiledEntries = new WeakMap();
});

function compiledEntry(entry: ConditionEntry): CompiledEntry {
  let compiled = compiledEntries.get(entry);
  if (compiled === undefined) {
    const [qualifier, name] = entry.operator.includes(":")
      ? (entry.operator.split(":", 2) as [string, string])
      : ["", entry.operator];
    const set = qualifier.toLowerCase();
    const ifExists = /ifexists$/i.test(name);
    const base = (ifExists ? name.slice(0, -"IfExists".length) : name).toLowerCase();
    compiled = {
      set: set === "" || set === "forallvalues" || set === "foranyvalue" ? set : undefined,
      isNull: name.toLowerCase() === "null",
      ifExists,
      comparison: COMPARISONS[base],
      fixedPatterns: new Map(),
    };
    compiledEntries.set(entry, compiled);
  }
  return compiled;
}

/**
 * A value a request can carry for the entry to hold: the first value of a matching comparison.
 * None for Null, a negated or an unknown operator (a number, a date or a CIDR block is not a value
 * that satisfies NumericLessThan, DateGreaterThan or IpAddress).
 */
export function holdingValue(entry: ConditionEntry): string | undefined {
  const { set, isNull, comparison } = compiledEntry(entry);
  if (set === undefined || isNull || comparison === undefined || comparison.negated)
    return undefined;
  return entry.values[0];
}

/** The entry's values as patterns for this request (variables resolved under `version`). */
function patternsOf(
  entry: ConditionEntry,
  compiled: CompiledEntry,
  version: string | undefined,
  context: RequestContext,
  picked: PickedValues,
): readonly ResolvedPattern[] {
  if (!compiled.fixedPatterns.has(version)) {
    const fixed = !entry.values.some(
      (value) => version === POLICY_VARIABLE_VERSION && hasPolicyVariable(value),
    );
    compiled.fixedPatterns.set(
      version,
      fixed ? entry.values.map((value) => ({ text: value, literal: NO_LITERALS })) : undefined,
    );
  }
  return (
    compiled.fixedPatterns.get(version) ??
    entry.values
      .map((value) => resolveVariables(value, version, context, picked))
      .filter((pattern): pattern is ResolvedPattern => pattern !== undefined)
  );
}

const NO_LITERALS: ReadonlySet<number> = new Set();

/**
 * Evaluates one entry as IAM does: `ForAllValues` holds when every request value matches (and
 * when the key is absent), `ForAnyValue` when one does (when absent only with IfExists), a plain operator on
 * several values when one does; `...IfExists` holds when the key is absent; negated operators
 * hold when no value matches (and when the key is absent); `Null` tests presence only. A value the
 * caller picks (`${aws:SourceIdentity}`) is picked to make an Allow's entry hold and a Deny's fail.
 */
export function evaluateCondition(
  entry: ConditionEntry,
  version: string | undefined,
  context: RequestContext,
  inAllow: boolean,
  /** Whether the request can carry the key at all; one it cannot carry is absent. */
  carried: (key: string) => boolean = () => true,
): ConditionOutcome {
  const compiled = compiledEntry(entry);
  const { set, isNull, ifExists, comparison } = compiled;
  if (set === undefined) return "unsupported";
  if (!context.isModelled(entry.key) && carried(entry.key)) return "unmodelled";
  const values = context.values(entry.key);
  const present = values !== undefined && values.length > 0;

  if (isNull) {
    if (set !== "") return "unsupported";
    const wantsAbsent = entry.values.map((value) => value.toLowerCase() === "true");
    return wantsAbsent.some((absent) => absent !== present) ? "holds" : "fails";
  }
  if (comparison === undefined) return "unsupported";
  const patterns = patternsOf(
    entry,
    compiled,
    version,
    context,
    inAllow !== comparison.negated ? "match" : "miss",
  );
  const matchesOne = (value: string) =>
    patterns.some((pattern) => comparison.compare(pattern, value));
  // A negated operator holds for a value that matches none of the patterns.
  const valueHolds = (value: string) =>
    comparison.negated ? !matchesOne(value) : matchesOne(value);

  if (set === "forallvalues") return !present || values.every(valueHolds) ? "holds" : "fails";
  if (set === "foranyvalue")
    return (present ? values.some(valueHolds) : ifExists) ? "holds" : "fails";
  if (!present) return ifExists || comparison.negated ? "holds" : "fails";
  if (comparison.negated) return values.every(valueHolds) ? "holds" : "fails";
  return values.some(valueHolds) ? "holds" : "fails";
}
