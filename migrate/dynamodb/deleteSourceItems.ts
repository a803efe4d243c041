import { DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { runConcurrently } from "../runConcurrently";
import { withAwsRetry } from "../awsRetry";
import { destinationKey } from "./destinationItem";
import { fetchDestinationItems, keyOf } from "./destinationReads";
import { itemContentDigest } from "./itemDigest";
import { isSharedTable, ItemSource } from "./itemPlan";
import { isMigratedItem, itemTenant } from "./itemTenantRule";
import { Item, scanSegment } from "./sourceTable";

export interface DeletedItems {
  readonly deleted: number;
  /** Mapped source items whose copy is absent or differs at deletion time: kept. */
  readonly kept: number;
}

/**
 * Deletes mapped source items, each only after reading its copy in the shared table and finding
 * the same content; anything else is kept. Runs only after a full verification passed.
 */
export async function deleteSourceItems(source: ItemSource): Promise<DeletedItems> {
  const { schema, rule, tenants } = source;
  let deleted = 0;
  let kept = 0;
  await Promise.all(
    Array.from({ length: source.segments }, async (_, segment) => {
      const pages = scanSegment(
        source,
        { TableName: source.sourceTable, Segment: segment, TotalSegments: source.segments },
        undefined,
      );
      for await (const page of pages) {
        const mapped = new Map<string, Item>();
        for (const item of page.items) {
          if (isSharedTable(source) && isMigratedItem(item, schema, tenants)) continue;
          const tenantId = itemTenant(item, rule, schema);
          if (tenantId !== undefined)
            mapped.set(keyOf(destinationKey(tenantId, item, schema)), item);
        }
        const copies = await fetchDestinationItems(source, [...mapped.keys()]);
        await runConcurrently([...mapped.entries()], 8, async ([destination, item]) => {
          const copy = copies.get(destination);
          if (copy === undefined || itemContentDigest(copy) !== itemContentDigest(item)) {
            kept++;
            return;
          }
          await withAwsRetry(
            "DeleteItem",
            () =>
              source.client.send(
                new DeleteItemCommand({
                  TableName: source.sourceTable,
                  Key: {
                    [schema.hashKey]: item[schema.hashKey],
                    [schema.rangeKey]: item[schema.rangeKey],
                  } as Item,
                }),
              ),
            source.counter,
            source.backoff,
          );
          deleted++;
        });
      }
    }),
  );
  return { deleted, kept };
}
