// Runtime benchmark: tenant clients vs raw SDK clients on the same loopback emulators, STS calls
// under concurrency, cold start in fresh processes, and bundle size. Ratios are against a
// baseline measured in this same run. Bounded loops, loopback only.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { build } from "esbuild";
import {
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
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (ratio: number): string => `${((ratio - 1) * 100).toFixed(1)}%`;

async function perOperation(
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
  const ops: Record<string, { raw: () => Promise<unknown>; tenant: () => Promise<unknown> }> = {
    "DynamoDB put": {
      raw: () =>
        raw.ddb.send(new PutCommand({ TableName: TABLE, Item: { pk: "acme#k", sk: "s", v: 1 } })),
      tenant: () => ctx.dynamodb.put({ Item: { pk: "k", sk: "s", v: 1 } }),
    },
    "DynamoDB get": {
      raw: () => raw.ddb.send(new GetCommand({ TableName: TABLE, Key: { pk: "acme#k", sk: "s" } })),
      tenant: () => ctx.dynamodb.get({ Key: { pk: "k", sk: "s" } }),
    },
    "S3 put": {
      raw: () =>
        raw.s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/k.txt", Body: "hello" }),
        ),
      tenant: () => ctx.s3.put({ key: "k.txt", body: "hello" }),
    },
    "S3 get": {
      raw: async () =>
        (
          await raw.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "tenants/acme/k.txt" }))
        ).Body?.transformToString(),
      tenant: async () => (await ctx.s3.get({ key: "k.txt" })).Body?.transformToString(),
    },
  };
  const rows: string[][] = [];
  for (const [name, op] of Object.entries(ops)) {
    const times = { raw: [] as number[], tenant: [] as number[] };
    for (let i = 0; i < 30; i += 1) await Promise.all([op.raw(), op.tenant()]); // warm-up
    // Alternate blocks so emulator drift affects both sides alike.
    for (let block = 0; block < 20; block += 1) {
      for (const side of block % 2 ? (["tenant", "raw"] as const) : (["raw", "tenant"] as const)) {
        for (let i = 0; i < 15; i += 1) {
          const t0 = performance.now();
          await op[side]();
          times[side].push(performance.now() - t0);
        }
      }
    }
    const r = median(times.raw);
    const t = median(times.tenant);
    rows.push([
      name,
      `${(r * 1000).toFixed(0)} µs`,
      `${(t * 1000).toFixed(0)} µs`,
      (t / r).toFixed(3),
      pct(t / r),
    ]);
  }
  raw.ddb.destroy();
  raw.s3.destroy();
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

    console.log(
      "\nPer-operation latency, median of 150 sequential calls each (target: tenant within 5% of raw)",
    );
    table(
      ["operation", "raw SDK", "tenant client", "ratio", "overhead"],
      await perOperation(config, { dynamodb: dynamodb.endpoint, s3: s3.endpoint }),
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
