// Runtime benchmark: tenant clients vs raw SDK clients side by side (in-process stub transport,
// then the loopback emulators), STS calls during a simulated outage and under concurrency, cold
// start in fresh processes, and bundle size. Ratios are against a baseline measured in this same
// run. Bounded loops, loopback only.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { build } from "esbuild";
import {
  TenantDynamoDb,
  TenantS3,
  createTenantRuntime,
  type TenantContext,
  type TenantRuntimeConfig,
} from "@tenancy/runtime";
import {
  ADMIN_CREDENTIALS,
  REGION,
  startDynamoDb,
  startRecordingProxy,
  startS3,
} from "../test/helpers/emulators";
import { newSigningKey, signJwt } from "../test/helpers/runtimeJwt";
import { BUCKET, TABLE, WORKLOAD_CREDENTIALS } from "../test/helpers/runtimeHarness";
import { startStsEndpoint } from "../test/helpers/stsEndpoint";
import { stubTransport, type StubReply } from "../test/helpers/stubTransport";
import { pairedRatio, warmUp, type SidePair } from "./lib/pairedRatio";
import { simulateOutage } from "./lib/stsOutage";
import { median } from "./lib/median";

const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench";
const CLIENT_ID = "bench-client";
const key = newSigningKey("bench");
const token = (tenantId: string, user = 0): string => {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { kid: key.kid },
    {
      iss: ISSUER,
      aud: CLIENT_ID,
      token_use: "id",
      sub: `user${user}-${tenantId}`,
      "cognito:username": `user${user}-${tenantId}`,
      "custom:tenantId": tenantId,
      "cognito:groups": [`tenant-${tenantId}`],
      iat: now,
      exp: now + 3600,
    },
    key.privateKey,
  );
};
const pct = (ratio: number): string => `${((ratio - 1) * 100).toFixed(1)}%`;

type Ops = Record<string, SidePair>;

const DDB_ITEM = { pk: { S: "acme#k" }, sk: { S: "s" }, v: { N: "1" } };

/** The same four operations through an in-process stub transport: only the SDK and the runtime run. */
function stubOps(): Ops {
  const transport = stubTransport((request): StubReply => {
    const target = String(request.headers["x-amz-target"] ?? "");
    if (target.endsWith(".GetItem")) return { body: JSON.stringify({ Item: DDB_ITEM }) };
    if (target !== "") return { body: "{}" };
    if (request.method === "GET") {
      return { headers: { "content-type": "text/plain", etag: '"e"' }, body: "hello" };
    }
    return { headers: { etag: '"e"' } };
  });
  // Both sides sign alike: session credentials, as a tenant's are.
  const settings = {
    region: REGION,
    credentials: { ...ADMIN_CREDENTIALS, sessionToken: "session-token" },
    requestHandler: transport.requestHandler,
  };
  const s3Settings = {
    ...settings,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
  } as const;
  const ddb = () => DynamoDBDocumentClient.from(new DynamoDBClient(settings));
  const tenant = {
    dynamodb: new TenantDynamoDb(ddb(), TABLE, "acme"),
    s3: new TenantS3(new S3Client(s3Settings), BUCKET, "acme"),
  };
  return operations({ ddb: ddb(), s3: new S3Client(s3Settings) }, tenant);
}

/** The raw SDK and a tenant context's clients on the loopback emulators. */
async function emulatorOps(
  config: TenantRuntimeConfig,
  endpoints: { dynamodb: string; s3: string },
) {
  const runtime = createTenantRuntime(config);
  const ctx: TenantContext = await runtime.createTenantContext(`Bearer ${token("acme")}`);
  const raw = {
    ddb: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: REGION,
        endpoint: endpoints.dynamodb,
        credentials: ADMIN_CREDENTIALS,
      }),
    ),
    s3: new S3Client({
      region: REGION,
      endpoint: endpoints.s3,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
      // As the tenant client is built, so neither side pays for a checksum the other skips.
      requestChecksumCalculation: "WHEN_REQUIRED",
    }),
  };
  return operations(raw, ctx);
}

function operations(
  raw: { ddb: DynamoDBDocumentClient; s3: S3Client },
  tenant: { dynamodb: TenantDynamoDb; s3: TenantS3 },
): Ops {
  return {
    "DynamoDB put": {
      raw: () =>
        raw.ddb.send(new PutCommand({ TableName: TABLE, Item: { pk: "acme#k", sk: "s", v: 1 } })),
      tenant: () => tenant.dynamodb.put({ Item: { pk: "k", sk: "s", v: 1 } }),
    },
    "DynamoDB get": {
      raw: () => raw.ddb.send(new GetCommand({ TableName: TABLE, Key: { pk: "acme#k", sk: "s" } })),
      tenant: () => tenant.dynamodb.get({ Key: { pk: "k", sk: "s" } }),
    },
    "S3 put": {
      raw: () =>
        raw.s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/k.txt", Body: "hello" }),
        ),
      tenant: () => tenant.s3.put({ key: "k.txt", body: "hello" }),
    },
    "S3 get": {
      raw: async () =>
        (
          await raw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/k.txt" }))
        ).Body?.transformToString(),
      tenant: async () => (await tenant.s3.get({ key: "k.txt" })).Body?.transformToString(),
    },
  };
}

async function overheadRows(ops: Ops, pairs: number): Promise<string[][]> {
  await warmUp(Object.values(ops), 300);
  const rows: string[][] = [];
  for (const [name, op] of Object.entries(ops)) {
    const m = await pairedRatio(op, pairs);
    rows.push([
      name,
      `${m.raw.toFixed(0)} µs`,
      `${m.tenant.toFixed(0)} µs`,
      m.ratio.toFixed(3),
      pct(m.ratio),
      `${m.low.toFixed(3)}-${m.high.toFixed(3)}`,
    ]);
  }
  return rows;
}

/** 10,000 requests over 100 tenants, each with `usersPerTenant` users (one session per user). */
async function stsUnderConcurrency(
  config: TenantRuntimeConfig,
  sts: Awaited<ReturnType<typeof startStsEndpoint>>,
  usersPerTenant: number,
) {
  const runtime = createTenantRuntime(config);
  const tokens = Array.from({ length: 100 * usersPerTenant }, (_, i) =>
    token(`tenant${i % 100}`, Math.floor(i / 100)),
  );
  sts.reset();
  sts.delayMs = 5; // an STS round trip, so concurrent requests really overlap
  const total = 10_000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < total) {
        const i = next++;
        await runtime.createTenantContext(`Bearer ${tokens[i % tokens.length]}`);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  sts.delayMs = 0;
  return { calls: sts.calls.length, elapsed };
}

// Asynchronous on purpose: the children call the STS endpoint served by this process.
async function coldStart(configJson: string) {
  const fixtures = join(__dirname, "fixtures");
  const run = async (file: string) => {
    const env = { ...process.env, RUNTIME_BENCH_CONFIG: configJson };
    const { stdout } = await promisify(execFile)(process.execPath, [join(fixtures, file)], {
      env,
      timeout: 30_000,
    });
    return Number(stdout);
  };
  const times = { raw: [] as number[], tenant: [] as number[] };
  for (let i = 0; i < 7; i += 1) {
    times.raw.push(await run("runtimeColdRaw.cjs"));
    times.tenant.push(await run("runtimeColdTenant.cjs"));
  }
  return { raw: median(times.raw), tenant: median(times.tenant) };
}

async function bundleSizes() {
  const size = async (file: string) => {
    const out = await build({
      entryPoints: [join(__dirname, "fixtures", file)],
      bundle: true,
      minify: true,
      platform: "node",
      target: "node22", // the oldest Node.js the runtime supports (engines)
      write: false,
      logLevel: "silent",
    });
    return out.outputFiles[0]?.contents.byteLength ?? NaN;
  };
  return { raw: await size("runtimeRawHandler.ts"), tenant: await size("runtimeHandler.ts") };
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const [dynamodb, s3server, sts] = await Promise.all([
    startDynamoDb(TABLE),
    startS3(BUCKET),
    startStsEndpoint(),
  ]);
  // s3rver knows only its own access key: both sides go through the same key-swapping proxy.
  const s3 = await startRecordingProxy(s3server.endpoint, ADMIN_CREDENTIALS.accessKeyId);
  try {
    const config: TenantRuntimeConfig = {
      region: REGION,
      userPoolId: "us-east-1_Bench",
      clientId: CLIENT_ID,
      tableName: TABLE,
      bucketName: BUCKET,
      tenantRole: { accountId: "123456789012", namePrefix: "dev" },
      issuer: ISSUER,
      jwks: key.jwks,
      endpoints: { sts: sts.endpoint, dynamodb: dynamodb.endpoint, s3: s3.endpoint },
      s3ForcePathStyle: true,
      stsClient: new STSClient({
        region: REGION,
        endpoint: sts.endpoint,
        credentials: WORKLOAD_CREDENTIALS,
        maxAttempts: 1,
      }),
    };

    const overheadHeader = ["operation", "raw SDK", "tenant client", "ratio", "overhead", "slices"];
    console.log(
      "\nPer-operation overhead, in-process stub transport (custom requestHandler): median of 5,000 calls per side, alternating call by call (goal: ratio <= 1.02; slices: ratio of each tenth)",
    );
    table(overheadHeader, await overheadRows(stubOps(), 5000));
    console.log(
      "\nPer-operation overhead on the loopback emulators (dynalite, s3rver): median of 1,000 calls per side, alternating",
    );
    table(
      overheadHeader,
      await overheadRows(
        await emulatorOps(config, { dynamodb: dynamodb.endpoint, s3: s3.endpoint }),
        1000,
      ),
    );

    console.log(
      "\nSTS outage, simulated clock: 60 s at 50 requests/s over 10 tenants (1 user each), every AssumeRole failing, sessions with 180 s or 30 s left (goal: at most one attempt per session key per backoff step; bound: attempts the backoff allows per key in 60 s x keys x calls per attempt, 4 when throttling is retried inside one)",
    );
    const outageRows: string[][] = [];
    // Hung calls are left to the tests: their timeout runs on the real clock, not the simulated one.
    for (const fault of ["unavailable", "throttling"] as const) {
      for (const sessionLeftMs of [180_000, 30_000]) {
        const r = await simulateOutage(
          { fault, sessionLeftMs, tenants: 10, requestsPerSecond: 50, seconds: 60 },
          sts,
          { ...config, stsRetry: { timeoutMs: 100 } },
          (tenantId) => token(tenantId),
        );
        outageRows.push([
          fault,
          `${sessionLeftMs / 1000} s`,
          String(r.requests),
          String(r.served),
          String(r.failedFast),
          String(r.assumeRoleCalls),
          String(r.bound),
          String(r.naive),
        ]);
      }
    }
    table(
      [
        "STS fault",
        "session left",
        "requests",
        "served",
        "503",
        "AssumeRole calls",
        "bound",
        "without backoff",
      ],
      outageRows,
    );

    // Sessions are per (tenant, user): each carries its user as SourceIdentity.
    console.log(
      "\nSTS calls for 10,000 requests over 100 tenants at concurrency 50 (target: one per tenant and user)",
    );
    const rows: string[][] = [];
    for (const users of [1, 5]) {
      const { calls, elapsed } = await stsUnderConcurrency(config, sts, users);
      rows.push([
        `100 x ${users}`,
        String(100 * users),
        String(calls),
        `${elapsed.toFixed(0)} ms`,
        (10_000 / (elapsed / 1000)).toFixed(0),
      ]);
    }
    table(["tenants x users", "target", "STS calls", "wall time", "requests/s"], rows);

    const { stsClient: _omit, ...plain } = config;
    const cold = await coldStart(
      JSON.stringify({ config: plain, token: token("acme"), workload: WORKLOAD_CREDENTIALS }),
    );
    const bundle = await bundleSizes();
    console.log(
      "\nCold start (fresh process: import, verify token, assume role, build DynamoDB client; median of 7) and bundle size (esbuild, minified)",
    );
    table(
      ["measure", "raw SDK", "runtime", "ratio", "overhead"],
      [
        [
          "cold start",
          `${cold.raw.toFixed(0)} ms`,
          `${cold.tenant.toFixed(0)} ms`,
          (cold.tenant / cold.raw).toFixed(3),
          pct(cold.tenant / cold.raw),
        ],
        [
          "bundle",
          `${(bundle.raw / 1024).toFixed(0)} KiB`,
          `${(bundle.tenant / 1024).toFixed(0)} KiB`,
          (bundle.tenant / bundle.raw).toFixed(3),
          pct(bundle.tenant / bundle.raw),
        ],
      ],
    );
  } finally {
    await s3.stop();
    await Promise.all([dynamodb.stop(), s3server.stop(), sts.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
