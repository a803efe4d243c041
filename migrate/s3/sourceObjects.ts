import { ListObjectsV2Command, S3Client, _Object } from "@aws-sdk/client-s3";
import { BackoffSettings, RetryCounter, withAwsRetry } from "../awsRetry";

export interface BucketAccess {
  readonly client: S3Client;
  readonly counter: RetryCounter;
  readonly backoff?: BackoffSettings;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** Pages of a bucket's objects under `prefix`, in key order, after `startAfter`. */
export async function* listObjects(
  access: BucketAccess,
  bucket: string,
  prefix: string | undefined,
  startAfter?: string,
  pageSize?: number,
): AsyncGenerator<ListedObject[]> {
  let token: string | undefined;
  do {
    const page = await withAwsRetry(
      "ListObjectsV2",
      () =>
        access.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            MaxKeys: pageSize,
            ContinuationToken: token,
            ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
          }),
        ),
      access.counter,
      access.backoff,
    );
    yield (page.Contents ?? []).map(listed);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

function listed(object: _Object): ListedObject {
  return { key: object.Key ?? "", size: object.Size ?? 0, etag: object.ETag ?? "" };
}
