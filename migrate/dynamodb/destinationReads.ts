import { BatchGetItemCommand } from "@aws-sdk/client-dynamodb";
import { withAwsRetry } from "../awsRetry";
import { SHARED_PARTITION_KEY, SHARED_SORT_KEY } from "./destinationItem";
import { Item, TableAccess } from "./sourceTable";

/** A shared-table key as one string, for maps and sets. */
export function keyOf(key: Item): string {
  return JSON.stringify([key[SHARED_PARTITION_KEY]?.S, key[SHARED_SORT_KEY]?.S]);
}

/** The destination items at `keys` (as {@link keyOf} strings), 100 per BatchGetItem. */
export async function fetchDestinationItems(
  options: TableAccess & { readonly destinationTable: string },
  keys: readonly string[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Item[] | undefined = keys.slice(start, start + 100).map((key) => {
      const [pk, sk] = JSON.parse(key) as [string, string];
      return { [SHARED_PARTITION_KEY]: { S: pk }, [SHARED_SORT_KEY]: { S: sk } };
    });
    // BatchGetItem may answer part of a batch under load: ask again for the rest.
    while (pending !== undefined && pending.length > 0) {
      const keysToGet: Item[] = pending;
      const answer = await withAwsRetry(
        "BatchGetItem",
        () =>
          options.client.send(
            new BatchGetItemCommand({
              RequestItems: {
                [options.destinationTable]: { Keys: keysToGet, ConsistentRead: true },
              },
            }),
          ),
        options.counter,
        options.backoff,
      );
      for (const item of answer.Responses?.[options.destinationTable] ?? []) {
        found.set(keyOf(item), item);
      }
      pending = answer.UnprocessedKeys?.[options.destinationTable]?.Keys;
    }
  }
  return found;
}
