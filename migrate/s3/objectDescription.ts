import { GetObjectTaggingCommand, HeadObjectCommand, Tag } from "@aws-sdk/client-s3";
import { withAwsRetry } from "../awsRetry";
import { BucketAccess } from "./sourceObjects";

/** What a copy must preserve besides the bytes: headers, user metadata and tags. */
export interface ObjectDescription {
  readonly size: number;
  readonly etag: string;
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly metadata: Record<string, string>;
  readonly tags: Tag[];
}

/** The object's description, or undefined when it does not exist. */
export async function describeObject(
  access: BucketAccess,
  bucket: string,
  key: string,
): Promise<ObjectDescription | undefined> {
  let head;
  try {
    head = await withAwsRetry(
      "HeadObject",
      () => access.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      access.counter,
      access.backoff,
    );
  } catch (error) {
    if ((error as Error).name === "NotFound" || (error as Error).name === "NoSuchKey")
      return undefined;
    throw error;
  }
  const tagging = await withAwsRetry(
    "GetObjectTagging",
    () => access.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })),
    access.counter,
    access.backoff,
  );
  return {
    size: head.ContentLength ?? 0,
    etag: head.ETag ?? "",
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    contentDisposition: head.ContentDisposition,
    contentEncoding: head.ContentEncoding,
    contentLanguage: head.ContentLanguage,
    metadata: Object.fromEntries(
      Object.entries(head.Metadata ?? {}).sort(([a], [b]) => a.localeCompare(b)),
    ),
    tags: sortedTags(tagging.TagSet ?? []),
  };
}

function sortedTags(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => (a.Key ?? "").localeCompare(b.Key ?? ""));
}

/** The fields that differ between two descriptions, apart from the ETag. */
export function descriptionDifferences(a: ObjectDescription, b: ObjectDescription): string[] {
  const fields = [
    "size",
    "contentType",
    "cacheControl",
    "contentDisposition",
    "contentEncoding",
    "contentLanguage",
    "metadata",
    "tags",
  ] as const;
  return fields.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}
