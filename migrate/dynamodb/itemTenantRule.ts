import { tenantKeyPrefix } from "@tenancy/runtime/naming";
import { DeclaredTenants } from "../declaredTenants";
import { mappingKey, MappingIndex } from "../mappingIndex";
import { Item, keyText, SourceKeySchema } from "./sourceTable";

/** How the migration decides an item's tenant. */
export type ItemTenantRule =
  /** A string attribute of the item holds the tenant id. */
  | { readonly kind: "attribute"; readonly name: string }
  /** A regular expression with a named group `tenant`, matched against the partition key. */
  | { readonly kind: "keyPattern"; readonly pattern: RegExp }
  /** A mapping file of partition keys (`pk`) to tenants. */
  | { readonly kind: "mapping"; readonly file: string; readonly index: MappingIndex };

export const ITEM_KEY_FIELDS = ["pk"] as const;

/** A stable description, part of the checkpoint's identity. */
export function describeItemRule(rule: ItemTenantRule): string {
  switch (rule.kind) {
    case "attribute":
      return `attribute ${rule.name}`;
    case "keyPattern":
      return `key pattern ${rule.pattern.source}`;
    case "mapping":
      return `mapping ${rule.file}`;
  }
}

/** The tenant the rule names for `item`, or undefined when it names none. */
export function itemTenant(
  item: Item,
  rule: ItemTenantRule,
  schema: SourceKeySchema,
): string | undefined {
  const key = keyText(item[schema.hashKey]);
  switch (rule.kind) {
    case "attribute":
      return item[rule.name]?.S || undefined;
    case "keyPattern":
      return key === undefined ? undefined : rule.pattern.exec(key)?.groups?.tenant;
    case "mapping":
      return key === undefined ? undefined : rule.index.get(mappingKey("pk", key))?.tenantId;
  }
}

/** The attributes the rule reads, so a plan can scan keys alone. */
export function ruleAttributes(rule: ItemTenantRule, schema: SourceKeySchema): string[] {
  const keys = [schema.hashKey, schema.rangeKey];
  return rule.kind === "attribute" ? [...keys, rule.name] : keys;
}

/**
 * When the source is the shared table itself, its items already under a declared tenant's
 * prefix are the migration's output, not its input.
 */
export function isMigratedItem(
  item: Item,
  schema: SourceKeySchema,
  tenants: DeclaredTenants,
): boolean {
  const key = keyText(item[schema.hashKey]) ?? "";
  return [...tenants.ids].some((id) => key.startsWith(tenantKeyPrefix(id)));
}
