// Migration benchmark: `npm run migrate`'s dynamodb and s3 steps (plan + apply) against a plain
// copy loop with the raw SDK on the same emulators (dynalite, s3rver), at the same concurrency,
// alternating rounds in one run. Items/s and objects/s per side, the ratio of the medians and
// the requests each side sent per record. Loopback only. s3rver does not evaluate the tool's
// If-None-Match (S3 does, inside the same request), so the S3 figures compare request counts
// and client work, which is what differs between the two loops.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { migrateItems } from "../migrate/dynamodb/migrateItems";
import { Item, sourceKeySchema } from "../migrate/dynamodb/sourceTable";
import { runConcurrently } from "../migrate/runConcurrently";
import { copySource } from "../migrate/s3/multipartCopy";
import { migrateObjects } from "../migrate/s3/migrateObjects";
import { listObjects } from "../migrate/s3/sourceObjects";
import { recordCalls, TENANTS } from "../test/migrate/migrationHarness";
import { median } from "./lib/median";
import { ADMIN_CREDENTIALS, REGION, startDynamoDb, startS3 } from "../test/helpers/emulators";

const ITEMS = 2_000;
const OBJECTS = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEGMENTS = 4;
const CONCURRENCY = 8;
const tenantOf = (n: number) => (["acme", "globex-eu", "initech"] as const)[n % 3];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function createTable(client: DynamoDBClient, name: string, hashKey: string) {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: hashKey, AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: hashKey, KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  // dynalite started with createTableMs 0 answers ACTIVE at once; a short pause is enough.
  await new Promise((r) => setTimeout(r, 50));
}

/** The plain loop: parallel scan, one conditional PutItem per item, same concurrency. */
async function rawItemCopy(client: DynamoDBClient, source: string, destination: string) {
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let start: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: source,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ExclusiveStartKey: start,
          }),
        );
        await runConcurrently(page.Items ?? [], CONCURRENCY, async (item) => {
          await client.send(
            new PutItemCommand({
              TableName: destination,
              Item: { ...item, pk: { S: `${item.org?.S}#${item.id?.S}` } },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          );
        });
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    }),
  );
}

/** The plain loop: list, one CopyObject per object, same concurrency. */
async function rawObjectCopy(
  client: S3Client,
  source: string,
  destination: string,
  prefix: string,
) {
  const access = { client, counter: { throttled: 0, transient: 0 } };
  for await (const page of listObjects(access, source, undefined)) {
    await runConcurrently(page, CONCURRENCY, async (object) => {
      await client.send(
        new CopyObjectCommand({
          Bucket: destination,
          Key: `${prefix}${object.key}`,
          CopySource: copySource({ bucket: source, key: object.key }),
        }),
      );
    });
  }
}

interface Side {
  readonly seconds: number[];
  /** Requests sent in the last round. */
  requests: number;
}

function report(what: string, unit: string, count: number, raw: Side, tool: Side) {
  const r = median(raw.seconds);
  const t = median(tool.seconds);
  console.log(
    `${what}: raw SDK loop ${(count / r).toFixed(0)} ${unit}/s, npm run migrate ${(count / t).toFixed(0)} ${unit}/s, time ratio ${(t / r).toFixed(2)} (median of ${ROUNDS} alternating rounds; goal: within 1.10); requests per record: raw ${(raw.requests / count).toFixed(2)}, tool ${(tool.requests / count).toFixed(2)}`,
  );
}

/** Times `work` and counts the requests it sent through `calls`. */
async function measured(side: Side, calls: string[], work: () => Promise<unknown>) {
  const before = calls.length;
  side.seconds.push(await timed(work));
  side.requests = calls.length - before;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "migrate-bench-"));
  const dynamo = await startDynamoDb("bench-shared");
  const s3rver = await startS3("bench-source");
  const ddb = new DynamoDBClient({
    region: REGION,
    endpoint: dynamo.endpoint,
    credentials: ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  const s3 = new S3Client({
    region: REGION,
    endpoint: s3rver.endpoint,
    forcePathStyle: true,
    credentials: ADMIN_CREDENTIALS,
    maxAttempts: 1,
  });
  const ddbCalls = recordCalls(ddb);
  const s3Calls = recordCalls(s3);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    await createTable(ddb, "bench-source-table", "id");
    const items = Array.from({ length: ITEMS }, (_, n) => ({
      PutRequest: {
        Item: {
          id: { S: `order-${n}` },
          sk: { S: "v1" },
          org: { S: tenantOf(n) },
          total: { N: String(n) },
        },
      },
    }));
    for (let i = 0; i < items.length; i += 25) {
      await ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { "bench-source-table": items.slice(i, i + 25) },
        }),
      );
    }
    await s3.send(new CreateBucketCommand({ Bucket: "bench-destination" }));
    for (let n = 0; n < OBJECTS; n++) {
      await s3.send(
        new PutObjectCommand({
          Bucket: "bench-source",
          Key: `legacy/${tenantOf(n)}/file-${n}.bin`,
          Body: Buffer.alloc(4096, n),
          ContentType: "application/octet-stream",
        }),
      );
    }
    const access = { client: ddb, counter: { throttled: 0, transient: 0 } };
    const schema = await sourceKeySchema(access, "bench-source-table");
    const itemSides = {
      raw: { seconds: [], requests: 0 } as Side,
      tool: { seconds: [], requests: 0 } as Side,
    };
    const objectSides = {
      raw: { seconds: [], requests: 0 } as Side,
      tool: { seconds: [], requests: 0 } as Side,
    };
    const toolItemCopy = (round: number) =>
      migrateItems({
        ...access,
        sourceTable: "bench-source-table",
        destinationTable: `bench-tool-${round}`,
        schema,
        rule: { kind: "attribute", name: "org" },
        tenants: TENANTS,
        segments: SEGMENTS,
        concurrency: CONCURRENCY,
        apply: true,
        deleteSource: false,
        checkpointFile: join(dir, `items-${round}.json`),
      });
    const toolObjectCopy = (round: number) =>
      migrateObjects({
        client: s3,
        counter: { throttled: 0, transient: 0 },
        sourceBucket: "bench-source",
        destinationBucket: `bench-tool-${round}`,
        sourcePrefix: "legacy/",
        rule: { kind: "keyPattern", pattern: /^legacy\/(?<tenant>[a-z0-9-]+)\/(?<path>.+)$/ },
        tenants: TENANTS,
        multipartThreshold: 5 * 1024 ** 3,
        partBytes: 512 * 1024 ** 2,
        concurrency: CONCURRENCY,
        apply: true,
        deleteSource: false,
        checkpointFile: join(dir, `objects-${round}.json`),
      });
    for (let round = 0; round < ROUNDS; round++) {
      await createTable(ddb, `bench-raw-${round}`, "pk");
      await createTable(ddb, `bench-tool-${round}`, "pk");
      // A fresh destination bucket per round for the tool, whose keys are tenants/<id>/... .
      await s3.send(new CreateBucketCommand({ Bucket: `bench-tool-${round}` }));
      const sides = [
        () =>
          measured(itemSides.raw, ddbCalls, () =>
            rawItemCopy(ddb, "bench-source-table", `bench-raw-${round}`),
          ),
        () => measured(itemSides.tool, ddbCalls, () => toolItemCopy(round)),
        () =>
          measured(objectSides.raw, s3Calls, () =>
            rawObjectCopy(s3, "bench-source", "bench-destination", `raw-${round}/`),
          ),
        () => measured(objectSides.tool, s3Calls, () => toolObjectCopy(round)),
      ];
      // Alternate which side goes first, so warm-up and the machine's other load fall on both.
      const order = round % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
      for (const side of order) await sides[side]?.();
    }
    const cores = availableParallelism();
    const loadAfter = loadavg()[0] ?? 0;
    console.log(
      `machine: ${cores} cores, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after${Math.max(loadBefore, loadAfter) > cores ? " (busy: other work shared the cores; the ratios, measured in alternating rounds, are the figures to read)" : ""}`,
    );
    report(
      `dynamodb, ${ITEMS} items, ${SEGMENTS} segments x ${CONCURRENCY} writes in flight on both sides (tool: plan scan + conditional copy)`,
      "items",
      ITEMS,
      itemSides.raw,
      itemSides.tool,
    );
    report(
      `s3, ${OBJECTS} objects of 4 KiB, ${CONCURRENCY} copies in flight on both sides (tool: plan listing, then one conditional CopyObject per object, checked by its ETag)`,
      "objects",
      OBJECTS,
      objectSides.raw,
      objectSides.tool,
    );
  } finally {
    ddb.destroy();
    s3.destroy();
    await dynamo.stop();
    await s3rver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
