import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { withAwsRetry } from "../awsRetry";
import { copySource, multipartCopy, ObjectLocation } from "./multipartCopy";
import { objectContentDigest } from "./objectDigest";
import { describeObject, descriptionDifferences, ObjectDescription } from "./objectDescription";
import { BucketAccess, ListedObject } from "./sourceObjects";

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
 * Copies one listed object unless the destination key is taken. A single CopyObject does it
 * all on S3: `If-None-Match: *` refuses a taken key atomically, `x-amz-copy-source-if-match`
 * pins the listed version, and the COPY directives carry headers, user metadata and tags in the
 * same request. The copy's ETag then proves its content (the MD5 of a single-part object);
 * other ETags (multipart sources, SSE-KMS) fall back to the SHA-256 of both contents. Only a
 * refused copy (412) reads both objects to tell an earlier run's copy from other content.
 */
export async function copyOneObject(
  access: BucketAccess,
  from: ObjectLocation & Pick<ListedObject, "size" | "etag">,
  to: ObjectLocation,
  settings: CopySettings,
): Promise<CopyOutcome> {
  if (from.size > settings.multipartThreshold) return copyInParts(access, from, to, settings);
  const copied = await conditionalCopy(access, from, to, from.etag);
  if (copied.kind === "refused") return settleRefusedCopy(access, from, to, settings);
  if (copied.kind === "sourceGone") return copied;
  return provenCopy(access, from, to, from.etag, copied.etag);
}

type ConditionalCopy =
  | { readonly kind: "done"; readonly etag: string | undefined }
  | { readonly kind: "refused" }
  | { readonly kind: "sourceGone" };

async function conditionalCopy(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  sourceEtag: string,
): Promise<ConditionalCopy> {
  try {
    const result = await withAwsRetry(
      "CopyObject",
      () =>
        access.client.send(
          new CopyObjectCommand({
            Bucket: to.bucket,
            Key: to.key,
            CopySource: copySource(from),
            CopySourceIfMatch: sourceEtag,
            IfNoneMatch: "*",
            MetadataDirective: "COPY",
            TaggingDirective: "COPY",
          }),
        ),
      access.counter,
      access.backoff,
    );
    return { kind: "done", etag: result.CopyObjectResult?.ETag };
  } catch (error) {
    if (isPreconditionFailed(error)) return { kind: "refused" };
    if ((error as Error).name === "NoSuchKey") return { kind: "sourceGone" };
    throw error;
  }
}

/**
 * A 412 means the destination key is taken, or the source changed since it was listed. A taken
 * key is compared; a changed source is copied once more at its new version, and a second
 * refusal (someone writing while we copy) is left for the next run.
 */
async function settleRefusedCopy(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  settings: CopySettings,
): Promise<CopyOutcome> {
  const source = await describeObject(access, from.bucket, from.key);
  if (source === undefined) return { kind: "sourceGone" };
  const existing = await describeObject(access, to.bucket, to.key);
  if (existing !== undefined) return compareExisting(access, from, to, source, existing);
  if (source.size > settings.multipartThreshold) {
    return copyInParts(access, from, to, settings);
  }
  const again = await conditionalCopy(access, from, to, source.etag);
  if (again.kind === "sourceGone") return again;
  if (again.kind === "refused") {
    return { kind: "conflict", reason: "the source or the destination changed while copying" };
  }
  return provenCopy(access, from, to, source.etag, again.etag);
}

/** The copy's ETag is the source's MD5 when both are single-part; otherwise hash both. */
async function provenCopy(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  sourceEtag: string,
  copyEtag: string | undefined,
): Promise<CopyOutcome> {
  if (isSinglePart(sourceEtag) && copyEtag === sourceEtag)
    return { kind: "copied", multipart: false };
  return (await sameDigest(access, from, to))
    ? { kind: "copied", multipart: false }
    : { kind: "checksumMismatch", reason: "the copy's content differs" };
}

/**
 * Over CopyObject's limit: UploadPartCopy into an upload that carries the source's headers,
 * metadata and tags and completes only if the key is still free; then the copy is described
 * and its content hashed, since a multipart ETag says nothing about the bytes.
 */
async function copyInParts(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  settings: CopySettings,
): Promise<CopyOutcome> {
  const source = await describeObject(access, from.bucket, from.key);
  if (source === undefined) return { kind: "sourceGone" };
  // Hours of part copies are not spent on a key that is already taken.
  const existing = await describeObject(access, to.bucket, to.key);
  if (existing !== undefined) return compareExisting(access, from, to, source, existing);
  try {
    await multipartCopy(access, from, to, source, settings.partBytes);
  } catch (error) {
    if (!isPreconditionFailed(error)) throw error;
    const taken = await describeObject(access, to.bucket, to.key);
    if (taken === undefined) throw error;
    return compareExisting(access, from, to, source, taken);
  }
  const copy = await describeObject(access, to.bucket, to.key);
  if (copy === undefined) return { kind: "checksumMismatch", reason: "the copy is not there" };
  const differences = descriptionDifferences(source, copy);
  if (differences.length > 0) {
    return { kind: "checksumMismatch", reason: `the copy's ${differences.join(", ")} differ` };
  }
  if (!(await sameContent(access, from, to, source, copy))) {
    return { kind: "checksumMismatch", reason: "the copy's content differs" };
  }
  return { kind: "copied", multipart: true };
}

/** An earlier run's identical copy, or other content that is never overwritten. */
async function compareExisting(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  source: ObjectDescription,
  existing: ObjectDescription,
): Promise<CopyOutcome> {
  if (!(await sameContent(access, from, to, source, existing))) {
    return { kind: "conflict", reason: "the destination key holds other content" };
  }
  const differences = descriptionDifferences(source, existing);
  if (differences.length > 0) {
    return { kind: "conflict", reason: `the destination's ${differences.join(", ")} differ` };
  }
  return { kind: "alreadyPresent" };
}

const isSinglePart = (etag: string) => !etag.includes("-");

/** Whether `to` holds `from`'s bytes: by MD5 ETag when both are single-part, else by SHA-256. */
async function sameContent(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  source: ObjectDescription,
  copy: ObjectDescription,
): Promise<boolean> {
  if (source.size !== copy.size) return false;
  if (isSinglePart(source.etag) && isSinglePart(copy.etag) && source.etag === copy.etag)
    return true;
  return sameDigest(access, from, to);
}

async function sameDigest(access: BucketAccess, from: ObjectLocation, to: ObjectLocation) {
  const [a, b] = await Promise.all([
    objectContentDigest(access, from.bucket, from.key),
    objectContentDigest(access, to.bucket, to.key),
  ]);
  return a === b;
}

/** S3's answer when a condition (If-None-Match, x-amz-copy-source-if-match) does not hold. */
function isPreconditionFailed(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (error as Error).name === "PreconditionFailed" || status === 412;
}
