import {
  AbortMultipartUploadCommand,
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { runConcurrently } from "../runConcurrently";
import { withAwsRetry } from "../awsRetry";
import { ObjectDescription } from "./objectDescription";
import { BucketAccess } from "./sourceObjects";

/** S3's bounds for a multipart upload: parts of 5 MiB at least (but the last), 10,000 at most. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** CopyObject copies at most 5 GB in one request; larger objects need UploadPartCopy. */
export const COPY_OBJECT_LIMIT_BYTES = 5 * 1024 ** 3;
export const DEFAULT_PART_BYTES = 512 * 1024 ** 2;

export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

/** `bucket/key` as x-amz-copy-source wants it: the key URL-encoded, its slashes kept. */
export function copySource({ bucket, key }: ObjectLocation): string {
  return `${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
}

/**
 * Copies `from` to `to` with UploadPartCopy, one byte range per part, carrying the source's
 * headers, user metadata and tags into the new upload, which completes only if the key is still
 * free (`If-None-Match: *`: a 412 otherwise). A failed copy is aborted so no parts linger (they
 * would be billed until a lifecycle rule removed them).
 */
export async function multipartCopy(
  access: BucketAccess,
  from: ObjectLocation,
  to: ObjectLocation,
  source: ObjectDescription,
  partBytes: number,
): Promise<void> {
  const { client, counter, backoff } = access;
  const size = Math.max(partBytes, Math.ceil(source.size / MAX_PARTS));
  const upload = await withAwsRetry(
    "CreateMultipartUpload",
    () =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket: to.bucket,
          Key: to.key,
          ContentType: source.contentType,
          CacheControl: source.cacheControl,
          ContentDisposition: source.contentDisposition,
          ContentEncoding: source.contentEncoding,
          ContentLanguage: source.contentLanguage,
          Metadata: source.metadata,
          Tagging: new URLSearchParams(
            source.tags.map((tag): [string, string] => [tag.Key ?? "", tag.Value ?? ""]),
          ).toString(),
        }),
      ),
    counter,
    backoff,
  );
  const uploadId = upload.UploadId;
  const ranges = Array.from({ length: Math.ceil(source.size / size) }, (_, i) => ({
    partNumber: i + 1,
    first: i * size,
    last: Math.min(source.size, (i + 1) * size) - 1,
  }));
  const parts: CompletedPart[] = [];
  try {
    await runConcurrently(ranges, 4, async ({ partNumber, first, last }) => {
      const part = await withAwsRetry(
        "UploadPartCopy",
        () =>
          client.send(
            new UploadPartCopyCommand({
              Bucket: to.bucket,
              Key: to.key,
              UploadId: uploadId,
              PartNumber: partNumber,
              CopySource: copySource(from),
              CopySourceRange: `bytes=${first}-${last}`,
              // The source must not change between parts: pin the version we described.
              CopySourceIfMatch: source.etag,
            }),
          ),
        counter,
        backoff,
      );
      parts.push({ PartNumber: partNumber, ETag: part.CopyPartResult?.ETag });
    });
    await withAwsRetry(
      "CompleteMultipartUpload",
      () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: to.bucket,
            Key: to.key,
            UploadId: uploadId,
            IfNoneMatch: "*",
            MultipartUpload: {
              Parts: parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0)),
            },
          }),
        ),
      counter,
      backoff,
    );
  } catch (error) {
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId: uploadId }),
    );
    throw error;
  }
}
