import { ConditionEntry, isAllow, PolicyDocument, Statement } from "../policyDocument";
import { evaluateCondition } from "./conditions";
import { carriesKey } from "./iamReference";
import { hasPolicyVariable, POLICY_VARIABLE_VERSION, resolveVariables } from "./policyVariables";
import { ProbeRequest } from "./probeRequest";
import { wildcardMatcher, wildcardMatches } from "./wildcards";
import { registerCache } from "../caches";

/** A statement with the document it came from (its Version decides whether variables resolve). */
export interface PlacedStatement {
  readonly statement: Statement;
  readonly document: PolicyDocument;
  /** e.g. `policy statement 0 (Sid OwnItemsOnly)`. */
  readonly location: string;
}

export type Decision =
  | { readonly kind: "allowed"; readonly by: PlacedStatement }
  | { readonly kind: "denied"; readonly by?: PlacedStatement };

/**
 * IAM's identity-policy evaluation for one request over every statement of a principal's
 * documents: an explicit Deny wins, otherwise an Allow allows, otherwise it is implicitly denied.
 */
export function decide(statements: readonly PlacedStatement[], request: ProbeRequest): Decision {
  let allowedBy: PlacedStatement | undefined;
  for (const placed of statements) {
    const allow = isAllow(placed.statement);
    if (allow && allowedBy !== undefined) continue;
    if (!applies(placed, request, allow)) continue;
    if (!allow) return { kind: "denied", by: placed };
    allowedBy = placed;
  }
  return allowedBy === undefined ? { kind: "denied" } : { kind: "allowed", by: allowedBy };
}

/**
 * The conditions of a statement the pack could not evaluate for a request and took to hold: a
 * finding shows them, so the example request is one IAM would really allow.
 */
export function assumedConditions(
  { statement, document }: PlacedStatement,
  request: ProbeRequest,
): ConditionEntry[] {
  return statement.conditions.filter((entry) => {
    const outcome = evaluateCondition(
      entry,
      document.version,
      request.context,
      isAllow(statement),
      (key) => carriesKey(request.reference, key),
    );
    return outcome === "unmodelled" || outcome === "unsupported";
  });
}

/**
 * Whether a statement applies. A condition the pack cannot evaluate (a key it does not model, an
 * operator it does not know) is taken to hold in an Allow and to fail in a Deny, so an
 * unevaluable condition never hides a leak.
 */
function applies(placed: PlacedStatement, request: ProbeRequest, allow: boolean): boolean {
  const { statement, document } = placed;
  const matchers = matchersOf(placed);
  if (matchers.action(request.action) === statement.notAction) return false;
  if (matchers.resource(request) === statement.notResource) return false;
  return statement.conditions.every((entry) => {
    const outcome = evaluateCondition(entry, document.version, request.context, allow, (key) =>
      carriesKey(request.reference, key),
    );
    return (
      outcome === "holds" || (allow && (outcome === "unmodelled" || outcome === "unsupported"))
    );
  });
}

interface Matchers {
  readonly action: (action: string) => boolean;
  readonly resource: (request: ProbeRequest) => boolean;
}

let compiled = new WeakMap<PlacedStatement, Matchers>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => {
  compiled = new WeakMap();
});

/** Action and resource matchers, compiled once per statement (every probe asks the same ones). */
function matchersOf(placed: PlacedStatement): Matchers {
  let matchers = compiled.get(placed);
  if (matchers !== undefined) return matchers;
  const { statement, document } = placed;
  // The caller picks a value so that the statement applies if an Allow, not if a Deny.
  const picked = isAllow(statement) !== statement.notResource ? "match" : "miss";
  const actions = statement.actions.map((pattern) =>
    wildcardMatcher(pattern, { ignoreCase: true }),
  );
  const resources = statement.resources.map((pattern): ((request: ProbeRequest) => boolean) => {
    if (document.version !== POLICY_VARIABLE_VERSION || !hasPolicyVariable(pattern)) {
      const match = wildcardMatcher(pattern, { arn: true });
      return (request) => match(request.resource);
    }
    return (request) => {
      const resolved = resolveVariables(pattern, document.version, request.context, picked);
      return resolved !== undefined && wildcardMatches(resolved, request.resource, { arn: true });
    };
  });
  matchers = {
    action: (action) => actions.some((match) => match(action)),
    resource: (request) => resources.some((match) => match(request)),
  };
  compiled.set(placed, matchers);
  return matchers;
}
