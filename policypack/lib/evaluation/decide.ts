import { isAllow, PolicyDocument, Statement } from "../policyDocument";
import { evaluateCondition } from "./conditions";
import { resolveVariables } from "./policyVariables";
import { ProbeRequest } from "./probeRequest";
import { plain, wildcardMatches } from "./wildcards";

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
 * Whether a statement applies. A condition the pack cannot evaluate (a key it does not model, an
 * operator it does not know) is taken to hold in an Allow and to fail in a Deny, so an
 * unevaluable condition never hides a leak.
 */
function applies(
  { statement, document }: PlacedStatement,
  request: ProbeRequest,
  allow: boolean,
): boolean {
  const actionNamed = statement.actions.some((pattern) =>
    wildcardMatches(plain(pattern), request.action, { ignoreCase: true }),
  );
  if (actionNamed === statement.notAction) return false;
  const resourceNamed = statement.resources.some((pattern) => {
    const resolved = resolveVariables(pattern, document.version, request.context);
    return resolved !== undefined && wildcardMatches(resolved, request.resource, { arn: true });
  });
  if (resourceNamed === statement.notResource) return false;
  return statement.conditions.every((entry) => {
    const outcome = evaluateCondition(entry, document.version, request.context);
    return (
      outcome === "holds" || (allow && (outcome === "unmodelled" || outcome === "unsupported"))
    );
  });
}
