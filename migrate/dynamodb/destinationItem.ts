import { tenantKeyPrefix } from "@tenancy/runtime/naming";
import { Item, keyText, SourceKeySchema } from "./sourceTable";

/** The shared table's key attributes. */
export const SHARED_PARTITION_KEY = "pk";
export const SHARED_SORT_KEY = "sk";

/** `{ pk: "<tenantId>#<source pk>", sk: <source sk> }`. */
export function destinationKey(tenantId: string, item: Item, schema: SourceKeySchema): Item {
  return {
    [SHARED_PARTITION_KEY]: { S: `${tenantKeyPrefix(tenantId)}${keyText(item[schema.hashKey])}` },
    [SHARED_SORT_KEY]: { S: item[schema.rangeKey]?.S ?? "" },
  };
}

/** The item as the shared table holds it: every source attribute, under the tenant's key. */
export function destinationItem(tenantId: string, item: Item, schema: SourceKeySchema): Item {
  return { ...item, ...destinationKey(tenantId, item, schema) };
}

/** Printable key of a source item, for reports. */
export function sourceKeyText(item: Item, schema: SourceKeySchema): string {
  return `${keyText(item[schema.hashKey])} / ${item[schema.rangeKey]?.S}`;
}
