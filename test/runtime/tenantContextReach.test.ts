import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { createTenantRuntime, type TenantContext } from "@tenancy/runtime";
import { REGION } from "../helpers/emulators";
import { WORKLOAD_CREDENTIALS } from "../helpers/runtimeHarness";
import { localPool } from "../helpers/runtimeJwt";
import { startStsEndpoint, type StsEndpoint } from "../helpers/stsEndpoint";

const SDK_CLIENTS = [
  S3Client,
  DynamoDBClient,
  DynamoDBDocumentClient,
  BedrockRuntimeClient,
  STSClient,
] as const;

/**
 * Every value reachable from `root` through property reads (own and inherited, getters
 * included), with the path that reaches it. `#private` fields are invisible to reflection.
 */
function reachable(root: object): Map<unknown, string> {
  const seen = new Map<unknown, string>([[root, "tenant"]]);
  const queue: [object, string][] = [[root, "tenant"]];
  const stop = new Set<unknown>([Object.prototype, Function.prototype, null]);
  while (queue.length > 0) {
    const [value, path] = queue.shift() as [object, string];
    const keys = new Set<PropertyKey>();
    for (let o: object | null = value; !stop.has(o); o = Object.getPrototypeOf(o) as object) {
      for (const key of Reflect.ownKeys(o as object)) keys.add(key);
    }
    for (const key of keys) {
      let child: unknown;
      try {
        child = Reflect.get(value, key);
      } catch {
        continue;
      }
      if (seen.has(child)) continue;
      const childPath = `${path}.${String(key)}`;
      seen.set(child, childPath);
      if ((typeof child === "object" && child !== null) || typeof child === "function") {
        queue.push([child, childPath]);
      }
    }
  }
  return seen;
}

describe("what a tenant context reaches", () => {
  const pool = localPool();
  let sts: StsEndpoint;
  let contexts: TenantContext[];

  before(async () => {
    sts = await startStsEndpoint();
    const runtime = createTenantRuntime({
      region: REGION,
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      issuer: pool.issuer,
      jwks: pool.jwks,
      tableName: "table",
      bucketName: "bucket",
      tenantRole: { accountId: "123456789012", namePrefix: "dev" },
      inferenceProfiles: { acme: { "amazon.nova-lite-v1:0": "arn:profile" } },
      stsClient: new STSClient({
        region: REGION,
        endpoint: sts.endpoint,
        credentials: WORKLOAD_CREDENTIALS,
        maxAttempts: 1,
      }),
    });
    const first = await runtime.createTenantContext(`Bearer ${pool.token()}`);
    // A second token of the same session gets the cached clients under its own identity.
    const second = await runtime.createTenantContext(`Bearer ${pool.token({ jti: "2" })}`);
    contexts = [first, second];
  });
  after(() => sts.stop());

  it("reaches no SDK client and no credentials through any property path", () => {
    const secrets = new Set(["secret1", "token1", WORKLOAD_CREDENTIALS.secretAccessKey]);
    const found: string[] = [];
    for (const context of contexts) {
      for (const [value, path] of reachable(context)) {
        if (SDK_CLIENTS.some((client) => value instanceof client)) found.push(`${path} (client)`);
        if (typeof value === "string" && secrets.has(value)) found.push(`${path} (secret)`);
      }
    }

    expect(sts.calls).to.have.length(1);
    expect(found).to.deep.equal([]);
    // The walk is not vacuous: it goes through the clients' methods.
    expect([...reachable(contexts[0] as TenantContext).values()]).to.include.members([
      "tenant.dynamodb.get",
      "tenant.s3.presignGet",
      "tenant.bedrock.allowedModels",
    ]);
  });
});
