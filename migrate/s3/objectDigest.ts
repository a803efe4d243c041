import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { withAwsRetry } from "../awsRetry";
import { BucketAccess } from "./sourceObjects";

/**
 * SHA-256 of an object's content, streamed. ETags cannot be compared across a multipart copy
 * (the copy's ETag is built from its parts), so content is what proves a copy identical.
 */
export async function objectContentDigest(
  access: BucketAccess,
  bucket: string,
  key: string,
): Promise<string> {
  const object = await withAwsRetry(
    "GetObject",
    () => access.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    access.counter,
    access.backoff,
  );
  const hash = createHash("sha256");
  for await (const chunk of object.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
