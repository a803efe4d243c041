import { RuleDefinition } from "./ruleCatalog";
import { ResourceView } from "./resourceView";
import { PackSettings } from "./settings";

/** One rule broken at one place: what the rule checks comes from the catalog, the rest from here. */
export interface Finding {
  readonly rule: RuleDefinition;
  /** e.g. `policy statement 0 (Sid OwnItemsOnly)`. */
  readonly location: string;
  /** The offending value as written. */
  readonly value: string;
  /** A sharper reason than the catalog's, when the case needs one. */
  readonly why?: string;
  /** A concrete fix (with the tenant id filled in), when one can be given. */
  readonly fix?: string;
  /** The request the pack evaluated as allowed, for leak and contract findings shown by one. */
  readonly request?: ExampleRequest;
}

/** A request of the tenant's session, as findings show it. */
export interface ExampleRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, readonly string[]>>;
  /** What the request stands for, e.g. `another tenant "zz-other"'s items`. */
  readonly stands: string;
}

/** A finding of a stack rule, with the resource it is reported on. */
export interface StackFinding {
  readonly view: ResourceView;
  readonly finding: Finding;
}

/** A rule over one resource (the per-resource policies run these). */
export type ResourceCheck = (view: ResourceView, settings: PackSettings) => Finding[];

export function finding(
  rule: RuleDefinition,
  location: string,
  value: string,
  extra: Partial<Pick<Finding, "why" | "fix" | "request">> = {},
): Finding {
  return { rule, location, value, ...extra };
}

/**
 * `[TI-LEAK-001] <type> "<name>", <location>: <value>. Request: <request>. This breaks tenant
 * isolation: <why>. Fix: <fix>.` Only a leak, which shows the request, says it breaks isolation; a
 * contract finding says the form is outside the contract, a guard finding says why it matters.
 */
export function violationMessage(
  view: Pick<ResourceView, "type" | "name">,
  found: Finding,
): string {
  const why = found.why ?? found.rule.why;
  const fix = found.fix ?? found.rule.fix;
  const request = found.request === undefined ? "" : ` Request: ${describeRequest(found.request)}.`;
  const verdict =
    found.rule.kind === "leak" && found.request !== undefined
      ? "This breaks tenant isolation"
      : found.rule.kind === "contract"
        ? "Outside the contract"
        : "Why";
  return `[${found.rule.id}] ${view.type} "${view.name}", ${found.location}: ${found.value}.${request} ${verdict}: ${why}. Fix: ${fix}.`;
}

/** `dynamodb:Scan on arn:... with {"aws:PrincipalTag/tenantId":["acme"]} (a request without keys ...)` */
export function describeRequest(request: ExampleRequest): string {
  return `${request.action} on ${request.resource} with ${JSON.stringify(request.context)} (${request.stands})`;
}

/** Compact JSON for offending values in messages. */
export function show(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : (JSON.stringify(value) ?? String(value));
}
