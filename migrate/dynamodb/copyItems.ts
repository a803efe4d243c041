import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CheckpointFile } from "../checkpointFile";
import { ProgressReporter } from "../progressBar";
import { runConcurrently } from "../runConcurrently";
import { withAwsRetry } from "../awsRetry";
import { destinationItem, SHARED_PARTITION_KEY } from "./destinationItem";
import { isSharedTable, ItemSource } from "./itemPlan";
import { isMigratedItem, itemTenant } from "./itemTenantRule";
import { Item, scanSegment } from "./sourceTable";

/** Where each parallel-scan segment stands: its last fully written page. */
export interface ItemCheckpoint {
  readonly segments: { lastKey?: Item; done: boolean }[];
}

export interface CopyItemsOptions extends ItemSource {
  readonly checkpoint: CheckpointFile<ItemCheckpoint>;
  /** Items per scanned page: the unit of checkpointing. */
  readonly pageSize?: number;
  /** Writes in flight per segment. */
  readonly concurrency?: number;
  readonly progress: ProgressReporter;
  /** Called after each item is written or found present; tests throw from it to interrupt. */
  readonly afterItem?: (processed: number) => void;
}

export interface CopyItemsResult {
  readonly copied: number;
  /** Destination already held the key (an earlier run, or newer data): left untouched. */
  readonly alreadyPresent: number;
  readonly resumed: boolean;
}

/**
 * Copies every mapped item into the shared table with a conditional put
 * (`attribute_not_exists(pk)`), so a rerun or a resumed run never duplicates an item nor
 * overwrites one the application has written since. Each segment saves its position after
 * every fully written page.
 */
export async function copyItems(options: CopyItemsOptions): Promise<CopyItemsResult> {
  const { schema, rule, tenants, checkpoint } = options;
  const saved = checkpoint.load();
  const state: ItemCheckpoint = saved ?? {
    segments: Array.from({ length: options.segments }, () => ({ done: false })),
  };
  let copied = 0;
  let alreadyPresent = 0;
  let processed = 0;
  // The first failure stops every segment at its next item, so the checkpoint stays exact.
  let stopped = false;
  const copySegment = async (segment: number) => {
    const position = state.segments[segment] as ItemCheckpoint["segments"][number];
    if (position.done) return;
    const pages = scanSegment(
      options,
      {
        TableName: options.sourceTable,
        Segment: segment,
        TotalSegments: options.segments,
        Limit: options.pageSize,
      },
      position.lastKey,
    );
    for await (const page of pages) {
      if (stopped) return;
      await runConcurrently(page.items, options.concurrency ?? 8, async (item) => {
        if (stopped) return;
        if (isSharedTable(options) && isMigratedItem(item, schema, tenants)) return;
        const tenantId = itemTenant(item, rule, schema);
        if (tenantId === undefined) return;
        if (await putIfAbsent(options, destinationItem(tenantId, item, schema))) copied++;
        else alreadyPresent++;
        options.progress.advance();
        options.afterItem?.(++processed);
      });
      // A page cut short by another segment's failure is not done: it is not saved.
      if (stopped) return;
      position.lastKey = page.lastKey;
      position.done = page.lastKey === undefined;
      checkpoint.save(state);
    }
  };
  let failure: { error: unknown } | undefined;
  await Promise.all(
    state.segments.map((_, segment) =>
      copySegment(segment).catch((error: unknown) => {
        stopped = true;
        failure ??= { error };
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
  return { copied, alreadyPresent, resumed: saved !== undefined };
}

/** True when written; false when the destination already holds the key. */
async function putIfAbsent(options: CopyItemsOptions, item: Item): Promise<boolean> {
  try {
    await withAwsRetry(
      "PutItem",
      () =>
        options.client.send(
          new PutItemCommand({
            TableName: options.destinationTable,
            Item: item,
            ConditionExpression: "attribute_not_exists(#pk)",
            ExpressionAttributeNames: { "#pk": SHARED_PARTITION_KEY },
          }),
        ),
      options.counter,
      options.backoff,
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}
