import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { runConcurrently } from "../runConcurrently";
import { withAwsRetry } from "../awsRetry";
import { ObjectSource } from "./objectPlan";
import { listObjects } from "./sourceObjects";

export interface DeletedObjects {
  readonly deleted: number;
  /** Verified objects whose source changed since (another ETag): kept. */
  readonly kept: number;
}

/**
 * Deletes source objects that a full verification found identical to their copy, each only if
 * its ETag is still the verified one; everything else stays.
 */
export async function deleteSourceObjects(
  source: ObjectSource,
  verifiedEtags: ReadonlyMap<string, string>,
): Promise<DeletedObjects> {
  let deleted = 0;
  let kept = 0;
  for await (const page of listObjects(source, source.sourceBucket, source.sourcePrefix)) {
    const verified = page.filter((object) => verifiedEtags.has(object.key));
    await runConcurrently(verified, 8, async (object) => {
      if (verifiedEtags.get(object.key) !== object.etag) {
        kept++;
        return;
      }
      await withAwsRetry(
        "DeleteObject",
        () =>
          source.client.send(
            new DeleteObjectCommand({ Bucket: source.sourceBucket, Key: object.key }),
          ),
        source.counter,
        source.backoff,
      );
      deleted++;
    });
  }
  return { deleted, kept };
}
