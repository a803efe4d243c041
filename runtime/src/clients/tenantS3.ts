import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CopyObjectCommandOutput,
  type DeleteObjectCommandOutput,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
  type UploadPartCommandInput,
} from "@aws-sdk/client-s3";
import { create as contentDisposition } from "content-disposition";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { MAX_CHAINED_SESSION_SECONDS } from "../credentials/assumeTenantRole";
import { ForeignDataError, RequestRefusedError } from "../errors";
import { tenantS3Prefix } from "../naming";
import { plainSnapshot } from "./plainSnapshot";
import { headerValue, metadataHeaders } from "./s3Headers";

export interface TenantS3PutInput {
  readonly key: string;
  readonly body: PutObjectCommandInput["Body"];
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
}

export interface TenantS3ObjectInput {
  readonly key: string;
  /** A version of the object (the bucket is versioned); default the current one. */
  readonly versionId?: string;
}

export interface TenantS3GetInput extends TenantS3ObjectInput {
  /** An HTTP range, e.g. `bytes=0-99`. */
  readonly range?: string;
}

export interface TenantS3CopyInput {
  /** The object to copy, relative to the tenant prefix like every key. */
  readonly sourceKey: string;
  readonly sourceVersionId?: string;
  /** Destination key. */
  readonly key: string;
  /** With either, the copy gets these instead of the source's (S3's `REPLACE` directive). */
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
}

export interface TenantS3DeleteManyInput {
  /** At most 1,000 keys (S3's limit per request), each optionally with a version. */
  readonly objects: readonly TenantS3ObjectInput[];
}

export interface TenantS3DeleteManyOutput {
  readonly deleted: { readonly key: string; readonly versionId: string | undefined }[];
  readonly errors: { readonly key: string; readonly code: string | undefined }[];
}

export interface TenantS3CreateMultipartInput {
  readonly key: string;
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
}

export interface TenantS3UploadRef {
  readonly key: string;
  readonly uploadId: string;
}

export interface TenantS3UploadPartInput extends TenantS3UploadRef {
  /** 1 to 10,000; every part but the last at least 5 MiB (S3's rules). */
  readonly partNumber: number;
  readonly body: UploadPartCommandInput["Body"];
}

export interface TenantS3Part {
  readonly partNumber: number;
  readonly etag: string;
}

export interface TenantS3CompleteMultipartInput extends TenantS3UploadRef {
  readonly parts: readonly TenantS3Part[];
}

export interface TenantS3CompletedUpload {
  readonly key: string;
  readonly etag: string | undefined;
  readonly versionId: string | undefined;
}

export interface TenantS3ListPartsInput extends TenantS3UploadRef {
  readonly partNumberMarker?: string;
  readonly maxParts?: number;
}

export interface TenantS3ListedPart extends TenantS3Part {
  readonly size: number | undefined;
  readonly lastModified: Date | undefined;
}

export interface TenantS3ListPartsOutput {
  readonly parts: TenantS3ListedPart[];
  /** Pass back as `partNumberMarker` for the next page; absent on the last page. */
  readonly nextPartNumberMarker: string | undefined;
}

export interface TenantS3ListInput {
  /** Relative to the tenant prefix; empty or absent lists everything of the tenant. */
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly continuationToken?: string;
  readonly maxKeys?: number;
}

export interface TenantS3Object {
  /** Relative to the tenant prefix. */
  readonly key: string;
  readonly size: number | undefined;
  readonly lastModified: Date | undefined;
  readonly etag: string | undefined;
}

export interface TenantS3ListOutput {
  readonly objects: TenantS3Object[];
  /** With a delimiter: the "folders", relative to the tenant prefix. */
  readonly commonPrefixes: string[];
  /** Pass back as `continuationToken` for the next page; absent on the last page. */
  readonly nextContinuationToken: string | undefined;
}

export interface TenantS3PresignInput {
  readonly key: string;
  /** Seconds the URL stays valid (default 900, at most the session duration). */
  readonly expiresIn?: number;
  /** For PUT: the Content-Type the uploader must send. */
  readonly contentType?: string;
}

export interface TenantS3PresignGetInput extends TenantS3PresignInput {
  readonly versionId?: string;
  /**
   * Browsers save the download under this name: S3 answers with
   * `Content-Disposition: attachment; filename=...` (`response-content-disposition`).
   */
  readonly downloadFileName?: string;
}

export interface TenantS3Options {
  /**
   * A client signing with credentials valid for at least `minValidityMs`: a presigned URL stops
   * working when the session that signed it expires, whatever its `expiresIn`. Default: the
   * client's own credentials, however soon they expire.
   */
  readonly presignClient?: (minValidityMs: number) => Promise<S3Client>;
  /** Longest `expiresIn` accepted: the session duration (default 3600, the role-chaining cap). */
  readonly maxPresignSeconds?: number;
}

/** S3 deletes at most this many objects per DeleteObjects request. */
const MAX_DELETE_OBJECTS = 1000;
/** S3 caps keys at 1024 bytes, prefix included. */
const MAX_KEY_BYTES = 1024;
// Control characters (C0, DEL, C1) and line/paragraph separators break logs, signatures and
// downstream tooling (U+2028/2029 end lines in JavaScript and many log viewers).
const CONTROL_CHARACTERS = /\p{Cc}|[\u2028\u2029]/u;
// A lone surrogate has no UTF-8 form: URI-encoding the key throws a raw URIError, and the byte
// count sees U+FFFD instead. (With the u flag only unpaired surrogates are category Cs; this is
// `!isWellFormed()`, which the ES2022 lib does not declare.)
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * S3 client bound to one tenant: every key lives under `tenants/<id>/` in the shared bucket.
 * Keys are validated (no empty key, leading `/`, `.`/`..` segment, control character, line
 * separator or lone surrogate) and
 * listings are returned relative to the tenant prefix.
 *
 * @example
 * ```ts
 * await ctx.s3.put({ key: "reports/2024.csv", body: csv, contentType: "text/csv" });
 * const url = await ctx.s3.presignGet({ key: "reports/2024.csv", expiresIn: 300 });
 * ```
 */
export class TenantS3 {
  // Real private state: handler code must not reach a client that skips the checks.
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #tenantId: string;
  readonly #prefix: string;
  readonly #maxPresignSeconds: number;
  readonly #presignClient: TenantS3Options["presignClient"];

  constructor(client: S3Client, bucket: string, tenantId: string, options: TenantS3Options = {}) {
    this.#client = client;
    this.#bucket = bucket;
    this.#tenantId = tenantId;
    this.#prefix = tenantS3Prefix(tenantId);
    this.#maxPresignSeconds = options.maxPresignSeconds ?? MAX_CHAINED_SESSION_SECONDS;
    this.#presignClient = options.presignClient;
  }

  /** The tenant whose data this client reaches; it cannot be changed. */
  get tenantId(): string {
    return this.#tenantId;
  }

  async put(untrusted: TenantS3PutInput): Promise<PutObjectCommandOutput> {
    // The body may be a stream: it is passed through, never read by a guard.
    const input = plainSnapshot(untrusted, "put", ["body"]);
    return this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        Body: input.body,
        ContentType: headerValue("contentType", "Content-Type", input.contentType),
        Metadata: metadataHeaders(input.metadata),
      }),
    );
  }

  async get(untrusted: TenantS3GetInput): Promise<GetObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "get");
    return this.#client.send(
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        VersionId: input.versionId,
        Range: headerValue("range", "Range", input.range),
      }),
    );
  }

  async head(untrusted: TenantS3ObjectInput): Promise<HeadObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "head");
    return this.#client.send(
      new HeadObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        VersionId: input.versionId,
      }),
    );
  }

  /** Deletes the object, or with `versionId` that version for good. */
  async delete(untrusted: TenantS3ObjectInput): Promise<DeleteObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "delete");
    return this.#client.send(
      new DeleteObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        VersionId: input.versionId,
      }),
    );
  }

  /** Deletes up to 1,000 objects in one request; keys come back relative to the prefix. */
  async deleteMany(untrusted: TenantS3DeleteManyInput): Promise<TenantS3DeleteManyOutput> {
    const input = plainSnapshot(untrusted, "deleteMany");
    const objects = input.objects;
    if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_DELETE_OBJECTS) {
      throw new RequestRefusedError(
        "ERR_PARAMETER_NOT_SUPPORTED",
        `deleteMany objects must be an array of 1 to ${MAX_DELETE_OBJECTS} objects`,
      );
    }
    const out = await this.#client.send(
      new DeleteObjectsCommand({
        Bucket: this.#bucket,
        Delete: {
          Objects: objects.map((o) => ({ Key: this.#objectKey(o.key), VersionId: o.versionId })),
        },
      }),
    );
    return {
      deleted: (out.Deleted ?? []).map((d) => ({
        key: this.#relative(d.Key),
        versionId: d.VersionId,
      })),
      errors: (out.Errors ?? []).map((e) => ({ key: this.#relative(e.Key), code: e.Code })),
    };
  }

  /** Copies an object of the tenant to another key of the tenant, inside S3. */
  async copy(untrusted: TenantS3CopyInput): Promise<CopyObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "copy");
    const source = this.#objectKey(input.sourceKey);
    // CopySource is "<bucket>/<key>[?versionId=...]", URL-encoded; "/" stays a separator.
    const encoded = source.split("/").map(encodeURIComponent).join("/");
    const version =
      input.sourceVersionId === undefined
        ? ""
        : `?versionId=${encodeURIComponent(input.sourceVersionId)}`;
    const replace = input.contentType !== undefined || input.metadata !== undefined;
    return this.#client.send(
      new CopyObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        CopySource: `${this.#bucket}/${encoded}${version}`,
        MetadataDirective: replace ? "REPLACE" : undefined,
        ContentType: headerValue("contentType", "Content-Type", input.contentType),
        Metadata: metadataHeaders(input.metadata),
      }),
    );
  }

  /** Starts a multipart upload (for objects too large for one `put`); returns its id. */
  async createMultipartUpload(untrusted: TenantS3CreateMultipartInput): Promise<TenantS3UploadRef> {
    const input = plainSnapshot(untrusted, "createMultipartUpload");
    const key = this.#objectKey(input.key);
    const out = await this.#client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.#bucket,
        Key: key,
        ContentType: headerValue("contentType", "Content-Type", input.contentType),
        Metadata: metadataHeaders(input.metadata),
      }),
    );
    if (out.UploadId === undefined) {
      throw new ForeignDataError(`S3 started no upload for tenant ${this.#tenantId}`);
    }
    return { key: input.key, uploadId: out.UploadId };
  }

  /** Uploads one part; the result goes into `completeMultipartUpload`'s `parts`. */
  async uploadPart(untrusted: TenantS3UploadPartInput): Promise<TenantS3Part> {
    // The body may be a stream: it is passed through, never read by a guard.
    const input = plainSnapshot(untrusted, "uploadPart", ["body"]);
    const out = await this.#client.send(
      new UploadPartCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        UploadId: uploadId(input.uploadId),
        PartNumber: partNumber(input.partNumber),
        Body: input.body,
      }),
    );
    return { partNumber: input.partNumber, etag: out.ETag ?? "" };
  }

  async completeMultipartUpload(
    untrusted: TenantS3CompleteMultipartInput,
  ): Promise<TenantS3CompletedUpload> {
    const input = plainSnapshot(untrusted, "completeMultipartUpload");
    if (!Array.isArray(input.parts) || input.parts.length === 0) {
      throw new RequestRefusedError(
        "ERR_PARAMETER_NOT_SUPPORTED",
        "completeMultipartUpload parts must be a non-empty array",
      );
    }
    const out = await this.#client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        UploadId: uploadId(input.uploadId),
        MultipartUpload: {
          Parts: input.parts.map((p) => ({ PartNumber: partNumber(p.partNumber), ETag: p.etag })),
        },
      }),
    );
    return { key: input.key, etag: out.ETag, versionId: out.VersionId };
  }

  /** Abandons an upload and frees its parts. */
  async abortMultipartUpload(untrusted: TenantS3UploadRef): Promise<void> {
    const input = plainSnapshot(untrusted, "abortMultipartUpload");
    await this.#client.send(
      new AbortMultipartUploadCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        UploadId: uploadId(input.uploadId),
      }),
    );
  }

  /** One page of an upload's parts; see {@link TenantS3.listAllParts} to walk every page. */
  async listParts(untrusted: TenantS3ListPartsInput): Promise<TenantS3ListPartsOutput> {
    const input = plainSnapshot(untrusted, "listParts");
    const key = this.#objectKey(input.key);
    const out = await this.#client.send(
      new ListPartsCommand({
        Bucket: this.#bucket,
        Key: key,
        UploadId: uploadId(input.uploadId),
        PartNumberMarker: input.partNumberMarker,
        MaxParts: input.maxParts,
      }),
    );
    if (out.Key !== undefined && out.Key !== key) {
      throw new ForeignDataError(`S3 listed the parts of a key outside tenant ${this.#tenantId}`);
    }
    return {
      parts: (out.Parts ?? []).map((p) => ({
        partNumber: p.PartNumber ?? 0,
        etag: p.ETag ?? "",
        size: p.Size,
        lastModified: p.LastModified,
      })),
      nextPartNumberMarker: out.IsTruncated ? out.NextPartNumberMarker : undefined,
    };
  }

  /** Every part of an upload, fetching pages as the caller iterates. */
  async *listAllParts(untrusted: TenantS3UploadRef): AsyncGenerator<TenantS3ListedPart> {
    const input = plainSnapshot(untrusted, "listAllParts");
    let partNumberMarker: string | undefined;
    do {
      const page = await this.listParts({ ...input, partNumberMarker });
      yield* page.parts;
      partNumberMarker = page.nextPartNumberMarker;
    } while (partNumberMarker !== undefined);
  }

  /** One page of a listing; see {@link TenantS3.listAll} to walk every page. */
  async list(untrusted: TenantS3ListInput = {}): Promise<TenantS3ListOutput> {
    const input = plainSnapshot(untrusted, "list");
    const out = await this.#client.send(
      new ListObjectsV2Command({
        Bucket: this.#bucket,
        Prefix: this.#prefix + this.#relativePrefix(input.prefix),
        Delimiter: input.delimiter,
        ContinuationToken: input.continuationToken,
        MaxKeys: input.maxKeys,
      }),
    );
    return {
      objects: (out.Contents ?? []).map((o) => ({
        key: this.#relative(o.Key),
        size: o.Size,
        lastModified: o.LastModified,
        etag: o.ETag,
      })),
      commonPrefixes: (out.CommonPrefixes ?? []).map((p) => this.#relative(p.Prefix)),
      nextContinuationToken: out.IsTruncated ? out.NextContinuationToken : undefined,
    };
  }

  /** Every object under `prefix`, fetching pages as the caller iterates. */
  async *listAll(
    untrusted: Omit<TenantS3ListInput, "continuationToken"> = {},
  ): AsyncGenerator<TenantS3Object> {
    const input = plainSnapshot(untrusted, "listAll");
    let continuationToken: string | undefined;
    do {
      const page = await this.list({ ...input, continuationToken });
      yield* page.objects;
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== undefined);
  }

  /** URL anyone can GET until it expires, signed with the tenant's session. */
  async presignGet(untrusted: TenantS3PresignGetInput): Promise<string> {
    const input = plainSnapshot(untrusted, "presignGet");
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#objectKey(input.key),
      VersionId: input.versionId,
      ResponseContentDisposition: downloadDisposition(input.downloadFileName),
    });
    return this.#presign(command, input.expiresIn);
  }

  /**
   * URL anyone can PUT one object to until it expires, signed with the tenant's session. With
   * `contentType`, the Content-Type header is signed: the uploader must send exactly that type.
   */
  async presignPut(untrusted: TenantS3PresignInput): Promise<string> {
    const input = plainSnapshot(untrusted, "presignPut");
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: this.#objectKey(input.key),
      ContentType: headerValue("contentType", "Content-Type", input.contentType),
    });
    // The presigner leaves Content-Type unsigned by default, so any type could be uploaded.
    const signed = input.contentType === undefined ? undefined : new Set(["content-type"]);
    return this.#presign(command, input.expiresIn, signed);
  }

  async #presign(
    command: GetObjectCommand | PutObjectCommand,
    expiresIn: number | undefined,
    signableHeaders?: Set<string>,
  ): Promise<string> {
    const seconds = expiresIn ?? 900;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > this.#maxPresignSeconds) {
      throw new RequestRefusedError(
        "ERR_PARAMETER_NOT_SUPPORTED",
        `expiresIn must be an integer from 1 to ${this.#maxPresignSeconds} (the session duration)`,
      );
    }
    const client = (await this.#presignClient?.(seconds * 1000)) ?? this.#client;
    return getSignedUrl(client, command, { expiresIn: seconds, signableHeaders });
  }

  #objectKey(key: string): string {
    if (typeof key !== "string" || key === "") {
      throw new RequestRefusedError("ERR_KEY_INVALID", "S3 key must be a non-empty string");
    }
    return this.#prefix + checkPath(key, "S3 key", this.#prefix);
  }

  #relativePrefix(prefix: string | undefined): string {
    return prefix === undefined || prefix === ""
      ? ""
      : checkPath(prefix, "S3 list prefix", this.#prefix);
  }

  #relative(key: string | undefined): string {
    if (key === undefined || !key.startsWith(this.#prefix)) {
      throw new ForeignDataError(`S3 listed a key outside tenant ${this.#tenantId}`);
    }
    return key.slice(this.#prefix.length);
  }
}

/** A key or prefix relative to the tenant's prefix, refused if it could name anything else. */
export function checkPath(path: string, what: string, tenantPrefix: string): string {
  if (path.startsWith("/"))
    throw new RequestRefusedError("ERR_KEY_INVALID", `${what} must not start with '/'`);
  if (CONTROL_CHARACTERS.test(path)) {
    throw new RequestRefusedError(
      "ERR_KEY_INVALID",
      `${what} must not contain control characters or line separators`,
    );
  }
  if (LONE_SURROGATE.test(path)) {
    throw new RequestRefusedError(
      "ERR_KEY_INVALID",
      `${what} must be well-formed Unicode (no lone surrogates)`,
    );
  }
  if (path.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new RequestRefusedError(
      "ERR_KEY_INVALID",
      `${what} must not contain '.' or '..' segments`,
    );
  }
  const room = MAX_KEY_BYTES - Buffer.byteLength(tenantPrefix);
  if (Buffer.byteLength(path) > room) {
    throw new RequestRefusedError("ERR_KEY_INVALID", `${what} must be at most ${room} bytes`);
  }
  return path;
}

/** `attachment; filename="..."; filename*=UTF-8''...`, quoted and encoded by content-disposition. */
function downloadDisposition(fileName: string | undefined): string | undefined {
  if (fileName === undefined) return undefined;
  if (typeof fileName !== "string" || fileName === "" || CONTROL_CHARACTERS.test(fileName)) {
    throw new RequestRefusedError(
      "ERR_HEADER_VALUE_INVALID",
      "downloadFileName must be a non-empty string without control characters",
    );
  }
  return contentDisposition(fileName);
}

function uploadId(value: string): string {
  if (typeof value !== "string" || value === "") {
    throw new RequestRefusedError(
      "ERR_PARAMETER_NOT_SUPPORTED",
      "uploadId must be a non-empty string",
    );
  }
  return value;
}

function partNumber(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new RequestRefusedError(
      "ERR_PARAMETER_NOT_SUPPORTED",
      "partNumber must be an integer from 1 to 10000",
    );
  }
  return value;
}
