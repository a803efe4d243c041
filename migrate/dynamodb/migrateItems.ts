import { CheckpointFile } from "../checkpointFile";
import { ProgressReporter, silentProgress } from "../progressBar";
import { sortedCounts, StepReport } from "../stepReport";
import { ItemVerification, verifyItems } from "../verify/verifyItems";
import { copyItems, ItemCheckpoint } from "./copyItems";
import { DeletedItems, deleteSourceItems } from "./deleteSourceItems";
import { describeItemRule } from "./itemTenantRule";
import { ItemSource, planItems } from "./itemPlan";

export interface DynamoDbStepOptions extends ItemSource {
  readonly apply: boolean;
  readonly deleteSource: boolean;
  readonly checkpointFile: string;
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly progress?: ProgressReporter;
  readonly afterItem?: (processed: number) => void;
}

export interface DynamoDbReport extends StepReport {
  readonly step: "dynamodb";
  readonly sourceTable: string;
  readonly destinationTable: string;
  readonly rule: string;
  readonly totals: {
    readonly sourceItems: number;
    readonly mapped: number;
    readonly unmapped: number;
    readonly copied: number;
    readonly alreadyPresent: number;
    readonly deleted: number;
    readonly throttled: number;
    readonly transientRetries: number;
  };
  readonly resumedFromCheckpoint: boolean;
  readonly perTenant: Record<string, number>;
  readonly unmapped: readonly string[];
  /** With --delete-source: the full verification that decided whether to delete. */
  readonly verification?: ItemVerification;
  readonly deletion?: DeletedItems;
}

/** The checkpoint of a run is tied to its source, destination, rule and segment count. */
export function itemCheckpoint(options: DynamoDbStepOptions): CheckpointFile<ItemCheckpoint> {
  const run = `dynamodb ${options.sourceTable} -> ${options.destinationTable} by ${describeItemRule(options.rule)} in ${options.segments} segments`;
  return new CheckpointFile(options.checkpointFile, run);
}

/**
 * Plans (every item's tenant, refusing bad input before any write), then with `apply` copies
 * into the shared table, resuming from the checkpoint; with `deleteSource` verifies every item
 * and deletes the source only when that verification passed.
 */
export async function migrateItems(options: DynamoDbStepOptions): Promise<DynamoDbReport> {
  const checkpoint = itemCheckpoint(options);
  // Refuse a foreign checkpoint before the (long) plan scan.
  checkpoint.load();
  const plan = await planItems(options);
  const mapped = [...plan.perTenant.values()].reduce((a, b) => a + b, 0);
  const progress = options.progress ?? silentProgress;
  let copied = { copied: 0, alreadyPresent: 0, resumed: false };
  let verification: ItemVerification | undefined;
  let deletion: DeletedItems | undefined;
  if (options.apply) {
    progress.start("items", mapped);
    try {
      copied = await copyItems({ ...options, checkpoint, progress });
    } finally {
      progress.stop();
    }
    checkpoint.remove();
    if (options.deleteSource) {
      verification = await verifyItems({ ...options, samplesPerTenant: "all" });
      if (verification.ok) deletion = await deleteSourceItems(options);
    }
  }
  return {
    step: "dynamodb",
    applied: options.apply,
    sourceTable: options.sourceTable,
    destinationTable: options.destinationTable,
    rule: describeItemRule(options.rule),
    totals: {
      sourceItems: plan.items,
      mapped,
      unmapped: plan.unmapped.length,
      copied: copied.copied,
      alreadyPresent: copied.alreadyPresent,
      deleted: deletion?.deleted ?? 0,
      throttled: options.counter.throttled,
      transientRetries: options.counter.transient,
    },
    resumedFromCheckpoint: copied.resumed,
    perTenant: sortedCounts(plan.perTenant),
    unmapped: plan.unmapped,
    ...(verification === undefined ? {} : { verification }),
    ...(deletion === undefined ? {} : { deletion }),
  };
}
