// Local emulators for the runtime tests and benchmark, each started on 127.0.0.1 with a port
// chosen by the OS and stopped by the caller. No AWS, no internet.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { readBody, signingAccessKey } from "./runtimeSigV4";

export interface Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Credentials the tests use for direct (non-tenant) access to the emulators. */
export const ADMIN_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const REGION = "us-east-1";

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A global secondary index of the emulated table (every attribute projected). */
export interface EmulatedIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

/**
 * dynalite with the shared table (`pk`/`sk` strings) and the given global secondary indexes
 * (string keys), waiting until it is ACTIVE.
 */
export async function startDynamoDb(
  tableName: string,
  indexes: readonly EmulatedIndex[] = [],
): Promise<Emulator> {
  const dynalite = require("dynalite") as (options: { createTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0 });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({ region: REGION, endpoint, credentials: ADMIN_CREDENTIALS });
  const attributes = new Set(["pk", "sk"]);
  for (const index of indexes) {
    attributes.add(index.partitionKey);
    if (index.sortKey !== undefined) attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [...attributes].map((name) => ({
        AttributeName: name,
        AttributeType: "S",
      })),
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      ...(indexes.length === 0
        ? {}
        : {
            GlobalSecondaryIndexes: indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: "HASH" as const },
                ...(index.sortKey === undefined
                  ? []
                  : [{ AttributeName: index.sortKey, KeyType: "RANGE" as const }]),
              ],
              Projection: { ProjectionType: "ALL" as const },
            })),
          }),
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  client.destroy();
  return { endpoint, stop: () => close(server) };
}

// s3rver builds list continuation tokens with DES, which Node's OpenSSL 3 only offers through
// the legacy provider: it runs in a child process started with that flag.
const S3RVER_CHILD = `
const S3rver = require(process.env.S3RVER_PATH);
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3RVER_DIR, allowMismatchedSignatures: true })
  .run().then((address) => console.log(JSON.stringify({ port: address.port })));
`;

/** s3rver with one bucket, its data in a fresh temp directory removed on stop. */
export async function startS3(bucketName: string): Promise<Emulator> {
  const directory = mkdtempSync(join(tmpdir(), "runtime-s3rver-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", S3RVER_CHILD], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, S3RVER_PATH: require.resolve("s3rver"), S3RVER_DIR: directory },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /\{"port":(\d+)\}/.exec(output);
      if (line) resolve(Number(line[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: REGION,
    endpoint,
    forcePathStyle: true,
    credentials: ADMIN_CREDENTIALS,
  });
  await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      await stopChild(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  // Gone already: exited, or killed by a signal (a terminal's Ctrl-C reaches it too).
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  return exited;
}

export interface RecordedRequest {
  readonly method: string | undefined;
  /** Path and query as sent. */
  readonly url: string;
  readonly signer: string | undefined;
  /** `X-Amz-Target` of JSON-protocol calls, e.g. `DynamoDB_20120810.TransactWriteItems`. */
  readonly target: string | undefined;
  readonly body: string;
}

/** A canned answer, for operations an emulator does not implement. */
export interface ProxyAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RecordingProxy extends Emulator {
  /** Access key id of every request forwarded, in order. */
  readonly signers: (string | undefined)[];
  readonly requests: RecordedRequest[];
  /** When set and returning an answer, the request is answered here instead of forwarded. */
  answer: ((request: RecordedRequest) => ProxyAnswer | undefined) | undefined;
}

/**
 * Forwards requests to `target`, recording which access key signed each. s3rver only knows
 * its own key, so (since it does not check SigV4 signatures) the proxy swaps the key id in
 * after recording it; the recorded value is what the client really signed with.
 */
export async function startRecordingProxy(
  target: string,
  rewriteAccessKeyTo?: string,
): Promise<RecordingProxy> {
  const signers: (string | undefined)[] = [];
  const requests: RecordedRequest[] = [];
  const upstream = new URL(target);
  const server = createServer(async (req, res) => {
    const signer = signingAccessKey(req);
    const body = await readBody(req);
    signers.push(signer);
    const amzTarget = req.headers["x-amz-target"];
    const recorded: RecordedRequest = {
      method: req.method,
      url: req.url ?? "/",
      signer,
      target: typeof amzTarget === "string" ? amzTarget : undefined,
      body: body.toString("utf8"),
    };
    requests.push(recorded);
    const canned = proxy.answer?.(recorded);
    if (canned !== undefined) {
      res.writeHead(canned.status, canned.headers);
      res.end(canned.body);
      return;
    }
    let path = req.url ?? "/";
    const headers = { ...req.headers, host: upstream.host };
    if (rewriteAccessKeyTo !== undefined && signer !== undefined) {
      if (headers.authorization)
        headers.authorization = headers.authorization.replace(
          `Credential=${signer}/`,
          `Credential=${rewriteAccessKeyTo}/`,
        );
      path = path.replace(`X-Amz-Credential=${signer}`, `X-Amz-Credential=${rewriteAccessKeyTo}`);
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    forward.end(body);
  });
  const endpoint = await listen(server);
  const proxy: RecordingProxy = {
    endpoint,
    signers,
    requests,
    answer: undefined,
    stop: () => close(server),
  };
  return proxy;
}

export interface CognitoLocal extends Emulator {
  /** `iss` of tokens from a pool is `${issuerDomain}/${poolId}`. */
  readonly issuerDomain: string;
  call<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T>;
}

const COGNITO_ISSUER_DOMAIN = "http://cognito-local.test";

/**
 * cognito-local as a child process: it reads its config from `./.cognito` of its working
 * directory, so it runs in a temp directory. The issuer domain is fixed (the verifier is told
 * it) so the port can be chosen by the OS.
 */
export async function startCognito(): Promise<CognitoLocal> {
  const directory = mkdtempSync(join(tmpdir(), "runtime-cognito-"));
  mkdirSync(join(directory, ".cognito"));
  writeFileSync(
    join(directory, ".cognito", "config.json"),
    JSON.stringify({
      ServerConfig: { port: 0, hostname: "127.0.0.1" },
      TokenConfig: { IssuerDomain: COGNITO_ISSUER_DOMAIN },
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve("cognito-local/lib/bin/start.js")],
    {
      cwd: directory,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DEBUG: "" },
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`cognito-local did not start: ${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`cognito-local exited with ${code}: ${output}`)));
  });
  return {
    endpoint,
    issuerDomain: COGNITO_ISSUER_DOMAIN,
    async call<T>(operation: string, body: unknown): Promise<T> {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`cognito-local ${operation} failed: ${JSON.stringify(json)}`);
      return json;
    },
    stop: async () => {
      await stopChild(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
