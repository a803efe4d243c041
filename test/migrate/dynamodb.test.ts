import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationInputError } from "../../migrate/errors";
import { ItemTenantRule } from "../../migrate/dynamodb/itemTenantRule";
import { DynamoDbStepOptions, migrateItems } from "../../migrate/dynamodb/migrateItems";
import { Item, sourceKeySchema } from "../../migrate/dynamodb/sourceTable";
import { verifyItems } from "../../migrate/verify/verifyItems";
import { ADMIN_CREDENTIALS, Emulator, REGION, startDynamoDb } from "../helpers/emulators";
import { callsOf, failFirst, noWait, recordCalls, rejectionOf, TENANTS } from "./migrationHarness";

const SHARED = "tenancy-dev-euw1-tenant-data";
const SOURCE = "legacy-orders";
const ITEMS = 600;
const UNMAPPED = 20;
const tenantOf = (n: number) => (["acme", "globex-eu", "initech"] as const)[n % 3];
const id = (n: number) => `order-${String(n).padStart(4, "0")}`;

/** Items 0..579 carry `org`; the last 20 carry none and are unmapped. */
function sourceItem(n: number): Item {
  return {
    id: { S: id(n) },
    sk: { S: "v1" },
    total: { N: String(n * 7) },
    tags: { SS: ["b", "a"] },
    updatedAt: { N: "100" },
    ...(n < ITEMS - UNMAPPED ? { org: { S: tenantOf(n) } } : {}),
  };
}

describe("migrate dynamodb", function () {
  this.timeout(120_000);
  let dynamo: Emulator;
  let client: DynamoDBClient;
  let dir: string;
  let calls: string[];
  const rule: ItemTenantRule = { kind: "attribute", name: "org" };

  before(async () => {
    dynamo = await startDynamoDb(SHARED);
    client = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    calls = recordCalls(client);
    dir = mkdtempSync(join(tmpdir(), "migrate-dynamodb-"));
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    for (const table of [SHARED, SOURCE]) await dropTable(table);
    await createTable(SHARED, "pk");
    await createTable(SOURCE, "id");
    await writeItems(
      SOURCE,
      Array.from({ length: ITEMS }, (_, n) => sourceItem(n)),
    );
    calls.length = 0;
  });

  /** Deletes the table and waits until it is gone (dynalite deletes in the background). */
  async function dropTable(name: string) {
    await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    for (;;) {
      const gone = await client
        .send(new DescribeTableCommand({ TableName: name }))
        .then(() => false)
        .catch((error: Error) => error.name === "ResourceNotFoundException");
      if (gone) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function createTable(name: string, hashKey: string) {
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
    for (;;) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === "ACTIVE") return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function writeItems(table: string, items: Item[]) {
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
    }
  }

  async function scanTable(table: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async function options(
    overrides: Partial<DynamoDbStepOptions> = {},
  ): Promise<DynamoDbStepOptions> {
    const access = { client, counter: { throttled: 0, transient: 0 }, backoff: { timing: noWait } };
    return {
      ...access,
      sourceTable: SOURCE,
      destinationTable: SHARED,
      schema: await sourceKeySchema(access, SOURCE),
      rule,
      tenants: TENANTS,
      segments: 3,
      apply: true,
      deleteSource: false,
      checkpointFile: join(dir, `checkpoint-${Date.now()}.json`),
      ...overrides,
    };
  }

  it("plans without writing: counts per tenant and lists the unmapped items", async () => {
    const report = await migrateItems(await options({ apply: false }));

    expect(report.totals).to.deep.equal({
      sourceItems: 600,
      mapped: 580,
      unmapped: 20,
      copied: 0,
      alreadyPresent: 0,
      deleted: 0,
      throttled: 0,
      transientRetries: 0,
    });
    expect(report.perTenant).to.deep.equal({ acme: 194, "globex-eu": 193, initech: 193 });
    expect(report.unmapped).to.have.length(20);
    expect(report.unmapped[0]).to.equal("order-0580 / v1");
    expect(callsOf(calls, "PutItem", "DeleteItem", "BatchWriteItem")).to.deep.equal([]);
    expect(await scanTable(SHARED)).to.deep.equal([]);
  });

  it("copies each item under <tenantId>#<pk> with its sort key and attributes; a rerun writes nothing", async () => {
    const first = await migrateItems(await options());
    const copy = await client.send(
      new GetItemCommand({
        TableName: SHARED,
        Key: { pk: { S: "globex-eu#order-0001" }, sk: { S: "v1" } },
      }),
    );
    const second = await migrateItems(await options());

    expect(first.totals).to.include({ copied: 580, alreadyPresent: 0 });
    expect(copy.Item).to.deep.include({
      pk: { S: "globex-eu#order-0001" },
      sk: { S: "v1" },
      id: { S: "order-0001" },
      total: { N: "7" },
      org: { S: "globex-eu" },
    });
    expect(second.totals).to.include({ copied: 0, alreadyPresent: 580 });
    expect(await scanTable(SHARED)).to.have.length(580);
    expect(await scanTable(SOURCE)).to.have.length(600);
  });

  it("resumes an interrupted run from its checkpoint and copies each item exactly once", async () => {
    const settings = await options({ pageSize: 20, concurrency: 1 });
    const interrupted = migrateItems({
      ...settings,
      afterItem: (processed) => {
        if (processed === 150) throw new Error("killed after 150 items");
      },
    });
    expect((await rejectionOf(interrupted)).message).to.equal("killed after 150 items");
    const putsBefore = callsOf(calls, "PutItem").length;
    expect(existsSync(settings.checkpointFile)).to.equal(true);

    const resumed = await migrateItems({ ...settings, counter: { throttled: 0, transient: 0 } });

    const putsOnResume = callsOf(calls, "PutItem").length - putsBefore;
    expect(resumed.resumedFromCheckpoint).to.equal(true);
    // Every put of the first run succeeded (the table was empty): together with the resumed
    // run's successful puts they are the 580 mapped items, each written once.
    expect(putsBefore + resumed.totals.copied).to.equal(580);
    // Only the pages in flight when it stopped (at most one of 20 items per segment) are offered
    // again; the condition refuses their second copy. Finished pages are not scanned again.
    expect(resumed.totals.alreadyPresent).to.be.within(1, 3 * 20);
    expect(putsOnResume).to.equal(580 - putsBefore + resumed.totals.alreadyPresent);
    expect(await scanTable(SHARED)).to.have.length(580);
    expect(existsSync(settings.checkpointFile)).to.equal(false);
  });

  it("never overwrites an item the application wrote to the destination since", async () => {
    const newer = {
      pk: { S: "acme#order-0000" },
      sk: { S: "v1" },
      total: { N: "999" },
      updatedAt: { N: "200" },
    };
    await client.send(new PutItemCommand({ TableName: SHARED, Item: newer }));

    const report = await migrateItems(await options());
    const kept = await client.send(
      new GetItemCommand({ TableName: SHARED, Key: { pk: newer.pk, sk: newer.sk } }),
    );
    const verification = await verifyItems({
      ...(await options()),
      samplesPerTenant: "all",
      versionAttribute: "updatedAt",
    });

    expect(report.totals).to.include({ copied: 579, alreadyPresent: 1 });
    expect(kept.Item).to.deep.equal(newer);
    expect(verification.newerInDestination).to.deep.equal(["order-0000 / v1"]);
    expect(verification.findings).to.deep.equal([]);
  });

  it("refuses items of an undeclared tenant, naming each, before any write", async () => {
    await writeItems(SOURCE, [{ id: { S: "order-x" }, sk: { S: "v1" }, org: { S: "umbrella" } }]);

    const error = await rejectionOf(migrateItems(await options()));

    expect(error).to.be.instanceOf(MigrationInputError);
    expect(error.message).to.equal(
      'Refused: the migration input has 1 problem; nothing was written:\n  table legacy-orders [ERR_UNKNOWN_TENANT] item "order-x / v1": tenant "umbrella" is not declared in tenants.json. Fix: declare it in tenants.json and run pulumi up first, or map the record to one of: acme, globex-eu, initech.',
    );
    expect(callsOf(calls, "PutItem")).to.deep.equal([]);
  });

  it("backs off when DynamoDB throttles and copies everything", async () => {
    failFirst(client, "PutItem", 2, "ProvisionedThroughputExceededException");

    const report = await migrateItems(await options());

    expect(report.totals).to.include({ copied: 580, throttled: 2 });
  });

  it("migrates within the shared table itself by key pattern, leaving migrated items alone", async () => {
    await writeItems(SHARED, [
      { pk: { S: "acme/invoice-1" }, sk: { S: "2024" }, amount: { N: "1" } },
      { pk: { S: "initech/invoice-2" }, sk: { S: "2024" }, amount: { N: "2" } },
      { pk: { S: "orphan-3" }, sk: { S: "2024" } },
    ]);
    const access = { client, counter: { throttled: 0, transient: 0 } };
    const shared = await options({
      sourceTable: SHARED,
      schema: await sourceKeySchema(access, SHARED),
      rule: { kind: "keyPattern", pattern: /^(?<tenant>[a-z0-9-]+)\// },
    });

    const first = await migrateItems(shared);
    const second = await migrateItems({ ...shared, checkpointFile: join(dir, "again.json") });

    expect(first.totals).to.include({ sourceItems: 3, mapped: 2, copied: 2, unmapped: 1 });
    expect(first.unmapped).to.deep.equal(["orphan-3 / 2024"]);
    expect(second.totals).to.include({ sourceItems: 3, copied: 0, alreadyPresent: 2 });
    expect((await scanTable(SHARED)).map((i) => i.pk?.S).sort()).to.deep.equal([
      "acme#acme/invoice-1",
      "acme/invoice-1",
      "initech#initech/invoice-2",
      "initech/invoice-2",
      "orphan-3",
    ]);
  });

  /** Gives the unmapped items a tenant, so the whole source can migrate. */
  async function mapEveryItem() {
    const rest = Array.from({ length: UNMAPPED }, (_, i) => ({
      ...sourceItem(ITEMS - UNMAPPED + i),
      org: { S: "acme" },
    }));
    await writeItems(SOURCE, rest);
  }

  describe("verify", () => {
    it("passes after a complete migration, with counts per tenant", async () => {
      await mapEveryItem();
      const settings = await options();
      await migrateItems(settings);

      const verification = await verifyItems({ ...settings, samplesPerTenant: "all" });

      expect(verification).to.deep.equal({
        ok: true,
        perTenant: {
          acme: { source: 214, destination: 214 },
          "globex-eu": { source: 193, destination: 193 },
          initech: { source: 193, destination: 193 },
        },
        sampled: 600,
        findings: [],
        newerInDestination: [],
        outsideTenantPrefixes: [],
        unmapped: [],
      });
    });

    it("fails on a tampered copy, an item outside every tenant prefix, and unmapped items", async () => {
      const settings = await options();
      await migrateItems(settings);
      await client.send(
        new PutItemCommand({
          TableName: SHARED,
          Item: { ...sourceItem(4), pk: { S: "globex-eu#order-0004" }, total: { N: "1" } },
        }),
      );
      await writeItems(SHARED, [{ pk: { S: "umbrella#order-1" }, sk: { S: "v1" } }]);

      const verification = await verifyItems({ ...settings, samplesPerTenant: "all" });

      expect(verification.ok).to.equal(false);
      expect(verification.findings).to.deep.equal([{ key: "order-0004 / v1", problem: "differs" }]);
      expect(verification.outsideTenantPrefixes).to.deep.equal(["umbrella#order-1"]);
      expect(verification.unmapped).to.have.length(20);
    });

    it("finds a missing copy among the samples", async () => {
      await mapEveryItem();
      const settings = await options();
      await migrateItems(settings);
      await client.send(
        new DeleteItemCommand({
          TableName: SHARED,
          Key: { pk: { S: "acme#order-0000" }, sk: { S: "v1" } },
        }),
      );

      const verification = await verifyItems({ ...settings, samplesPerTenant: 1 });

      expect(verification.ok).to.equal(false);
      expect(verification.sampled).to.equal(3);
      expect(verification.perTenant.acme).to.deep.equal({ source: 214, destination: 213 });
    });
  });

  describe("--delete-source", () => {
    it("keeps the whole source when verification fails (unmapped items)", async () => {
      const report = await migrateItems(await options({ deleteSource: true }));

      expect(report.verification?.ok).to.equal(false);
      expect(report.totals.deleted).to.equal(0);
      expect(await scanTable(SOURCE)).to.have.length(600);
    });

    it("deletes the source items once every copy is verified", async () => {
      await mapEveryItem();

      const report = await migrateItems(await options({ deleteSource: true }));

      expect(report.verification?.ok).to.equal(true);
      expect(report.deletion).to.deep.equal({ deleted: 600, kept: 0 });
      expect(await scanTable(SOURCE)).to.deep.equal([]);
      expect(await scanTable(SHARED)).to.have.length(600);
    });
  });
});
