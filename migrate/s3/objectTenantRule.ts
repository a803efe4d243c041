import { tenantS3Prefix } from "@tenancy/runtime/naming";
import { DeclaredTenants } from "../declaredTenants";
import { MigrationInputError, MigrationIssue } from "../errors";
import { MappingEntry } from "../tenantMapping";

/** How the migration decides an object's tenant and its key under `tenants/<id>/`. */
export type ObjectTenantRule =
  /** `legacy/acme/a.pdf` with prefix `legacy/acme/` -> `tenants/acme/a.pdf`. */
  | {
      readonly kind: "prefixMapping";
      readonly file: string;
      readonly prefixes: readonly MappingEntry[];
    }
  /** Named group `tenant`, optional group `path` (default: the whole key) for the rest. */
  | { readonly kind: "keyPattern"; readonly pattern: RegExp };

export const OBJECT_KEY_FIELDS = ["prefix"] as const;

export interface ObjectDestination {
  readonly tenantId: string;
  readonly key: string;
}

export function describeObjectRule(rule: ObjectTenantRule): string {
  return rule.kind === "prefixMapping"
    ? `mapping ${rule.file}`
    : `key pattern ${rule.pattern.source}`;
}

/** Where `key` goes, or undefined when the rule names no tenant for it. */
export function objectDestination(
  key: string,
  rule: ObjectTenantRule,
): ObjectDestination | undefined {
  if (rule.kind === "prefixMapping") {
    // The longest matching prefix decides, so nested prefixes of one tenant keep their depth.
    const entry = rule.prefixes
      .filter((p) => key.startsWith(p.key))
      .reduce<MappingEntry | undefined>(
        (a, b) => (a === undefined || b.key.length > a.key.length ? b : a),
        undefined,
      );
    if (entry === undefined) return undefined;
    return {
      tenantId: entry.tenantId,
      key: `${tenantS3Prefix(entry.tenantId)}${key.slice(entry.key.length)}`,
    };
  }
  const groups = rule.pattern.exec(key)?.groups;
  if (groups?.tenant === undefined) return undefined;
  return { tenantId: groups.tenant, key: `${tenantS3Prefix(groups.tenant)}${groups.path ?? key}` };
}

/**
 * Prefixes that nest (`legacy/` and `legacy/acme/`) with different tenants send the objects
 * under the longer one to two tenants: refused, each pair named.
 */
export function checkPrefixMapping(file: string, prefixes: readonly MappingEntry[]): void {
  const issues: MigrationIssue[] = [];
  for (const inner of prefixes) {
    for (const outer of prefixes) {
      // Equal prefixes with two tenants are refused when the mapping is indexed.
      if (inner.key === outer.key || !inner.key.startsWith(outer.key)) continue;
      if (inner.tenantId === outer.tenantId) continue;
      issues.push({
        source: file,
        line: inner.line,
        record: `prefix "${inner.key}"`,
        code: "ERR_AMBIGUOUS_MAPPING",
        message: `lies under prefix "${outer.key}" (line ${outer.line}), so its objects go to "${inner.tenantId}" and to "${outer.tenantId}".`,
        fix: "make the prefixes disjoint (end each with /) or map both to the same tenant.",
      });
    }
  }
  if (issues.length > 0) throw new MigrationInputError(issues);
}

/** When the source is the shared bucket, keys under `tenants/` are the migration's output. */
export function isMigratedKey(key: string, tenants: DeclaredTenants): boolean {
  return [...tenants.ids].some((id) => key.startsWith(tenantS3Prefix(id)));
}
