import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ADMIN_CREDENTIALS, Emulator, REGION, startDynamoDb } from "../helpers/emulators";

const PROJECT = resolve(__dirname, "../..");
/** The dev stack's shared table: Pulumi.dev.yaml names it (tenancy-dev-euw1-tenant-data). */
const SHARED = "tenancy-dev-euw1-tenant-data";
const SOURCE = "legacy-orders";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run migrate -- <args>` as a user runs it, with the emulator's credentials. */
function migrate(...args: string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    [join(PROJECT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT, "migrate/cli.ts"), ...args],
    {
      cwd: PROJECT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: ADMIN_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ADMIN_CREDENTIALS.secretAccessKey,
        // Keeps the SDK's Node 20 support notice out of the asserted stderr.
        NODE_NO_WARNINGS: "1",
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

describe("npm run migrate", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "migrate-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("bad input: exit 2 with the file, line and fix, before anything is written", () => {
    it("names a mapping row whose tenant tenants.json does not declare", async () => {
      const file = join(dir, "users.csv");
      writeFileSync(file, "email,tenantId\nann@corp.example,acme\nbob@corp.example,umbrella\n");

      const run = await migrate(
        "users",
        "--user-pool-id",
        "eu-west-1_x",
        "--mapping",
        file,
        "--apply",
      );

      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        `Refused: the migration input has 1 problem; nothing was written:\n  ${file}:3 [ERR_UNKNOWN_TENANT] email "bob@corp.example": tenant "umbrella" is not declared in tenants.json. Fix: declare it in tenants.json and run pulumi up first, or map the record to one of: acme, globex-eu, initech, wonka.\n`,
      );
      expect(run.stdout).to.equal("");
    });

    it("names every bad row of a JSON mapping at once: malformed and ambiguous", async () => {
      const file = join(dir, "items.json");
      writeFileSync(
        file,
        '[\n  { "pk": "order-1", "tenantId": "acme" },\n  { "pk": "order-2" },\n  { "pk": "order-1", "tenantId": "initech" }\n]\n',
      );

      const run = await migrate("dynamodb", "--mapping", file);

      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        `Refused: the migration input has 2 problems; nothing was written:\n  ${file}:3 [ERR_MALFORMED_MAPPING] the row needs "pk" and "tenantId", each non-empty. Fix: give each row "pk" and "tenantId".\n  ${file}:4 [ERR_AMBIGUOUS_MAPPING] pk "order-1": is mapped to "initech" here and to "acme" on line 2. Fix: keep the one row with the right tenant.\n`,
      );
    });

    it("refuses --delete-source without --apply, an unknown option and a verify of nothing", async () => {
      const deletion = await migrate("dynamodb", "--tenant-attribute", "org", "--delete-source");
      const unknown = await migrate("s3", "--bucket", "x");
      const nothingToVerify = await migrate("verify");

      expect(deletion.code).to.equal(2);
      expect(deletion.stderr).to.match(
        /^--delete-source deletes only in an applied run, after verification\. Fix: add --apply\.\n\nUsage: npm run migrate/,
      );
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.match(/^Unknown option '--bucket'/);
      expect(nothingToVerify.code).to.equal(2);
      expect(nothingToVerify.stderr).to.equal(
        "verify needs the parts to check. Fix: pass --source-table (with its tenant rule), --source-bucket (with its rule) and/or --user-pool-id.\n",
      );
    });
  });

  describe("against dynalite", () => {
    let dynamo: Emulator;
    let client: DynamoDBClient;

    before(async () => {
      dynamo = await startDynamoDb(SHARED);
      client = new DynamoDBClient({
        region: REGION,
        endpoint: dynamo.endpoint,
        credentials: ADMIN_CREDENTIALS,
      });
      await client.send(
        new CreateTableCommand({
          TableName: SOURCE,
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
      const items = Array.from({ length: 24 }, (_, n) => ({
        PutRequest: {
          Item: {
            id: { S: `order-${n}` },
            sk: { S: "v1" },
            org: { S: ["acme", "initech"][n % 2] as string },
          },
        },
      }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [SOURCE]: items } }));
    });
    after(async () => {
      client.destroy();
      await dynamo.stop();
    });

    const common = () => [
      "--source-table",
      SOURCE,
      "--tenant-attribute",
      "org",
      "--dynamodb-endpoint",
      dynamo.endpoint,
    ];

    it("plans by default, applies with --apply, and verify exits 1 once a copy is tampered", async () => {
      const planFile = join(dir, "plan.json");
      const checkpoint = join(dir, "cli.checkpoint.json");

      const plan = await migrate(
        "dynamodb",
        ...common(),
        "--report",
        planFile,
        "--checkpoint",
        checkpoint,
      );
      const afterPlan = await client.send(new ScanCommand({ TableName: SHARED }));
      const applied = await migrate(
        "dynamodb",
        ...common(),
        "--apply",
        "--json",
        "--checkpoint",
        checkpoint,
      );
      const verified = await migrate("verify", ...common(), "--samples", "all");
      await client.send(
        new PutItemCommand({
          TableName: SHARED,
          Item: {
            pk: { S: "acme#order-0" },
            sk: { S: "v1" },
            org: { S: "acme" },
            note: { S: "edited" },
          },
        }),
      );
      const tampered = await migrate("verify", ...common(), "--samples", "all", "--json");

      expect(plan.code).to.equal(0);
      expect(plan.stdout).to.match(
        /^dynamodb: plan only \(nothing written; add --apply to write\)\n/,
      );
      expect(JSON.parse(readFileSync(planFile, "utf8"))).to.deep.include({
        step: "dynamodb",
        applied: false,
        perTenant: { acme: 12, initech: 12 },
      });
      expect(afterPlan.Count).to.equal(0);
      expect(applied.code).to.equal(0);
      expect(JSON.parse(applied.stdout).totals).to.include({ copied: 24, alreadyPresent: 0 });
      expect(existsSync(checkpoint)).to.equal(false);
      expect(verified.code).to.equal(0);
      expect(tampered.code).to.equal(1);
      expect(JSON.parse(tampered.stdout).items.findings).to.deep.equal([
        { key: "order-0 / v1", problem: "differs" },
      ]);
    });
  });
});
