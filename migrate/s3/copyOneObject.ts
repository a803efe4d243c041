import { CopyObjectCommand, PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import { withAwsRetry } from "../awsRetry";
import { copySource, multipartCopy, ObjectLocation } from "./multipartCopy";
import { objectContentDigest } from "./objectDigest";
import { describeObject, descriptionDifferences, ObjectDescription } from "./objectDescription";
import { BucketAccess } from "./sourceObjects";

export interface CopySettings {
  /** Objects larger than this are copied in parts (S3: at most 5 GB in one CopyObject). */
  readonly multipartThreshold: number;
  readonly partBytes: number;
}

export type CopyOutcome =
  | { readonly kind: "copied"; readonly multipart: boolean }
  /** An identical copy is already there (an earlier run): nothing written. */
  | { readonly kind: "alreadyPresent" }
  /** Something else is at the destination key: never overwritten. */
  | { readonly kind: "conflict"; readonly reason: string }
  /** The source vanished between listing and copying. */
  | { readonly kind: "sourceGone" }
  /** The copy's content or description does not match the source: reported, never deleted. */
  | { readonly kind: "checksumMismatch"; readonly reason: string };

/**
 * Copies one object unless the destination key is taken, preserving content type, headers,
 * user metadata and tags, then proves the copy: the ETag of a single-request copy equals a
 * single-part source's MD5 ETag; otherwise the SHA-256 of both contents is compared.
 */
export async function copyOneObject(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  settings: CopySettings,
): Promise<CopyOutcome> {
  const source = await describeObject(access, from.bucket, from.key);
  if (source === undefined) return { kind: "sourceGone" };
  const existing = await describeObject(access, to.bucket, to.key);
  if (existing !== undefined) {
    if (!(await sameContent(access, from, to, source, existing))) {
      return { kind: "conflict", reason: "the destination key holds other content" };
    }
    const differences = descriptionDifferences(source, existing);
    // A run stopped between the copy and its tagging left the tags to set: finish that.
    if (differences.length === 1 && differences[0] === "tags") await putTags(access, to, source);
    else if (differences.length > 0) {
      return { kind: "conflict", reason: `the destination's ${differences.join(", ")} differ` };
    }
    return { kind: "alreadyPresent" };
  }
  const multipart = source.size > settings.multipartThreshold;
  if (multipart) {
    await multipartCopy(access, from, to, source, settings.partBytes);
  } else {
    await withAwsRetry(
      "CopyObject",
      () =>
        access.client.send(
          new CopyObjectCommand({
            Bucket: to.bucket,
            Key: to.key,
            CopySource: copySource(from),
            CopySourceIfMatch: source.etag,
            MetadataDirective: "COPY",
            TaggingDirective: "COPY",
          }),
        ),
      access.counter,
      access.backoff,
    );
  }
  // A multipart upload carries no tags, and not every S3 implementation copies them: set them.
  if (source.tags.length > 0) await putTags(access, to, source);
  const copy = await describeObject(access, to.bucket, to.key);
  if (copy === undefined) return { kind: "checksumMismatch", reason: "the copy is not there" };
  const differences = descriptionDifferences(source, copy);
  if (differences.length > 0) {
    return { kind: "checksumMismatch", reason: `the copy's ${differences.join(", ")} differ` };
  }
  if (!(await sameContent(access, from, to, source, copy))) {
    return { kind: "checksumMismatch", reason: "the copy's content differs" };
  }
  return { kind: "copied", multipart };
}

/** Whether `to` holds `from`'s bytes: by MD5 ETag when both are single-part, else by SHA-256. */
async function sameContent(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  source: ObjectDescription,
  copy: ObjectDescription,
): Promise<boolean> {
  if (source.size !== copy.size) return false;
  const singlePart = (etag: string) => !etag.includes("-");
  if (singlePart(source.etag) && singlePart(copy.etag) && source.etag === copy.etag) return true;
  const [a, b] = await Promise.all([
    objectContentDigest(access, from.bucket, from.key),
    objectContentDigest(access, to.bucket, to.key),
  ]);
  return a === b;
}

async function putTags(access: BucketAccess, to: ObjectLocation, source: ObjectDescription) {
  await withAwsRetry(
    "PutObjectTagging",
    () =>
      access.client.send(
        new PutObjectTaggingCommand({
          Bucket: to.bucket,
          Key: to.key,
          Tagging: { TagSet: source.tags },
        }),
      ),
    access.counter,
    access.backoff,
  );
}
