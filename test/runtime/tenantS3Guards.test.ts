import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { TenantS3 } from "@tenancy/runtime";

const BUCKET = "dev-data";
const PREFIX = "tenants/acme/";
/** S3's key limit minus the tenant prefix. */
const ROOM = 1024 - PREFIX.length;

interface Sent {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/** An S3 client that records each command and answers with the next reply. */
function recordingClient(replies: readonly object[] = []) {
  const sent: Sent[] = [];
  const pending = [...replies];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      return pending.shift() ?? {};
    },
  } as unknown as S3Client;
  return { client, sent };
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return "did not throw";
}

/** The code and message of the runtime error a call fails with. */
async function refusalOf(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code, message };
  }
  return { message: "did not throw" };
}

async function collect<T>(items: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A real client (presigning is local): fake credentials, fixed region. */
function signingClient(): S3Client {
  return new S3Client({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" },
  });
}

describe("TenantS3 guards (recorded requests)", () => {
  describe("listings", () => {
    it("refuses a listed key, common prefix or deleted key outside the tenant's prefix", async () => {
      for (const reply of [
        { Contents: [{ Key: "tenants/acme2/x" }] },
        { Contents: [{}] },
        { CommonPrefixes: [{ Prefix: "tenants/globex/" }] },
      ]) {
        const { client } = recordingClient([reply]);
        expect(await codeOf(() => new TenantS3(client, BUCKET, "acme").list())).to.equal(
          "ERR_FOREIGN_DATA",
        );
      }
      for (const reply of [
        { Deleted: [{ Key: "tenants/globex/a" }] },
        { Errors: [{ Key: "other/a", Code: "AccessDenied" }] },
      ]) {
        const { client } = recordingClient([reply]);
        const s3 = new TenantS3(client, BUCKET, "acme");
        expect(await codeOf(() => s3.deleteMany({ objects: [{ key: "a" }] }))).to.equal(
          "ERR_FOREIGN_DATA",
        );
      }
    });

    it("lists under the tenant's prefix and returns keys relative to it", async () => {
      const { client, sent } = recordingClient([
        {
          Contents: [{ Key: `${PREFIX}docs/a`, Size: 3, ETag: '"e"' }],
          CommonPrefixes: [{ Prefix: `${PREFIX}docs/sub/` }],
          IsTruncated: false,
          NextContinuationToken: "stale",
        },
        {},
      ]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const page = await s3.list({ prefix: "docs/", delimiter: "/", maxKeys: 5 });
      expect(page).to.deep.equal({
        objects: [{ key: "docs/a", size: 3, lastModified: undefined, etag: '"e"' }],
        commonPrefixes: ["docs/sub/"],
        nextContinuationToken: undefined,
      });
      await s3.list({ prefix: "" });
      expect(sent.map((s) => s.input)).to.deep.equal([
        {
          Bucket: BUCKET,
          Prefix: `${PREFIX}docs/`,
          Delimiter: "/",
          ContinuationToken: undefined,
          MaxKeys: 5,
        },
        {
          Bucket: BUCKET,
          Prefix: PREFIX,
          Delimiter: undefined,
          ContinuationToken: undefined,
          MaxKeys: undefined,
        },
      ]);
    });

    it("walks every page of listAll, passing each continuation token back", async () => {
      const { client, sent } = recordingClient([
        { Contents: [{ Key: `${PREFIX}a` }], IsTruncated: true, NextContinuationToken: "t2" },
        { Contents: [{ Key: `${PREFIX}b` }], IsTruncated: true, NextContinuationToken: "t3" },
        { Contents: [{ Key: `${PREFIX}c` }], IsTruncated: false },
      ]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const keys = (await collect(s3.listAll({ prefix: "" }))).map((o) => o.key);
      expect(keys).to.deep.equal(["a", "b", "c"]);
      expect(sent.map((s) => s.input.ContinuationToken)).to.deep.equal([undefined, "t2", "t3"]);
    });

    it("walks every page of an upload's parts, and refuses parts of another key", async () => {
      const { client, sent } = recordingClient([
        {
          Key: `${PREFIX}big`,
          Parts: [{ PartNumber: 1, ETag: "e1", Size: 5 }],
          IsTruncated: true,
          NextPartNumberMarker: "1",
        },
        { Parts: [{ PartNumber: 2, ETag: "e2" }], IsTruncated: false, NextPartNumberMarker: "9" },
        { Key: "tenants/globex/big", Parts: [] },
      ]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const parts = await collect(s3.listAllParts({ key: "big", uploadId: "u1" }));
      expect(parts.map((p) => [p.partNumber, p.etag, p.size])).to.deep.equal([
        [1, "e1", 5],
        [2, "e2", undefined],
      ]);
      expect(
        sent.map((s) => [s.input.Key, s.input.UploadId, s.input.PartNumberMarker]),
      ).to.deep.equal([
        [`${PREFIX}big`, "u1", undefined],
        [`${PREFIX}big`, "u1", "1"],
      ]);
      expect(await codeOf(() => s3.listParts({ key: "big", uploadId: "u1" }))).to.equal(
        "ERR_FOREIGN_DATA",
      );
    });
  });

  describe("keys", () => {
    it("accepts a key of exactly the room left by the prefix, counted in bytes", async () => {
      const { client, sent } = recordingClient();
      const s3 = new TenantS3(client, BUCKET, "acme");
      await s3.head({ key: "k".repeat(ROOM) });
      await s3.head({ key: `${"é".repeat((ROOM - 1) / 2)}a` });
      expect(sent.map((s) => Buffer.byteLength(s.input.Key as string))).to.deep.equal([1024, 1024]);
      expect(await codeOf(() => s3.head({ key: "k".repeat(ROOM + 1) }))).to.equal(
        "ERR_KEY_INVALID",
      );
      expect(await codeOf(() => s3.head({ key: "é".repeat((ROOM + 1) / 2) }))).to.equal(
        "ERR_KEY_INVALID",
      );
      expect(await codeOf(() => s3.list({ prefix: "p".repeat(ROOM + 1) }))).to.equal(
        "ERR_KEY_INVALID",
      );
    });

    it("refuses keys and list prefixes that could leave or blur the prefix", async () => {
      const { client, sent } = recordingClient();
      const s3 = new TenantS3(client, BUCKET, "acme");
      for (const key of [
        "",
        "/a",
        "a/../b",
        "..",
        "a/.",
        "a\u0007",
        "a\u2028b",
        "a\u2029",
        "\ud800",
      ]) {
        expect(await codeOf(() => s3.get({ key })), JSON.stringify(key)).to.equal(
          "ERR_KEY_INVALID",
        );
      }
      expect(await codeOf(() => s3.list({ prefix: "../" }))).to.equal("ERR_KEY_INVALID");
      expect(await codeOf(() => s3.list({ prefix: "/" }))).to.equal("ERR_KEY_INVALID");
      expect(sent).to.deep.equal([]);
      await s3.get({ key: "a/..b/.c/\u{1F600}" });
      expect(sent[0]?.input.Key).to.equal(`${PREFIX}a/..b/.c/\u{1F600}`);
    });
  });

  describe("inputs that are not what the types say", () => {
    it("refuses non-string keys, upload ids and file names with a code, before any request", async () => {
      const { client, sent } = recordingClient();
      const s3 = new TenantS3(client, BUCKET, "acme");
      const five = 5 as unknown as string;
      expect(await codeOf(() => s3.get({ key: five }))).to.equal("ERR_KEY_INVALID");
      expect(await codeOf(() => s3.abortMultipartUpload({ key: "a", uploadId: five }))).to.equal(
        "ERR_PARAMETER_NOT_SUPPORTED",
      );
      expect(await codeOf(() => s3.presignGet({ key: "a", downloadFileName: five }))).to.equal(
        "ERR_HEADER_VALUE_INVALID",
      );
      expect(
        await codeOf(() =>
          s3.completeMultipartUpload({ key: "a", uploadId: "u", parts: "p" as unknown as [] }),
        ),
      ).to.equal("ERR_PARAMETER_NOT_SUPPORTED");
      expect(sent).to.deep.equal([]);
    });

    it("says which input it refused", async () => {
      const s3 = new TenantS3(recordingClient().client, BUCKET, "acme");
      const messageOf = async (run: () => Promise<unknown>) =>
        run().then(
          () => "did not throw",
          (error: Error) => error.message,
        );
      expect(await messageOf(() => s3.get({ key: "/a" }))).to.equal(
        "S3 key must not start with '/'",
      );
      expect(await messageOf(() => s3.list({ prefix: "a/../b" }))).to.equal(
        "S3 list prefix must not contain '.' or '..' segments",
      );
      expect(await messageOf(() => s3.get({ key: "a\u0000" }))).to.equal(
        "S3 key must not contain control characters or line separators",
      );
      expect(await messageOf(() => s3.get({ key: "\ud800" }))).to.equal(
        "S3 key must be well-formed Unicode (no lone surrogates)",
      );
      expect(await messageOf(() => s3.get({ key: "k".repeat(ROOM + 1) }))).to.equal(
        `S3 key must be at most ${ROOM} bytes`,
      );
      expect(await messageOf(() => s3.get({ key: "" }))).to.equal(
        "S3 key must be a non-empty string",
      );
    });
  });

  describe("presigned URLs", () => {
    it("refuses expiresIn outside 1 to the session duration", async () => {
      const s3 = new TenantS3(signingClient(), BUCKET, "acme", { maxPresignSeconds: 1200 });
      for (const expiresIn of [0, -1, 1.5, 1201, Number.NaN]) {
        expect(await codeOf(() => s3.presignGet({ key: "a", expiresIn })), `${expiresIn}`).to.equal(
          "ERR_PARAMETER_NOT_SUPPORTED",
        );
        expect(await codeOf(() => s3.presignPut({ key: "a", expiresIn }))).to.equal(
          "ERR_PARAMETER_NOT_SUPPORTED",
        );
      }
      for (const expiresIn of [1, 1200]) {
        const url = new URL(await s3.presignGet({ key: "a", expiresIn }));
        expect(url.searchParams.get("X-Amz-Expires")).to.equal(String(expiresIn));
      }
      const byDefault = new URL(await s3.presignGet({ key: "a" }));
      expect(byDefault.searchParams.get("X-Amz-Expires")).to.equal("900");
    });

    it("defaults the longest expiresIn to the role-chaining cap of one hour", async () => {
      const s3 = new TenantS3(signingClient(), BUCKET, "acme");
      expect(await codeOf(() => s3.presignGet({ key: "a", expiresIn: 3601 }))).to.equal(
        "ERR_PARAMETER_NOT_SUPPORTED",
      );
      const url = new URL(await s3.presignGet({ key: "a", expiresIn: 3600 }));
      expect(url.searchParams.get("X-Amz-Expires")).to.equal("3600");
    });

    it("signs with a client valid for the URL's lifetime, under the tenant's prefix", async () => {
      const asked: number[] = [];
      const s3 = new TenantS3(recordingClient().client, BUCKET, "acme", {
        presignClient: async (ms) => {
          asked.push(ms);
          return signingClient();
        },
      });
      const url = new URL(
        await s3.presignPut({ key: "up/a b", expiresIn: 60, contentType: "text/csv" }),
      );
      expect(asked).to.deep.equal([60_000]);
      expect(decodeURIComponent(url.pathname)).to.match(/\/tenants\/acme\/up\/a b$/);
      expect(url.searchParams.get("X-Amz-SignedHeaders")).to.equal("content-type;host");
      const unsigned = new URL(await s3.presignPut({ key: "up/b", expiresIn: 60 }));
      expect(unsigned.searchParams.get("X-Amz-SignedHeaders")).to.equal("host");
    });
  });

  describe("requests", () => {
    it("passes bodies through untouched and reads absent lists in replies as empty", async () => {
      const { client, sent } = recordingClient([{}, {}, {}, {}, { Parts: [{}] }, {}]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const body = new Uint8Array([1, 2, 3]);
      await s3.put({ key: "a", body });
      await s3.uploadPart({ key: "a", uploadId: "u", partNumber: 1, body });
      expect(sent[0]?.input.Body).to.equal(body);
      expect(sent[1]?.input.Body).to.equal(body);
      expect(await s3.deleteMany({ objects: [{ key: "a" }] })).to.deep.equal({
        deleted: [],
        errors: [],
      });
      expect(await s3.listParts({ key: "a", uploadId: "u" })).to.deep.equal({
        parts: [],
        nextPartNumberMarker: undefined,
      });
      expect((await s3.listParts({ key: "a", uploadId: "u" })).parts).to.deep.equal([
        { partNumber: 0, etag: "", size: undefined, lastModified: undefined },
      ]);
      expect(
        await s3.completeMultipartUpload({
          key: "a",
          uploadId: "u",
          parts: [{ partNumber: 2, etag: "e2" }],
        }),
      ).to.deep.equal({ key: "a", etag: undefined, versionId: undefined });
      expect(sent[5]?.input).to.deep.equal({
        Bucket: BUCKET,
        Key: `${PREFIX}a`,
        UploadId: "u",
        MultipartUpload: { Parts: [{ PartNumber: 2, ETag: "e2" }] },
      });
    });

    it("copies inside the tenant, encoding the source and replacing metadata only when given", async () => {
      const { client, sent } = recordingClient();
      const s3 = new TenantS3(client, BUCKET, "acme");
      await s3.copy({ sourceKey: "a b/c?d", sourceVersionId: "v/1", key: "e" });
      await s3.copy({ sourceKey: "a", key: "e", contentType: "text/plain" });
      await s3.copy({ sourceKey: "a", key: "e", metadata: { k: "v" } });
      expect(
        sent.map((s) => [s.input.Key, s.input.CopySource, s.input.MetadataDirective]),
      ).to.deep.equal([
        [`${PREFIX}e`, `${BUCKET}/tenants/acme/a%20b/c%3Fd?versionId=v%2F1`, undefined],
        [`${PREFIX}e`, `${BUCKET}/${PREFIX}a`, "REPLACE"],
        [`${PREFIX}e`, `${BUCKET}/${PREFIX}a`, "REPLACE"],
      ]);
    });

    it("deletes 1 to 1,000 objects per request, each under the prefix", async () => {
      const { client, sent } = recordingClient([
        {
          Deleted: [{ Key: `${PREFIX}a`, VersionId: "v" }],
          Errors: [{ Key: `${PREFIX}b`, Code: "X" }],
        },
      ]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const many = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}` }));
      expect(await s3.deleteMany({ objects: many })).to.deep.equal({
        deleted: [{ key: "a", versionId: "v" }],
        errors: [{ key: "b", code: "X" }],
      });
      const objects = (sent[0]?.input.Delete as { Objects: { Key: string }[] }).Objects;
      expect(objects).to.have.length(1000);
      expect(objects[999]).to.deep.equal({ Key: `${PREFIX}k999`, VersionId: undefined });
      for (const objects of [[], [...many, { key: "x" }], "a" as unknown as []]) {
        expect(await codeOf(() => s3.deleteMany({ objects }))).to.equal(
          "ERR_PARAMETER_NOT_SUPPORTED",
        );
      }
      expect(sent).to.have.length(1);
    });

    it("checks upload ids and part numbers 1 to 10,000", async () => {
      const { client, sent } = recordingClient([{ ETag: "e" }, {}, { UploadId: "u9" }, {}]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      expect(
        await s3.uploadPart({ key: "a", uploadId: "u", partNumber: 10_000, body: "x" }),
      ).to.deep.equal({ partNumber: 10_000, etag: "e" });
      expect(
        await s3.uploadPart({ key: "a", uploadId: "u", partNumber: 1, body: "x" }),
      ).to.deep.equal({ partNumber: 1, etag: "" });
      for (const partNumber of [0, 10_001, 1.5]) {
        expect(
          await codeOf(() => s3.uploadPart({ key: "a", uploadId: "u", partNumber, body: "x" })),
        ).to.equal("ERR_PARAMETER_NOT_SUPPORTED");
      }
      expect(await codeOf(() => s3.abortMultipartUpload({ key: "a", uploadId: "" }))).to.equal(
        "ERR_PARAMETER_NOT_SUPPORTED",
      );
      expect(
        await codeOf(() => s3.completeMultipartUpload({ key: "a", uploadId: "u", parts: [] })),
      ).to.equal("ERR_PARAMETER_NOT_SUPPORTED");
      expect(await s3.createMultipartUpload({ key: "a" })).to.deep.equal({
        key: "a",
        uploadId: "u9",
      });
      expect(await codeOf(() => s3.createMultipartUpload({ key: "a" }))).to.equal(
        "ERR_FOREIGN_DATA",
      );
      expect(sent.map((s) => [s.command, s.input.Key])).to.deep.equal([
        ["UploadPartCommand", `${PREFIX}a`],
        ["UploadPartCommand", `${PREFIX}a`],
        ["CreateMultipartUploadCommand", `${PREFIX}a`],
        ["CreateMultipartUploadCommand", `${PREFIX}a`],
      ]);
    });

    it("refuses an empty or control-character download file name", async () => {
      const s3 = new TenantS3(signingClient(), BUCKET, "acme");
      for (const downloadFileName of ["", "a\nb"]) {
        expect(await codeOf(() => s3.presignGet({ key: "a", downloadFileName }))).to.equal(
          "ERR_HEADER_VALUE_INVALID",
        );
      }
      const url = new URL(await s3.presignGet({ key: "a", downloadFileName: "r.csv" }));
      expect(url.searchParams.get("response-content-disposition")).to.equal(
        "attachment; filename=r.csv",
      );
    });
  });

  describe("refusals, each naming the input (code and message)", () => {
    const HEADER = "must be a string without CR, LF or other characters invalid in a header";

    it("passes a stream body through to S3 unread, for put and uploadPart", async () => {
      const { client, sent } = recordingClient([{}, { ETag: "e" }]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const body = Readable.from(["hello"]);
      await s3.put({ key: "a", body });
      await s3.uploadPart({ key: "a", uploadId: "u", partNumber: 1, body });
      expect(sent[0]?.input.Body).to.equal(body);
      expect(sent[1]?.input.Body).to.equal(body);
    });

    it("refuses a header value that is not a string or holds CR/LF, before any request", async () => {
      const { client, sent } = recordingClient();
      const s3 = new TenantS3(client, BUCKET, "acme");
      const invalid = (message: string) => ({ code: "ERR_HEADER_VALUE_INVALID", message });
      const contentType = 5 as unknown as string;
      expect(await refusalOf(() => s3.put({ key: "a", body: "x", contentType }))).to.deep.equal(
        invalid(`contentType ${HEADER}`),
      );
      expect(
        await refusalOf(() => s3.copy({ key: "b", sourceKey: "a", contentType: "a\r\nb" })),
      ).to.deep.equal(invalid(`contentType ${HEADER}`));
      expect(
        await refusalOf(() => s3.createMultipartUpload({ key: "a", contentType: "a\nb" })),
      ).to.deep.equal(invalid(`contentType ${HEADER}`));
      expect(await refusalOf(() => s3.get({ key: "a", range: "bytes=0-1\r\nX: y" }))).to.deep.equal(
        invalid(`range ${HEADER}`),
      );
      for (const metadata of ["author", null, 5])
        expect(
          await refusalOf(() =>
            s3.put({
              key: "a",
              body: "x",
              metadata: metadata as unknown as Record<string, string>,
            }),
          ),
          String(metadata),
        ).to.deep.equal(invalid("metadata must be an object of strings"));
      expect(sent).to.deep.equal([]);
    });

    it("names the parameter it refuses and the tenant S3 answered for", async () => {
      const { client } = recordingClient([{}, { Contents: [{ Key: "tenants/globex/x" }] }]);
      const s3 = new TenantS3(client, BUCKET, "acme");
      const unsupported = (message: string) => ({ code: "ERR_PARAMETER_NOT_SUPPORTED", message });
      expect(await refusalOf(() => s3.deleteMany({ objects: [] }))).to.deep.equal(
        unsupported("deleteMany objects must be an array of 1 to 1000 objects"),
      );
      expect(
        await refusalOf(() => s3.completeMultipartUpload({ key: "a", uploadId: "u", parts: [] })),
      ).to.deep.equal(unsupported("completeMultipartUpload parts must be a non-empty array"));
      expect(
        await refusalOf(() => s3.abortMultipartUpload({ key: "a", uploadId: "" })),
      ).to.deep.equal(unsupported("uploadId must be a non-empty string"));
      expect(
        await refusalOf(() => s3.uploadPart({ key: "a", uploadId: "u", partNumber: 0, body: "x" })),
      ).to.deep.equal(unsupported("partNumber must be an integer from 1 to 10000"));
      expect(await refusalOf(() => s3.createMultipartUpload({ key: "a" }))).to.deep.equal({
        code: "ERR_FOREIGN_DATA",
        message: "S3 started no upload for tenant acme",
      });
      expect(await refusalOf(() => s3.list())).to.deep.equal({
        code: "ERR_FOREIGN_DATA",
        message: "S3 listed a key outside tenant acme",
      });
    });
  });
});
