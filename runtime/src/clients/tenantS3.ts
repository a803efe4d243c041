import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type DeleteObjectCommandOutput,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
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
  readonly #prefix: string;
  readonly #maxPresignSeconds: number;
  readonly #presignClient: TenantS3Options["presignClient"];

  constructor(
    client: S3Client,
    bucket: string,
    readonly tenantId: string,
    options: TenantS3Options = {},
  ) {
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = tenantS3Prefix(tenantId);
    this.#maxPresignSeconds = options.maxPresignSeconds ?? MAX_CHAINED_SESSION_SECONDS;
    this.#presignClient = options.presignClient;
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

  async get(untrusted: {
    readonly key: string;
    readonly range?: string;
  }): Promise<GetObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "get");
    return this.#client.send(
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: this.#objectKey(input.key),
        Range: headerValue("range", "Range", input.range),
      }),
    );
  }

  async head(untrusted: { readonly key: string }): Promise<HeadObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "head");
    return this.#client.send(
      new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#objectKey(input.key) }),
    );
  }

  async delete(untrusted: { readonly key: string }): Promise<DeleteObjectCommandOutput> {
    const input = plainSnapshot(untrusted, "delete");
    return this.#client.send(
      new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#objectKey(input.key) }),
    );
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
  async presignGet(untrusted: TenantS3PresignInput): Promise<string> {
    const input = plainSnapshot(untrusted, "presignGet");
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#objectKey(input.key),
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
      throw new ForeignDataError(`S3 listed a key outside tenant ${this.tenantId}`);
    }
    return key.slice(this.#prefix.length);
  }
}

function checkPath(path: string, what: string, tenantPrefix: string): string {
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
