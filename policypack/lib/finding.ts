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
  extra: Partial<Pick<Finding, "why" | "fix">> = {},
): Finding {
  return { rule, location, value, ...extra };
}

/** `[TI-DDB-002] aws:iam/rolePolicy:RolePolicy "acme-data-access", policy statement 0: <value>. <why>. Fix: <fix>.` */
export function violationMessage(
  view: Pick<ResourceView, "type" | "name">,
  found: Finding,
): string {
  const why = found.why ?? found.rule.why;
  const fix = found.fix ?? found.rule.fix;
  return `[${found.rule.id}] ${view.type} "${view.name}", ${found.location}: ${found.value}. This breaks tenant isolation: ${why}. Fix: ${fix}.`;
}

/** Compact JSON for offending values in messages. */
export function show(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : (JSON.stringify(value) ?? String(value));
}
