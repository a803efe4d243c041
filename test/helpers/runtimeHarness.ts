// Everything the runtime talks to, on loopback: cognito-local (two pools), a recording STS,
// dynalite and s3rver behind recording proxies, and a recording Bedrock runtime.
import { STSClient } from "@aws-sdk/client-sts";
import type { TenantRuntimeConfig } from "@tenancy/runtime";
import { bedrockAllowed } from "../fixtures/runtimeTenants";
import { startBedrockEndpoint, type BedrockEndpoint } from "./bedrockEndpoint";
import {
  ADMIN_CREDENTIALS,
  REGION,
  startCognito,
  startDynamoDb,
  startRecordingProxy,
  startS3,
  type CognitoLocal,
  type Emulator,
  type RecordingProxy,
} from "./emulators";
import {
  createClient,
  createPool,
  createUser,
  signIn,
  type PoolFixture,
  type SignedIn,
} from "./runtimeCognito";
import { startStsEndpoint, type StsEndpoint } from "./stsEndpoint";

export const TABLE = "tenancy-data";
export const BUCKET = "tenancy-data";
export const ACCOUNT_ID = "123456789012";
export const NAME_PREFIX = "dev";
/** Secondary indexes of the emulated table; the runtime's default configuration declares them. */
export const INDEXES = [
  { name: "byOwner", partitionKey: "ownerKey" },
  { name: "byStatus", partitionKey: "statusKey", sortKey: "createdAt" },
] as const;
/** The Lambda's own (workload role) credentials: must sign STS calls and nothing else. */
export const WORKLOAD_CREDENTIALS = {
  accessKeyId: "AKIAWORKLOAD",
  secretAccessKey: "workload-secret",
};

/** Users by role in the tests. */
export const USERS = {
  alice: { email: "alice@acme.test", tenantId: "acme", groups: ["tenant-acme"] },
  carol: { email: "carol@acme.test", tenantId: "acme", groups: ["tenant-acme"] },
  bob: { email: "bob@globex.test", tenantId: "globex", groups: ["tenant-globex"] },
  noTenant: { email: "nobody@acme.test", groups: ["tenant-acme"] },
  wrongGroup: { email: "mallory@acme.test", tenantId: "acme", groups: ["tenant-globex"] },
  badTenantId: { email: "odd@acme.test", tenantId: "Acme_1", groups: ["tenant-Acme_1"] },
  reservedTenantId: { email: "root@acme.test", tenantId: "admin", groups: ["tenant-admin"] },
} as const;
export type UserName = keyof typeof USERS;

export interface Harness {
  readonly cognito: CognitoLocal;
  readonly pool: PoolFixture;
  readonly otherPool: PoolFixture;
  /** Second app client of the main pool. */
  readonly otherClientId: string;
  readonly tokens: Record<UserName, SignedIn>;
  /** Alice signed in to the other pool and through the other client. */
  readonly otherPoolToken: SignedIn;
  readonly otherClientToken: SignedIn;
  readonly sts: StsEndpoint;
  readonly bedrock: BedrockEndpoint;
  readonly dynamodb: Emulator;
  readonly dynamodbProxy: RecordingProxy;
  readonly s3: Emulator;
  readonly s3Proxy: RecordingProxy;
  /** Runtime configuration pointing at all of the above. */
  config(overrides?: Partial<TenantRuntimeConfig>): TenantRuntimeConfig;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [cognito, sts, bedrock, dynamodb, s3] = await Promise.all([
    startCognito(),
    startStsEndpoint(),
    startBedrockEndpoint(),
    startDynamoDb(TABLE, INDEXES),
    startS3(BUCKET),
  ]);
  const [dynamodbProxy, s3Proxy] = await Promise.all([
    startRecordingProxy(dynamodb.endpoint),
    startRecordingProxy(s3.endpoint, ADMIN_CREDENTIALS.accessKeyId),
  ]);
  const pool = await createPool(cognito, "main");
  const otherPool = await createPool(cognito, "other");
  const otherClientId = await createClient(cognito, pool.poolId, "other-app");
  const tokens = {} as Record<UserName, SignedIn>;
  for (const [name, user] of Object.entries(USERS) as [UserName, (typeof USERS)[UserName]][]) {
    await createUser(cognito, pool.poolId, user);
    tokens[name] = await signIn(cognito, pool.clientId, user.email);
  }
  await createUser(cognito, otherPool.poolId, USERS.alice);
  const otherPoolToken = await signIn(cognito, otherPool.clientId, USERS.alice.email);
  const otherClientToken = await signIn(cognito, otherClientId, USERS.alice.email);

  return {
    cognito,
    pool,
    otherPool,
    otherClientId,
    tokens,
    otherPoolToken,
    otherClientToken,
    sts,
    bedrock,
    dynamodb,
    dynamodbProxy,
    s3,
    s3Proxy,
    config: (overrides = {}) => ({
      region: REGION,
      userPoolId: pool.poolId,
      clientId: pool.clientId,
      tableName: TABLE,
      indexes: INDEXES,
      bucketName: BUCKET,
      tenantRole: { accountId: ACCOUNT_ID, namePrefix: NAME_PREFIX },
      inferenceProfiles: bedrockAllowed,
      issuer: pool.issuer,
      jwks: pool.jwks,
      endpoints: {
        sts: sts.endpoint,
        dynamodb: dynamodbProxy.endpoint,
        s3: s3Proxy.endpoint,
        bedrockRuntime: bedrock.endpoint,
      },
      s3ForcePathStyle: true,
      stsClient: new STSClient({
        region: REGION,
        endpoint: sts.endpoint,
        credentials: WORKLOAD_CREDENTIALS,
        maxAttempts: 1,
      }),
      stsRetry: { sleep: () => Promise.resolve() },
      ...overrides,
    }),
    async stop() {
      await Promise.all([dynamodbProxy.stop(), s3Proxy.stop()]);
      await Promise.all([cognito.stop(), sts.stop(), bedrock.stop(), dynamodb.stop(), s3.stop()]);
    },
  };
}

/** `Authorization` header value for a token. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}
