import { CheckpointFile } from "../checkpointFile";
import { ProgressReporter } from "../progressBar";
import { runConcurrently } from "../runConcurrently";
import { copyOneObject, CopySettings } from "./copyOneObject";
import { isSharedBucket, ObjectSource } from "./objectPlan";
import { isMigratedKey, objectDestination } from "./objectTenantRule";
import { listObjects } from "./sourceObjects";

/** The last source key of the last fully copied page: listing resumes after it. */
export interface ObjectCheckpoint {
  readonly startAfter?: string;
}

export interface CopyObjectsOptions extends ObjectSource, CopySettings {
  readonly checkpoint: CheckpointFile<ObjectCheckpoint>;
  /** Objects per listed page: the unit of checkpointing (S3 lists at most 1,000). */
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly progress: ProgressReporter;
  /** Called after each object is handled; tests throw from it to interrupt a run. */
  readonly afterObject?: (processed: number) => void;
}

export interface CopyObjectsResult {
  readonly copied: number;
  readonly multipart: number;
  readonly alreadyPresent: number;
  readonly conflicts: readonly { readonly key: string; readonly reason: string }[];
  readonly checksumMismatches: readonly { readonly key: string; readonly reason: string }[];
  readonly resumed: boolean;
}

/**
 * Copies every mapped object under `tenants/<id>/`, a page at a time in key order, saving the
 * last key of each finished page; a destination key already taken is never overwritten.
 */
export async function copyObjects(options: CopyObjectsOptions): Promise<CopyObjectsResult> {
  const saved = options.checkpoint.load();
  let copied = 0;
  let multipart = 0;
  let alreadyPresent = 0;
  let processed = 0;
  const conflicts: { key: string; reason: string }[] = [];
  const checksumMismatches: { key: string; reason: string }[] = [];
  const pages = listObjects(
    options,
    options.sourceBucket,
    options.sourcePrefix,
    saved?.startAfter,
    options.pageSize,
  );
  for await (const page of pages) {
    await runConcurrently(page, options.concurrency ?? 8, async (object) => {
      if (isSharedBucket(options) && isMigratedKey(object.key, options.tenants)) return;
      const destination = objectDestination(object.key, options.rule);
      if (destination === undefined) return;
      const outcome = await copyOneObject(
        options,
        { bucket: options.sourceBucket, ...object },
        { bucket: options.destinationBucket, key: destination.key },
        options,
      );
      switch (outcome.kind) {
        case "copied":
          copied++;
          if (outcome.multipart) multipart++;
          break;
        case "alreadyPresent":
          alreadyPresent++;
          break;
        case "conflict":
          conflicts.push({ key: object.key, reason: outcome.reason });
          break;
        case "checksumMismatch":
          checksumMismatches.push({ key: object.key, reason: outcome.reason });
          break;
        case "sourceGone":
          break;
      }
      options.progress.advance();
      options.afterObject?.(++processed);
    });
    const last = page[page.length - 1];
    if (last !== undefined) options.checkpoint.save({ startAfter: last.key });
  }
  return {
    copied,
    multipart,
    alreadyPresent,
    conflicts: conflicts.sort((a, b) => a.key.localeCompare(b.key)),
    checksumMismatches,
    resumed: saved !== undefined,
  };
}
