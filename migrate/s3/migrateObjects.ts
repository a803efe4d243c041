import { CheckpointFile } from "../checkpointFile";
import { ProgressReporter, silentProgress } from "../progressBar";
import { sortedCounts, StepReport } from "../stepReport";
import { withoutEtags } from "../verify/verifyMigration";
import { ObjectVerification, verifyObjects } from "../verify/verifyObjects";
import { CopySettings } from "./copyOneObject";
import { copyObjects, CopyObjectsResult, ObjectCheckpoint } from "./copyObjects";
import { DeletedObjects, deleteSourceObjects } from "./deleteSourceObjects";
import { ObjectSource, planObjects } from "./objectPlan";
import { describeObjectRule } from "./objectTenantRule";

export interface S3StepOptions extends ObjectSource, CopySettings {
  readonly apply: boolean;
  readonly deleteSource: boolean;
  readonly checkpointFile: string;
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly progress?: ProgressReporter;
  readonly afterObject?: (processed: number) => void;
}

export interface S3Report extends StepReport {
  readonly step: "s3";
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly rule: string;
  readonly totals: {
    readonly sourceObjects: number;
    readonly bytes: number;
    readonly mapped: number;
    readonly unmapped: number;
    readonly copied: number;
    readonly multipart: number;
    readonly alreadyPresent: number;
    readonly conflicts: number;
    readonly checksumMismatches: number;
    readonly deleted: number;
    readonly throttled: number;
    readonly transientRetries: number;
  };
  readonly resumedFromCheckpoint: boolean;
  readonly perTenant: Record<string, number>;
  readonly unmapped: readonly string[];
  readonly conflicts: CopyObjectsResult["conflicts"];
  readonly checksumMismatches: CopyObjectsResult["checksumMismatches"];
  readonly verification?: Omit<ObjectVerification, "verifiedSourceEtags">;
  readonly deletion?: DeletedObjects;
}

/**
 * Plans (refusing bad input before any write), then with `apply` copies under
 * `tenants/<id>/`, resuming from the checkpoint; with `deleteSource` verifies every object and
 * deletes only verified sources, and only when the whole verification passed.
 */
export async function migrateObjects(options: S3StepOptions): Promise<S3Report> {
  const checkpoint = new CheckpointFile<ObjectCheckpoint>(
    options.checkpointFile,
    `s3 ${options.sourceBucket}/${options.sourcePrefix ?? ""} -> ${options.destinationBucket} by ${describeObjectRule(options.rule)}`,
  );
  checkpoint.load();
  const plan = await planObjects(options);
  const mapped = [...plan.perTenant.values()].reduce((a, b) => a + b, 0);
  const progress = options.progress ?? silentProgress;
  let copied: CopyObjectsResult | undefined;
  let verification: ObjectVerification | undefined;
  let deletion: DeletedObjects | undefined;
  if (options.apply) {
    progress.start("objects", mapped);
    try {
      copied = await copyObjects({ ...options, checkpoint, progress });
    } finally {
      progress.stop();
    }
    checkpoint.remove();
    const clean = copied.conflicts.length === 0 && copied.checksumMismatches.length === 0;
    if (options.deleteSource && clean) {
      verification = await verifyObjects({ ...options, samplesPerTenant: "all" });
      if (verification.ok)
        deletion = await deleteSourceObjects(options, verification.verifiedSourceEtags);
    }
  }
  return {
    step: "s3",
    applied: options.apply,
    sourceBucket: options.sourceBucket,
    destinationBucket: options.destinationBucket,
    rule: describeObjectRule(options.rule),
    totals: {
      sourceObjects: plan.objects,
      bytes: plan.bytes,
      mapped,
      unmapped: plan.unmapped.length,
      copied: copied?.copied ?? 0,
      multipart: copied?.multipart ?? 0,
      alreadyPresent: copied?.alreadyPresent ?? 0,
      conflicts: copied?.conflicts.length ?? 0,
      checksumMismatches: copied?.checksumMismatches.length ?? 0,
      deleted: deletion?.deleted ?? 0,
      throttled: options.counter.throttled,
      transientRetries: options.counter.transient,
    },
    resumedFromCheckpoint: copied?.resumed ?? false,
    perTenant: sortedCounts(plan.perTenant),
    unmapped: plan.unmapped,
    conflicts: copied?.conflicts ?? [],
    checksumMismatches: copied?.checksumMismatches ?? [],
    ...(verification === undefined ? {} : { verification: withoutEtags(verification) }),
    ...(deletion === undefined ? {} : { deletion }),
  };
}
