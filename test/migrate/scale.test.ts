// The migration at the scale, against emulators the test starts: 500 users, 10,000 items,
// 1,000 objects over three tenants. Each step is interrupted midway and resumed, and each record
// is then written exactly once (counted where the writes land); a second full run writes nothing.
// The dynamodb step runs as `npm run migrate` does and is killed with SIGKILL; users and s3 are
// interrupted by the steps' test hook, deterministically, s3 after its checkpoint is written.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { indexMapping } from "../../migrate/mappingIndex";
import { runConcurrently } from "../../migrate/runConcurrently";
import { migrateObjects } from "../../migrate/s3/migrateObjects";
import { MIN_PART_BYTES } from "../../migrate/s3/multipartCopy";
import { readMappingFile } from "../../migrate/tenantMapping";
import { migrateUsers, UsersStepOptions } from "../../migrate/users/migrateUsers";
import { USER_KEY_FIELDS } from "../../migrate/users/userTenantRule";
import { startCountingProxy } from "../helpers/countingProxy";
import {
  ADMIN_CREDENTIALS,
  REGION,
  startCognito,
  startDynamoDb,
  startS3,
} from "../helpers/emulators";
import { createPool } from "../helpers/runtimeCognito";
import { startS3Conformance } from "../helpers/s3Conformance";
import { callsOf, noWait, recordCalls, rejectionOf, TENANTS } from "./migrationHarness";

const USERS = 500;
const ITEMS = 10_000;
const OBJECTS = 1_000;
const PROJECT = resolve(__dirname, "../..");
/** The dev stack's shared table and bucket (Pulumi.dev.yaml). */
const SHARED_TABLE = "tenancy-dev-euw1-tenant-data";
const SHARED_BUCKET = "tenancy-dev-euw1-data-123456789012-eu-west-1";
const tenantOf = (n: number) => (["acme", "globex-eu", "initech"] as const)[n % 3];

describe("migrate at scale: 500 users, 10,000 items, 1,000 objects", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "migrate-scale-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("users: interrupted after 200, resumed, each user updated once; a second run writes nothing", async () => {
    const cognito = await startCognito();
    const client = new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: cognito.endpoint,
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const { poolId } = await createPool(cognito, "scale");
      for (const id of TENANTS.ids) {
        await cognito.call("CreateGroup", { UserPoolId: poolId, GroupName: `tenant-${id}` });
      }
      const email = (n: number) => `user-${n}@corp.example`;
      // cognito-local rewrites the pool's file on every write, so creates are only a little
      // faster in parallel; 4 at a time keeps its event loop responsive.
      await runConcurrently(
        Array.from({ length: USERS }, (_, n) => n),
        4,
        async (n) =>
          void (await cognito.call("AdminCreateUser", {
            UserPoolId: poolId,
            Username: email(n),
            MessageAction: "SUPPRESS",
            UserAttributes: [{ Name: "email", Value: email(n) }],
          })),
      );
      const file = join(dir, "users.csv");
      writeFileSync(
        file,
        [
          "email,tenantId",
          ...Array.from({ length: USERS }, (_, n) => `${email(n)},${tenantOf(n)}`),
        ].join("\n"),
      );
      const calls = recordCalls(client);
      const options = (): UsersStepOptions => ({
        client,
        userPoolId: poolId,
        counter: { throttled: 0, transient: 0 },
        backoff: { timing: noWait },
        rule: {
          kind: "mapping",
          file,
          index: indexMapping(readMappingFile(file, USER_KEY_FIELDS), TENANTS),
        },
        tenants: TENANTS,
        apply: true,
        ratePerSecond: 10_000,
      });
      const updates = () => callsOf(calls, "AdminUpdateUserAttributes").length;
      const additions = () => callsOf(calls, "AdminAddUserToGroup").length;

      const interrupted = migrateUsers({
        ...options(),
        afterUser: (assigned) => {
          if (assigned === 200) throw new Error("interrupted after 200 users");
        },
      });
      expect((await rejectionOf(interrupted)).message).to.equal("interrupted after 200 users");
      const updatedBefore = updates();
      const resumed = await migrateUsers(options());
      const [updatedResumed, addedResumed] = [updates(), additions()];
      const second = await migrateUsers(options());

      // Users still in flight when the hook threw finish their assignment: 200 or a few more.
      expect(updatedBefore).to.be.within(200, 203);
      expect(resumed.totals).to.include({
        users: USERS,
        assigned: USERS - updatedBefore,
        alreadyAssigned: updatedBefore,
        conflicts: 0,
      });
      expect([updatedResumed, addedResumed]).to.deep.equal([USERS, USERS]);
      expect(second.totals).to.include({ planned: 0, assigned: 0, alreadyAssigned: USERS });
      expect([updates(), additions()]).to.deep.equal([USERS, USERS]);
    } finally {
      client.destroy();
      await cognito.stop();
    }
  });

  it("dynamodb: npm run migrate killed (SIGKILL) after 4,000 writes, resumed, each item written once; a second run writes nothing", async () => {
    const dynalite = await startDynamoDb(SHARED_TABLE);
    const proxy = await startCountingProxy(dynalite.endpoint);
    const client = new DynamoDBClient({
      region: REGION,
      endpoint: dynalite.endpoint,
      credentials: ADMIN_CREDENTIALS,
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: "legacy-orders",
          AttributeDefinitions: [
            { AttributeName: "id", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "id", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      const batches = Array.from({ length: ITEMS / 25 }, (_, b) =>
        Array.from({ length: 25 }, (_, i) => b * 25 + i),
      );
      await runConcurrently(batches, 8, async (batch) => {
        await client.send(
          new BatchWriteItemCommand({
            RequestItems: {
              "legacy-orders": batch.map((n) => ({
                PutRequest: {
                  Item: {
                    id: { S: `order-${n}` },
                    sk: { S: "v1" },
                    org: { S: tenantOf(n) },
                  },
                },
              })),
            },
          }),
        );
      });
      const checkpoint = join(dir, "items.checkpoint.json");
      // dynalite returns a segment's 2,500 items in one scan page, so the kill lands before the
      // first checkpoint: the resumed run offers every item again and finds the copies.
      const args = [
        "dynamodb",
        "--source-table",
        "legacy-orders",
        "--tenant-attribute",
        "org",
        "--dynamodb-endpoint",
        proxy.endpoint,
        "--checkpoint",
        checkpoint,
        "--apply",
        "--json",
      ];
      const writes = () => proxy.answered("PutItem", 200);

      const killed = migrate(args);
      while (writes() < 4_000) await new Promise((r) => setTimeout(r, 10));
      killed.child.kill("SIGKILL");
      const killedRun = await killed.done;
      await proxy.idle();
      const writtenBefore = writes();
      const resumedRun = await migrate(args).done;
      const resumed = JSON.parse(resumedRun.stdout) as {
        totals: Record<string, number>;
        resumedFromCheckpoint: boolean;
      };
      const writtenResumed = writes();
      const secondRun = await migrate(args).done;
      const second = JSON.parse(secondRun.stdout) as { totals: Record<string, number> };
      const destination = await countItems(client, SHARED_TABLE);

      expect(killedRun.signal).to.equal("SIGKILL");
      expect(writtenBefore).to.be.within(1, ITEMS - 1);
      expect(resumedRun.code).to.equal(0);
      // Each item written once: the resumed run wrote exactly what the killed one had not, and
      // found every item the killed run wrote (its pages were cut short, so none was checkpointed).
      expect(resumed.totals).to.include({
        mapped: ITEMS,
        copied: ITEMS - writtenBefore,
        alreadyPresent: writtenBefore,
      });
      expect(writtenResumed).to.equal(ITEMS);
      expect(secondRun.code).to.equal(0);
      expect(second.totals).to.include({ copied: 0, alreadyPresent: ITEMS });
      expect(writes()).to.equal(ITEMS);
      expect(destination).to.equal(ITEMS);
      expect(existsSync(checkpoint)).to.equal(false);
    } finally {
      client.destroy();
      await proxy.stop();
      await dynalite.stop();
    }
  });

  it("s3: interrupted after 450 objects, resumed from the checkpoint, each object copied once; a second run copies nothing", async () => {
    const s3rver = await startS3(SHARED_BUCKET);
    const shim = await startS3Conformance(s3rver.endpoint);
    const direct = new S3Client({
      region: REGION,
      endpoint: s3rver.endpoint,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
    });
    const client = new S3Client({
      region: REGION,
      endpoint: shim.endpoint,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      await direct.send(new CreateBucketCommand({ Bucket: "legacy-assets" }));
      const key = (n: number) => `legacy/${tenantOf(n)}/file-${String(n).padStart(4, "0")}.txt`;
      await runConcurrently(
        Array.from({ length: OBJECTS }, (_, n) => n),
        16,
        async (n) => {
          await direct.send(
            new PutObjectCommand({
              Bucket: "legacy-assets",
              Key: key(n),
              Body: `content of ${n}`,
              ContentType: "text/plain",
              Metadata: { owner: `user-${n}` },
            }),
          );
          // Every tenth object is tagged (s3rver ignores x-amz-tagging on PutObject).
          if (n % 10 === 0) {
            await direct.send(
              new PutObjectTaggingCommand({
                Bucket: "legacy-assets",
                Key: key(n),
                Tagging: { TagSet: [{ Key: "class", Value: "doc" }] },
              }),
            );
          }
        },
      );
      const settings = () => ({
        client,
        counter: { throttled: 0, transient: 0 },
        backoff: { timing: noWait },
        sourceBucket: "legacy-assets",
        destinationBucket: SHARED_BUCKET,
        rule: {
          kind: "keyPattern" as const,
          pattern: /^legacy\/(?<tenant>[a-z0-9-]+)\/(?<path>.+)$/,
        },
        tenants: TENANTS,
        multipartThreshold: 5 * 1024 ** 3,
        partBytes: MIN_PART_BYTES,
        apply: true,
        deleteSource: false,
        checkpointFile: join(dir, "objects.checkpoint.json"),
        pageSize: 100,
      });

      const interrupted = migrateObjects({
        ...settings(),
        afterObject: (processed) => {
          if (processed === 450) throw new Error("interrupted after 450 objects");
        },
      });
      expect((await rejectionOf(interrupted)).message).to.equal("interrupted after 450 objects");
      const copiedBefore = shim.copiesWritten.length;
      const resumed = await migrateObjects(settings());
      const copiedResumed = shim.copiesWritten.length;
      const second = await migrateObjects(settings());
      const listed = await direct.send(
        new ListObjectsV2Command({ Bucket: SHARED_BUCKET, Prefix: "tenants/" }),
      );

      // Objects in flight when the hook threw are copied too: 450 and up to 7 more (8 at once).
      expect(copiedBefore).to.be.within(450, 457);
      expect(resumed.resumedFromCheckpoint).to.equal(true);
      // Four pages of 100 were finished; the fifth is offered again and its copies are found.
      expect(resumed.totals).to.include({
        copied: OBJECTS - copiedBefore,
        alreadyPresent: copiedBefore - 400,
        conflicts: 0,
        checksumMismatches: 0,
      });
      expect(copiedResumed).to.equal(OBJECTS);
      expect(new Set(shim.copiesWritten).size).to.equal(OBJECTS);
      expect(second.totals).to.include({ copied: 0, alreadyPresent: OBJECTS, conflicts: 0 });
      expect(shim.copiesWritten).to.have.length(OBJECTS);
      expect(listed.KeyCount).to.equal(OBJECTS);
    } finally {
      client.destroy();
      direct.destroy();
      await shim.stop();
      await s3rver.stop();
    }
  });
});

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

/** `npm run migrate -- <args>` as a child process, with the emulators' credentials. */
function migrate(args: string[]) {
  const child = spawn(
    process.execPath,
    // One process (tsx as a loader, not its CLI, which runs the script in a grandchild), so
    // SIGKILL stops the migration itself.
    ["--import", "tsx", join(PROJECT, "migrate/cli.ts"), ...args],
    {
      cwd: PROJECT,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: ADMIN_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ADMIN_CREDENTIALS.secretAccessKey,
        NODE_NO_WARNINGS: "1",
      },
    },
  );
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, done };
}

async function countItems(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, Select: "COUNT", ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start !== undefined);
  return count;
}
