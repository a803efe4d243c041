import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  Tag,
} from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationInputError } from "../../migrate/errors";
import { indexMapping } from "../../migrate/mappingIndex";
import { migrateObjects, S3StepOptions } from "../../migrate/s3/migrateObjects";
import { MIN_PART_BYTES } from "../../migrate/s3/multipartCopy";
import {
  checkPrefixMapping,
  OBJECT_KEY_FIELDS,
  ObjectTenantRule,
} from "../../migrate/s3/objectTenantRule";
import { readMappingFile } from "../../migrate/tenantMapping";
import { verifyObjects } from "../../migrate/verify/verifyObjects";
import { ADMIN_CREDENTIALS, Emulator, REGION, startS3 } from "../helpers/emulators";
import { S3Conformance, startS3Conformance } from "../helpers/s3Conformance";
import { callsOf, failFirst, noWait, recordCalls, rejectionOf, TENANTS } from "./migrationHarness";

interface ObjectExtras {
  readonly tags?: Tag[];
  readonly ContentType?: string;
  readonly Metadata?: Record<string, string>;
}

const SHARED = "tenancy-dev-euw1-data-123456789012-eu-west-1";
const OBJECTS = 30;
const tenantOf = (n: number) => (["acme", "globex-eu", "initech"] as const)[n % 3];
const key = (n: number) => `legacy/${tenantOf(n)}/docs/file-${String(n).padStart(3, "0")}.txt`;

describe("migrate s3", function () {
  this.timeout(120_000);
  let s3rver: Emulator;
  let shim: S3Conformance;
  let client: S3Client;
  let dir: string;
  let calls: string[];
  let source: string;
  let run = 0;

  before(async () => {
    s3rver = await startS3(SHARED);
    shim = await startS3Conformance(s3rver.endpoint);
    client = new S3Client({
      region: REGION,
      endpoint: shim.endpoint,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    calls = recordCalls(client);
    dir = mkdtempSync(join(tmpdir(), "migrate-s3-"));
  });
  after(async () => {
    client.destroy();
    await shim.stop();
    await s3rver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh source bucket per test; destinations are under its own run prefix via tenants. */
  beforeEach(async () => {
    run++;
    source = `legacy-assets-${run}`;
    await client.send(new CreateBucketCommand({ Bucket: source }));
    for (let n = 0; n < OBJECTS; n++) {
      await put(source, key(n), `content of ${n}`, {
        ContentType: "text/plain",
        Metadata: { owner: `user-${n}` },
        ...(n % 2 === 0
          ? {
              tags: [
                { Key: "class", Value: "doc" },
                { Key: "tier", Value: "hot" },
              ],
            }
          : {}),
      });
    }
    await put(source, "misc/readme.txt", "no tenant");
    // Each test starts from an empty destination: clear what earlier tests copied.
    await emptyBucket(SHARED);
    calls.length = 0;
    shim.copiesWritten.length = 0;
  });

  /** s3rver ignores x-amz-tagging on PutObject: tags are set with PutObjectTagging. */
  async function put(
    bucket: string,
    objectKey: string,
    body: string | Buffer,
    { tags = [], ...extra }: ObjectExtras = {},
  ) {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: body, ...extra }),
    );
    if (tags.length > 0) {
      await client.send(
        new PutObjectTaggingCommand({ Bucket: bucket, Key: objectKey, Tagging: { TagSet: tags } }),
      );
    }
  }

  async function keys(bucket: string): Promise<string[]> {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
  }

  async function emptyBucket(bucket: string) {
    for (const objectKey of await keys(bucket)) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey }));
    }
  }

  async function text(bucket: string, objectKey: string): Promise<string> {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    return (await object.Body?.transformToString()) ?? "";
  }

  function prefixRule(rows: string[]): ObjectTenantRule {
    const file = join(dir, `prefixes-${run}-${rows.length}.csv`);
    writeFileSync(file, ["prefix,tenantId", ...rows].join("\n"));
    const prefixes = [...indexMapping(readMappingFile(file, OBJECT_KEY_FIELDS), TENANTS).values()];
    checkPrefixMapping(file, prefixes);
    return { kind: "prefixMapping", file, prefixes };
  }

  const byTenantFolder: ObjectTenantRule = {
    kind: "keyPattern",
    pattern: /^legacy\/(?<tenant>[a-z0-9-]+)\/(?<path>.+)$/,
  };

  function options(overrides: Partial<S3StepOptions> = {}): S3StepOptions {
    return {
      client,
      counter: { throttled: 0, transient: 0 },
      backoff: { timing: noWait },
      sourceBucket: source,
      destinationBucket: SHARED,
      rule: byTenantFolder,
      tenants: TENANTS,
      multipartThreshold: 5 * 1024 ** 3,
      partBytes: MIN_PART_BYTES,
      apply: true,
      deleteSource: false,
      checkpointFile: join(dir, `checkpoint-${run}-${Date.now()}.json`),
      ...overrides,
    };
  }

  it("plans without writing: counts per tenant and lists the unmapped objects", async () => {
    const report = await migrateObjects(options({ apply: false }));

    expect(report.totals).to.include({ sourceObjects: 31, mapped: 30, unmapped: 1, copied: 0 });
    expect(report.perTenant).to.deep.equal({ acme: 10, "globex-eu": 10, initech: 10 });
    expect(report.unmapped).to.deep.equal(["misc/readme.txt"]);
    expect(
      callsOf(calls, "CopyObject", "PutObject", "PutObjectTagging", "UploadPartCopy"),
    ).to.deep.equal([]);
    expect(await keys(SHARED)).to.deep.equal([]);
  });

  it("copies under tenants/<id>/ with content type, metadata and tags in one request each; a rerun writes nothing", async () => {
    const first = await migrateObjects(options());
    const firstCalls = [...calls];
    const written = shim.copiesWritten.length;
    const head = await client.send(
      new HeadObjectCommand({ Bucket: SHARED, Key: "tenants/initech/docs/file-002.txt" }),
    );
    const tags = await client.send(
      new GetObjectTaggingCommand({ Bucket: SHARED, Key: "tenants/initech/docs/file-002.txt" }),
    );
    calls.length = 0;
    const second = await migrateObjects(options());

    expect(first.totals).to.include({
      copied: 30,
      multipart: 0,
      alreadyPresent: 0,
      conflicts: 0,
      checksumMismatches: 0,
    });
    expect(await text(SHARED, "tenants/initech/docs/file-002.txt")).to.equal("content of 2");
    expect(head.ContentType).to.equal("text/plain");
    expect(head.Metadata).to.deep.equal({ owner: "user-2" });
    expect(tags.TagSet).to.deep.equal([
      { Key: "class", Value: "doc" },
      { Key: "tier", Value: "hot" },
    ]);
    // The listing of the plan and of the copy, then one conditional CopyObject per object.
    expect(firstCalls).to.deep.equal([
      "ListObjectsV2",
      "ListObjectsV2",
      ...Array.from({ length: 30 }, () => "CopyObject"),
    ]);
    expect(second.totals).to.include({ copied: 0, alreadyPresent: 30 });
    // The rerun's copies are refused (412): nothing is written, then both sides are compared.
    expect(shim.copiesWritten).to.have.length(written);
    expect(callsOf(calls, "PutObject", "PutObjectTagging", "UploadPartCopy")).to.deep.equal([]);
    expect(await keys(source)).to.have.length(31);
  });

  it("copies objects over the threshold with UploadPartCopy, in parts of at least 5 MiB", async () => {
    const big = Buffer.alloc(11 * 1024 * 1024 + 123, 0);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    await put(source, "legacy/acme/video.bin", big, {
      ContentType: "video/mp4",
      Metadata: { codec: "h264" },
      tags: [{ Key: "class", Value: "media" }],
    });
    shim.partCopies.length = 0;

    const report = await migrateObjects(options({ multipartThreshold: 6 * 1024 * 1024 }));
    const copy = await client.send(
      new GetObjectCommand({ Bucket: SHARED, Key: "tenants/acme/video.bin" }),
    );
    const bytes = Buffer.from((await copy.Body?.transformToByteArray()) ?? []);
    const tags = await client.send(
      new GetObjectTaggingCommand({ Bucket: SHARED, Key: "tenants/acme/video.bin" }),
    );

    expect(report.totals).to.include({ copied: 31, multipart: 1, checksumMismatches: 0 });
    expect(shim.partCopies).to.have.members([
      `bytes=0-${MIN_PART_BYTES - 1}`,
      `bytes=${MIN_PART_BYTES}-${2 * MIN_PART_BYTES - 1}`,
      `bytes=${2 * MIN_PART_BYTES}-${big.length - 1}`,
    ]);
    expect(createHash("sha256").update(bytes).digest("hex")).to.equal(
      createHash("sha256").update(big).digest("hex"),
    );
    expect(copy.ContentType).to.equal("video/mp4");
    expect(copy.Metadata).to.deep.equal({ codec: "h264" });
    expect(tags.TagSet).to.deep.equal([{ Key: "class", Value: "media" }]);
  });

  it("resumes an interrupted run after the last finished page and copies each object once", async () => {
    const settings = options({ pageSize: 10, concurrency: 1 });
    const interrupted = migrateObjects({
      ...settings,
      afterObject: (processed) => {
        if (processed === 15) throw new Error("killed after 15 objects");
      },
    });
    expect((await rejectionOf(interrupted)).message).to.equal("killed after 15 objects");
    const copiesBefore = shim.copiesWritten.length;

    const resumed = await migrateObjects({ ...settings, counter: { throttled: 0, transient: 0 } });

    expect(copiesBefore).to.equal(15);
    expect(resumed.resumedFromCheckpoint).to.equal(true);
    // The first page (10 objects) was finished; the second was cut after 5 and is offered again.
    expect(resumed.totals).to.include({ copied: 15, alreadyPresent: 5 });
    expect(shim.copiesWritten).to.have.length(30);
    expect(new Set(shim.copiesWritten).size).to.equal(30);
    expect((await keys(SHARED)).filter((k) => k.startsWith("tenants/"))).to.have.length(30);
  });

  it("backs off when S3 answers SlowDown and copies everything", async () => {
    failFirst(client, "CopyObject", 2, "SlowDown");

    const report = await migrateObjects(options());

    expect(report.totals).to.include({ copied: 30, throttled: 2 });
  });

  it("reports a destination key holding other content as a conflict and leaves it", async () => {
    await put(SHARED, "tenants/acme/docs/file-000.txt", "written by the new application");

    const report = await migrateObjects(options());

    expect(report.conflicts).to.deep.equal([
      { key: "legacy/acme/docs/file-000.txt", reason: "the destination key holds other content" },
    ]);
    expect(report.totals).to.include({ copied: 29, conflicts: 1 });
    expect(await text(SHARED, "tenants/acme/docs/file-000.txt")).to.equal(
      "written by the new application",
    );
  });

  it("copies by a prefix mapping, and refuses two source objects that would share a destination key", async () => {
    const mapped = await migrateObjects(
      options({
        apply: false,
        rule: prefixRule(["legacy/acme/,acme", "legacy/initech/docs/,initech"]),
      }),
    );
    await put(source, "other/docs/file-000.txt", "clash");
    const clash = await rejectionOf(
      migrateObjects(options({ rule: prefixRule(["legacy/acme/,acme", "other/,acme"]) })),
    );

    expect(mapped.perTenant).to.deep.equal({ acme: 10, initech: 10 });
    expect(clash).to.be.instanceOf(MigrationInputError);
    expect(clash.message).to.equal(
      `Refused: the migration input has 1 problem; nothing was written:\n  bucket ${source} [ERR_KEY_COLLISION] object "other/docs/file-000.txt": and "legacy/acme/docs/file-000.txt" would both be copied to "tenants/acme/docs/file-000.txt". Fix: map the two prefixes to different tenants, or keep the source path in the destination (a key pattern without a path group).`,
    );
    expect(await keys(SHARED)).to.deep.equal([]);
  });

  it("refuses nested prefixes mapped to two tenants", () => {
    const error = (() => {
      try {
        prefixRule(["legacy/,acme", "legacy/initech/,initech"]);
      } catch (thrown) {
        return thrown as Error;
      }
      return undefined;
    })();

    expect(error?.message).to.match(
      /\[ERR_AMBIGUOUS_MAPPING\] prefix "legacy\/initech\/": lies under prefix "legacy\/" \(line 2\), so its objects go to "initech" and to "acme"\. Fix: make the prefixes disjoint/,
    );
  });

  describe("verify and --delete-source", () => {
    it("passes after a complete migration, fails on a tampered copy or a key outside every tenant prefix", async () => {
      const settings = options({ sourcePrefix: "legacy/" });
      await migrateObjects(settings);
      const clean = await verifyObjects({ ...settings, samplesPerTenant: "all" });
      await put(SHARED, "tenants/globex-eu/docs/file-001.txt", "tampered", {
        ContentType: "text/plain",
        Metadata: { owner: "user-1" },
      });
      await put(SHARED, "tenants/umbrella/leak.txt", "x");
      await put(SHARED, "stray.txt", "x");
      const dirty = await verifyObjects({ ...settings, samplesPerTenant: "all" });

      expect(clean.ok).to.equal(true);
      expect(clean.perTenant).to.deep.equal({
        acme: { source: 10, destination: 10 },
        "globex-eu": { source: 10, destination: 10 },
        initech: { source: 10, destination: 10 },
      });
      expect(dirty.ok).to.equal(false);
      expect(dirty.findings).to.deep.equal([
        { key: "legacy/globex-eu/docs/file-001.txt", problem: "differs", detail: "size, content" },
      ]);
      expect(dirty.outsideTenantPrefixes).to.deep.equal(["stray.txt", "tenants/umbrella/leak.txt"]);
    });

    it("deletes verified source objects only, and only when the whole verification passed", async () => {
      const refused = await migrateObjects(options({ deleteSource: true }));
      const report = await migrateObjects(options({ sourcePrefix: "legacy/", deleteSource: true }));

      expect(refused.verification?.ok).to.equal(false);
      expect(refused.verification?.unmapped).to.deep.equal(["misc/readme.txt"]);
      expect(refused.totals.deleted).to.equal(0);
      expect(report.deletion).to.deep.equal({ deleted: 30, kept: 0 });
      expect(await keys(source)).to.deep.equal(["misc/readme.txt"]);
    });
  });
});
