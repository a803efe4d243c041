import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createTenantRuntime, type TenantContext } from "@tenancy/runtime";
import { ADMIN_CREDENTIALS, REGION } from "../helpers/emulators";
import { BUCKET, bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { refusal } from "../helpers/runtimeRefusal";

describe("TenantS3", () => {
  let h: Harness;
  let acme: TenantContext;
  let globex: TenantContext;
  let admin: S3Client;

  before(async () => {
    h = await startHarness();
    const runtime = createTenantRuntime(h.config());
    acme = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
    globex = await runtime.createTenantContext(bearer(h.tokens.bob.idToken));
    admin = new S3Client({
      region: REGION,
      endpoint: h.s3.endpoint,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
    });
  });
  after(async () => {
    admin.destroy();
    await h.stop();
  });

  describe("isolation", () => {
    it("stores the same logical key under each tenant's prefix", async () => {
      await acme.s3.put({ key: "docs/readme.txt", body: "acme", contentType: "text/plain" });
      await globex.s3.put({ key: "docs/readme.txt", body: "globex", contentType: "text/plain" });

      const a = await (await acme.s3.get({ key: "docs/readme.txt" })).Body?.transformToString();
      const g = await (await globex.s3.get({ key: "docs/readme.txt" })).Body?.transformToString();
      const head = await acme.s3.head({ key: "docs/readme.txt" });
      const raw = await (
        await admin.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/docs/readme.txt" }),
        )
      ).Body?.transformToString();

      expect([a, g, raw]).to.deep.equal(["acme", "globex", "acme"]);
      expect(head.ContentLength).to.equal(4);
    });

    it("lists relative to the tenant prefix, page by page", async () => {
      for (const name of ["a", "b", "c", "d", "e"])
        await acme.s3.put({ key: `list/${name}.txt`, body: name });
      await acme.s3.put({ key: "list/sub/f.txt", body: "f" });
      await globex.s3.put({ key: "list/zzz.txt", body: "z" });

      const first = await acme.s3.list({ prefix: "list/", maxKeys: 2 });
      const all: string[] = [];
      for await (const object of acme.s3.listAll({ prefix: "list/" })) all.push(object.key);
      const folders = await acme.s3.list({ prefix: "list/", delimiter: "/" });

      expect(first.objects.map((o) => o.key)).to.deep.equal(["list/a.txt", "list/b.txt"]);
      expect(first.nextContinuationToken).to.be.a("string");
      expect(all).to.deep.equal([
        "list/a.txt",
        "list/b.txt",
        "list/c.txt",
        "list/d.txt",
        "list/e.txt",
        "list/sub/f.txt",
      ]);
      expect(folders.commonPrefixes).to.deep.equal(["list/sub/"]);
      expect(folders.objects).to.have.length(5);
    });

    it("deletes only the tenant's object", async () => {
      await acme.s3.put({ key: "docs/delete-me.txt", body: "acme" });
      await globex.s3.put({ key: "docs/delete-me.txt", body: "globex" });

      await acme.s3.delete({ key: "docs/delete-me.txt" });

      const remaining = await admin.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "tenants/" }),
      );
      const keys = (remaining.Contents ?? []).map((o) => o.Key);
      expect(keys).to.not.include("tenants/acme/docs/delete-me.txt");
      expect(keys).to.include("tenants/globex/docs/delete-me.txt");
    });

    it("stores look-alike escapes (backslashes, encoded dots, one-dot leaders) literally under the prefix", async () => {
      const keys = [
        "..\\..\\globex\\escape-secret.txt",
        "%2e%2e/globex/escape-secret.txt",
        "a/%2E%2E%2F%2E%2E%2Fglobex%2Fescape-secret.txt",
        "\u2024\u2024/globex/escape-secret.txt",
      ];
      for (const key of keys) await acme.s3.put({ key, body: key });

      const listed = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const stored = (listed.Contents ?? [])
        .map((o) => o.Key ?? "")
        .filter((k) => k.includes("escape-secret"));
      const readBack = await Promise.all(
        keys.map(async (key) => (await acme.s3.get({ key })).Body?.transformToString()),
      );

      expect(stored.sort()).to.deep.equal(keys.map((k) => `tenants/acme/${k}`).sort());
      expect(readBack).to.deep.equal(keys);
    });

    it("presigns GET and PUT URLs under the prefix with the tenant's session", async () => {
      const put = await acme.s3.presignPut({ key: "uploads/u.bin", expiresIn: 300 });
      const uploaded = await fetch(put, { method: "PUT", body: "uploaded" });
      const get = await acme.s3.presignGet({ key: "uploads/u.bin" });
      const downloaded = await fetch(get);

      expect(uploaded.status).to.equal(200);
      expect(await downloaded.text()).to.equal("uploaded");
      for (const url of [put, get]) {
        const parsed = new URL(url);
        expect(parsed.pathname).to.equal(`/${BUCKET}/tenants/acme/uploads/u.bin`);
        const keyId = parsed.searchParams.get("X-Amz-Credential")?.split("/")[0] ?? "";
        expect(h.sts.sessions.get(keyId)?.tenantId).to.equal("acme");
        expect(parsed.searchParams.get("X-Amz-Security-Token")).to.be.a("string");
      }
    });

    it("signs the Content-Type of a presigned PUT, so the uploader must send that type", async () => {
      const url = await acme.s3.presignPut({ key: "uploads/typed.json", contentType: "text/csv" });
      const uploaded = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "text/csv" },
        body: "a,b",
      });
      const head = await acme.s3.head({ key: "uploads/typed.json" });

      expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).to.equal("content-type;host");
      expect(uploaded.status).to.equal(200);
      expect(head.ContentType).to.equal("text/csv");
    });

    // SDK >= 3.729 would presign the CRC32 of an empty body, which S3 rejects for any upload.
    it("puts no checksum parameters in presigned URLs", async () => {
      const urls = [
        await acme.s3.presignPut({ key: "uploads/c.bin" }),
        await acme.s3.presignPut({ key: "uploads/c.bin", contentType: "text/plain" }),
      ];

      for (const url of urls) {
        const names = [...new URL(url).searchParams.keys()].map((n) => n.toLowerCase());
        expect(
          names.filter((n) => n.startsWith("x-amz-checksum-") || n.includes("checksum-algorithm")),
        ).to.deep.equal([]);
      }
    });

    it("signs every S3 request with the tenant's assumed credentials", async () => {
      const before = h.s3Proxy.signers.length;
      await acme.s3.put({ key: "signed/a.txt", body: "a" });
      await acme.s3.head({ key: "signed/a.txt" });
      await (await acme.s3.get({ key: "signed/a.txt" })).Body?.transformToString();
      await acme.s3.list({ prefix: "signed/" });
      await acme.s3.delete({ key: "signed/a.txt" });
      await globex.s3.list({ prefix: "signed/" });

      const tenants = h.s3Proxy.signers
        .slice(before)
        .map((k) => h.sts.sessions.get(k ?? "")?.tenantId);
      expect(tenants).to.deep.equal(["acme", "acme", "acme", "acme", "acme", "globex"]);
    });
  });

  describe("copies, multipart uploads, batch deletes, versions, download names", () => {
    const text = async (out: { Body?: { transformToString(): Promise<string> } }) =>
      out.Body?.transformToString();
    const sentSince = (before: number) => h.s3Proxy.requests.slice(before);
    afterEach(() => (h.s3Proxy.answer = undefined));

    it("copies within the tenant: source and destination both under its prefix", async () => {
      await acme.s3.put({ key: "copy/src.txt", body: "acme original" });
      await globex.s3.put({ key: "copy/src.txt", body: "globex original" });

      await acme.s3.copy({ sourceKey: "copy/src.txt", key: "copy/dst.txt" });
      await globex.s3.copy({
        sourceKey: "copy/src.txt",
        key: "copy/typed.txt",
        contentType: "text/markdown",
      });

      expect(await text(await acme.s3.get({ key: "copy/dst.txt" }))).to.equal("acme original");
      expect(await text(await globex.s3.get({ key: "copy/typed.txt" }))).to.equal(
        "globex original",
      );
      const raw = await admin.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/copy/dst.txt" }),
      );
      expect(await raw.Body?.transformToString()).to.equal("acme original");
    });

    it("uploads in parts and completes into one object", async () => {
      const first = Buffer.alloc(5 * 1024 * 1024, "a"); // S3's minimum for every part but the last
      const { uploadId, key } = await acme.s3.createMultipartUpload({
        key: "big/file.bin",
        contentType: "application/octet-stream",
      });

      const parts = [
        await acme.s3.uploadPart({ key, uploadId, partNumber: 1, body: first }),
        await acme.s3.uploadPart({ key, uploadId, partNumber: 2, body: "tail" }),
      ];
      const done = await acme.s3.completeMultipartUpload({ key, uploadId, parts });
      const head = await acme.s3.head({ key: "big/file.bin" });
      const tail = await acme.s3.get({ key: "big/file.bin", range: `bytes=${first.length}-` });

      expect(parts.map((p) => p.partNumber)).to.deep.equal([1, 2]);
      expect(parts.every((p) => /^"[0-9a-f]{32}"$/.test(p.etag))).to.equal(true);
      expect(done.key).to.equal("big/file.bin");
      expect(head.ContentLength).to.equal(first.length + 4);
      expect(await text(tail)).to.equal("tail");
    });

    // s3rver implements neither ListParts nor AbortMultipartUpload: the proxy answers them, and
    // the test checks what the client sent and how it reads the answer.
    it("lists every part of an upload page by page, and aborts an upload", async () => {
      const listing = (marker: number, next: number | undefined, partKey: string) =>
        `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${BUCKET}</Bucket>` +
        `<Key>${partKey}</Key><UploadId>u-1</UploadId><PartNumberMarker>${marker}</PartNumberMarker>` +
        (next === undefined ? "" : `<NextPartNumberMarker>${next}</NextPartNumberMarker>`) +
        `<IsTruncated>${next !== undefined}</IsTruncated><Part><PartNumber>${marker + 1}</PartNumber>` +
        `<ETag>"e${marker + 1}"</ETag><Size>${marker + 5}</Size></Part></ListPartsResult>`;
      let partKey = "tenants/acme/big/listed.bin";
      h.s3Proxy.answer = (req) => {
        if (req.method === "DELETE" && req.url.includes("uploadId=u-1")) return { status: 204 };
        if (req.method !== "GET" || !req.url.includes("uploadId=u-1")) return undefined;
        const marker = Number(/part-number-marker=(\d+)/.exec(req.url)?.[1] ?? 0);
        return { status: 200, body: listing(marker, marker === 0 ? 1 : undefined, partKey) };
      };
      const before = h.s3Proxy.requests.length;

      const parts = [];
      for await (const part of acme.s3.listAllParts({ key: "big/listed.bin", uploadId: "u-1" }))
        parts.push(part);
      await acme.s3.abortMultipartUpload({ key: "big/listed.bin", uploadId: "u-1" });
      partKey = "tenants/globex/big/listed.bin";
      const foreign = await refusal(() =>
        acme.s3.listParts({ key: "big/listed.bin", uploadId: "u-1" }),
      );

      expect(parts).to.deep.equal([
        { partNumber: 1, etag: '"e1"', size: 5, lastModified: undefined },
        { partNumber: 2, etag: '"e2"', size: 6, lastModified: undefined },
      ]);
      const sent = sentSince(before);
      expect(sent.map((r) => `${r.method} ${r.url.split("&x-id")[0]}`)).to.deep.equal([
        `GET /${BUCKET}/tenants/acme/big/listed.bin?uploadId=u-1`,
        `GET /${BUCKET}/tenants/acme/big/listed.bin?part-number-marker=1&uploadId=u-1`,
        `DELETE /${BUCKET}/tenants/acme/big/listed.bin?uploadId=u-1`,
        `GET /${BUCKET}/tenants/acme/big/listed.bin?uploadId=u-1`,
      ]);
      expect(new Set(sent.map((r) => h.sts.sessions.get(r.signer ?? "")?.tenantId))).to.deep.equal(
        new Set(["acme"]),
      );
      expect(foreign).to.deep.equal({
        code: "ERR_FOREIGN_DATA",
        message: "S3 listed the parts of a key outside tenant acme",
      });
    });

    it("deletes many objects in one request, only the tenant's", async () => {
      for (const name of ["a", "b", "c"]) {
        await acme.s3.put({ key: `many/${name}.txt`, body: name });
        await globex.s3.put({ key: `many/${name}.txt`, body: name });
      }

      const out = await acme.s3.deleteMany({
        objects: [{ key: "many/a.txt" }, { key: "many/b.txt" }],
      });

      const listed = await admin.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "tenants/" }),
      );
      const keys = (listed.Contents ?? []).map((o) => o.Key).filter((k) => k?.includes("/many/"));
      expect(out.deleted.map((d) => d.key)).to.deep.equal(["many/a.txt", "many/b.txt"]);
      expect(out.errors).to.deep.equal([]);
      expect(keys).to.deep.equal([
        "tenants/acme/many/c.txt",
        "tenants/globex/many/a.txt",
        "tenants/globex/many/b.txt",
        "tenants/globex/many/c.txt",
      ]);
    });

    it("sends versionId on get, head and delete (the bucket is versioned)", async () => {
      await acme.s3.put({ key: "versioned.txt", body: "v" });
      const before = h.s3Proxy.requests.length;

      await text(await acme.s3.get({ key: "versioned.txt", versionId: "v1" }));
      await acme.s3.head({ key: "versioned.txt", versionId: "v2" });
      await acme.s3.delete({ key: "versioned.txt", versionId: "v3" });

      expect(sentSince(before).map((r) => `${r.method} ${r.url.split("&x-id")[0]}`)).to.deep.equal([
        `GET /${BUCKET}/tenants/acme/versioned.txt?versionId=v1`,
        `HEAD /${BUCKET}/tenants/acme/versioned.txt?versionId=v2`,
        `DELETE /${BUCKET}/tenants/acme/versioned.txt?versionId=v3`,
      ]);
    });

    it("presigns a download under a file name of the caller's choosing", async () => {
      await acme.s3.put({ key: "reports/r1.csv", body: "a,b" });

      const url = await acme.s3.presignGet({
        key: "reports/r1.csv",
        downloadFileName: 'Q1 "final" ü.csv',
        versionId: "v1",
      });
      const downloaded = await fetch(url);
      const refused = await refusal(() =>
        acme.s3.presignGet({ key: "reports/r1.csv", downloadFileName: "a\r\nSet-Cookie: x" }),
      );

      const params = new URL(url).searchParams;
      expect(params.get("response-content-disposition")).to.equal(
        `attachment; filename="Q1 \\"final\\" ?.csv"; filename*=UTF-8''Q1%20%22final%22%20%C3%BC.csv`,
      );
      expect(params.get("versionId")).to.equal("v1");
      expect(await downloaded.text()).to.equal("a,b");
      expect(refused).to.deep.equal({
        code: "ERR_HEADER_VALUE_INVALID",
        message: "downloadFileName must be a non-empty string without control characters",
      });
    });
  });

  describe("escape attempts (refused before any request is sent)", () => {
    let sentBefore: number;
    beforeEach(() => (sentBefore = h.s3Proxy.signers.length));
    afterEach(() => expect(h.s3Proxy.signers.length, "requests sent").to.equal(sentBefore));

    const CONTROL = "S3 key must not contain control characters or line separators";
    const cases: [string, string, string][] = [
      ["an empty key", "", "S3 key must be a non-empty string"],
      ["a leading slash", "/tenants/globex/x", "S3 key must not start with '/'"],
      ["a '..' segment", "../globex/secret.txt", "S3 key must not contain '.' or '..' segments"],
      ["a nested '..' segment", "a/../../globex/x", "S3 key must not contain '.' or '..' segments"],
      ["a '.' segment", "./x", "S3 key must not contain '.' or '..' segments"],
      ["a control character", "a\u0000b", CONTROL],
      ["a newline", "a\nb", CONTROL],
      ["a C1 control character", "a\u0085b", CONTROL],
      ["a line separator", "a\u2028b", CONTROL],
      ["a paragraph separator", "a\u2029b", CONTROL],
      ["a lone surrogate", "a\ud800b", "S3 key must be well-formed Unicode (no lone surrogates)"],
      ["an overlong key", "k".repeat(1024), "S3 key must be at most 1011 bytes"],
    ];
    for (const [what, key, message] of cases) {
      it(`refuses ${what} in every operation`, async () => {
        const expected = { code: "ERR_KEY_INVALID", message };
        expect(await refusal(() => acme.s3.put({ key, body: "x" }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.get({ key }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.head({ key }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.delete({ key }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.presignGet({ key }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.presignPut({ key }))).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.copy({ sourceKey: key, key: "x" }))).to.deep.equal(
          expected,
        );
        expect(await refusal(() => acme.s3.copy({ sourceKey: "x", key }))).to.deep.equal(expected);
        expect(
          await refusal(() => acme.s3.deleteMany({ objects: [{ key: "x" }, { key }] })),
        ).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.createMultipartUpload({ key }))).to.deep.equal(expected);
        expect(
          await refusal(() => acme.s3.uploadPart({ key, uploadId: "u", partNumber: 1, body: "" })),
        ).to.deep.equal(expected);
        expect(
          await refusal(() =>
            acme.s3.completeMultipartUpload({
              key,
              uploadId: "u",
              parts: [{ partNumber: 1, etag: "e" }],
            }),
          ),
        ).to.deep.equal(expected);
        expect(
          await refusal(() => acme.s3.abortMultipartUpload({ key, uploadId: "u" })),
        ).to.deep.equal(expected);
        expect(await refusal(() => acme.s3.listParts({ key, uploadId: "u" }))).to.deep.equal(
          expected,
        );
      });
    }

    it("refuses CR/LF and other invalid header characters in content type, range and metadata", async () => {
      const invalid = (message: string) => ({ code: "ERR_HEADER_VALUE_INVALID", message });
      const contentType =
        "contentType must be a string without CR, LF or other characters invalid in a header";

      const refusals = [
        await refusal(() =>
          acme.s3.put({ key: "h", body: "x", contentType: "text/plain\r\nx-amz-acl: public-read" }),
        ),
        await refusal(() => acme.s3.presignPut({ key: "h", contentType: "text/plain\n" })),
        await refusal(() => acme.s3.get({ key: "h", range: "bytes=0-1\r\nx-evil: 1" })),
        await refusal(() => acme.s3.put({ key: "h", body: "x", metadata: { note: "a\nb" } })),
        await refusal(() => acme.s3.put({ key: "h", body: "x", metadata: { "bad name": "v" } })),
        await refusal(() => acme.s3.put({ key: "h", body: "x", metadata: { note: "\u20ac" } })),
      ];

      expect(refusals).to.deep.equal([
        invalid(contentType),
        invalid(contentType),
        invalid("range must be a string without CR, LF or other characters invalid in a header"),
        invalid(
          'metadata "note" must be a string without CR, LF or other characters invalid in a header',
        ),
        invalid('metadata name "bad name" is not a valid header name'),
        invalid(
          'metadata "note" must be a string without CR, LF or other characters invalid in a header',
        ),
      ]);
    });

    it("refuses a list prefix that climbs out", async () => {
      expect(await refusal(() => acme.s3.list({ prefix: "../globex/" }))).to.deep.equal({
        code: "ERR_KEY_INVALID",
        message: "S3 list prefix must not contain '.' or '..' segments",
      });
    });

    it("refuses a presigned URL longer than an hour", async () => {
      expect(await refusal(() => acme.s3.presignGet({ key: "x", expiresIn: 7200 }))).to.deep.equal({
        code: "ERR_PARAMETER_NOT_SUPPORTED",
        message: "expiresIn must be an integer from 1 to 3600 (the session duration)",
      });
    });
  });

  // A presigned URL stops working when the session that signed it expires, whatever expiresIn says.
  describe("presigned URL lifetime", () => {
    const signer = (url: string) =>
      new URL(url).searchParams.get("X-Amz-Credential")?.split("/")[0] ?? "";

    it("signs with a session that outlives the URL, assuming a new one if the cached one would not", async () => {
      let later = 0;
      const runtime = createTenantRuntime(h.config({ cache: { now: () => Date.now() + later } }));
      const callsBefore = h.sts.calls.length;
      await runtime.createTenantContext(bearer(h.tokens.carol.idToken));
      later = 50 * 60_000; // the session now has 10 minutes left: still served to requests
      const ctx = await runtime.createTenantContext(bearer(h.tokens.carol.idToken));

      const short = await ctx.s3.presignGet({ key: "k", expiresIn: 300 });
      const long = await ctx.s3.presignGet({ key: "k", expiresIn: 3600 });
      const after = await ctx.s3.presignPut({ key: "k", expiresIn: 300 });

      expect(h.sts.calls.length - callsBefore).to.equal(2);
      expect(signer(long)).to.not.equal(signer(short));
      expect(signer(after)).to.equal(signer(long));
      expect(new URL(long).searchParams.get("X-Amz-Expires")).to.equal("3600");
      expect(h.sts.sessions.get(signer(long))?.tenantId).to.equal("acme");
    });

    it("refuses expiresIn beyond the configured session duration", async () => {
      const runtime = createTenantRuntime(h.config({ sessionDurationSeconds: 900 }));
      const ctx = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));

      expect(await refusal(() => ctx.s3.presignGet({ key: "x", expiresIn: 901 }))).to.deep.equal({
        code: "ERR_PARAMETER_NOT_SUPPORTED",
        message: "expiresIn must be an integer from 1 to 900 (the session duration)",
      });
    });
  });
});
