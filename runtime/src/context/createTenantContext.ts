import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LRUCache } from "lru-cache";
import { TenantBedrock, type InferenceProfileMap } from "../clients/tenantBedrock";
import { TenantDynamoDb } from "../clients/tenantDynamoDb";
import { TenantS3 } from "../clients/tenantS3";
import { fromEnv, validateConfig, type TenantRuntimeConfig } from "../config";
import {
  MAX_CHAINED_SESSION_SECONDS,
  assumeTenantRole,
  type TenantCredentials,
} from "../credentials/assumeTenantRole";
import { TenantCredentialsCache } from "../credentials/credentialsCache";
import {
  bearerToken,
  createTenantTokenVerifier,
  type TenantIdentity,
} from "../identity/verifyTenantToken";
import { MAX_TENANT_ID_LENGTH, maxTenantIdLength, tenantRoleArn } from "../naming";
import { TenantAccessError } from "../errors";

/** What a handler works with: the verified caller and clients that cannot leave the tenant. */
export interface TenantContext {
  readonly tenantId: string;
  readonly identity: TenantIdentity;
  readonly dynamodb: TenantDynamoDb;
  readonly s3: TenantS3;
  readonly bedrock: TenantBedrock;
}

/** Long-lived state of one warm container: verifier, STS client, session and client caches. */
export interface TenantRuntime {
  /** Verifies the `Authorization: Bearer <id token>` value and returns the caller's context. */
  createTenantContext(authorization: string | undefined): Promise<TenantContext>;
  /** Forgets every cached session and client (tests, or after rotating configuration). */
  clearCaches(): void;
}

/**
 * Builds the runtime once per container. Sessions are cached per tenant *and* user (`sub`):
 * each STS session carries the user as SourceIdentity, so sharing one between users would make
 * CloudTrail name the wrong person.
 *
 * @example
 * ```ts
 * const runtime = createTenantRuntime(fromEnv());
 * export const handler = async (event) => {
 *   const ctx = await runtime.createTenantContext(event.headers.Authorization);
 *   return ctx.dynamodb.get({ Key: { pk: "profile", sk: ctx.identity.subject } });
 * };
 * ```
 */
export function createTenantRuntime(config: TenantRuntimeConfig): TenantRuntime {
  validateConfig(config);
  const verifier = createTenantTokenVerifier({
    ...config,
    // With a custom role function the prefix is unknown: only the absolute bound applies.
    maxTenantIdLength:
      typeof config.tenantRole === "function" || "roles" in config.tenantRole
        ? MAX_TENANT_ID_LENGTH
        : maxTenantIdLength(config.tenantRole.namePrefix),
  });
  const credentials = new TenantCredentialsCache(config.cache);
  const sessions = new LRUCache<string, TenantContext>({ max: config.cache?.maxEntries ?? 1000 });
  const shared = sharedClientSettings(config);
  const sessionSeconds = config.sessionDurationSeconds ?? MAX_CHAINED_SESSION_SECONDS;
  let sts: STSClient | undefined;
  const stsClient = (): STSClient =>
    (sts ??=
      config.stsClient ??
      new STSClient({ region: config.region, endpoint: config.endpoints?.sts, maxAttempts: 1 }));

  const roleArnFor = (tenantId: string): string => {
    const source = config.tenantRole;
    if (typeof source === "function") return source(tenantId);
    if (!("roles" in source)) return tenantRoleArn({ ...source, tenantId });
    // Own role or pooled shard role, as the stack placed the tenant; the tenantId session tag is
    // sent either way. An id the stack did not place is refused before STS is asked.
    const roleArn = Object.hasOwn(source.roles, tenantId) ? source.roles[tenantId] : undefined;
    if (roleArn === undefined) {
      throw new TenantAccessError(
        "ERR_TENANT_NOT_PLACED",
        `Tenant ${tenantId} has no role in this stack's tenantRoles`,
      );
    }
    return roleArn;
  };

  const profilesFor = (tenantId: string): InferenceProfileMap => {
    const source = config.inferenceProfiles;
    const profiles =
      typeof source === "function"
        ? source(tenantId)
        : source && Object.hasOwn(source, tenantId)
          ? source[tenantId]
          : undefined;
    return profiles ?? {};
  };

  const credentialsFor = (identity: TenantIdentity, roleArn: string): SessionCredentials => {
    const key = sessionKey(identity);
    const load = () =>
      assumeTenantRole(
        stsClient(),
        {
          roleArn,
          tenantId: identity.tenantId,
          sourceIdentity: identity.sourceIdentity,
          durationSeconds: sessionSeconds,
        },
        config.stsRetry,
      );
    return (minValidityMs) => credentials.get(key, load, minValidityMs);
  };

  return {
    async createTenantContext(authorization) {
      // Frozen, as are the contexts: handler code that merges a request body into the identity
      // (Object.assign) must not be able to change the tenant it or the clients speak for.
      const identity = Object.freeze(await verifier.verify(bearerToken(authorization)));
      const provider = credentialsFor(identity, roleArnFor(identity.tenantId));
      // Assume (or reuse) the session now, so STS failures surface here as a typed error.
      await provider();
      const key = sessionKey(identity);
      let context = sessions.get(key);
      if (context === undefined) {
        context = tenantContext(identity, provider, shared, config, {
          profiles: profilesFor(identity.tenantId),
          sessionSeconds,
        });
        sessions.set(key, context);
      }
      // The cached clients belong to the first token seen; hand out this request's identity.
      return context.identity === identity ? context : withIdentity(context, identity);
    },
    clearCaches() {
      credentials.clear();
      sessions.clear();
    },
  };
}

let defaultRuntime: TenantRuntime | undefined;

/**
 * Context for one request, using a runtime configured from the environment on first use.
 *
 * @example
 * ```ts
 * const ctx = await createTenantContext(event.headers.authorization);
 * await ctx.s3.put({ key: "hello.txt", body: "hi" });
 * ```
 */
export function createTenantContext(
  authorization: string | undefined,
  runtime?: TenantRuntime,
): Promise<TenantContext> {
  return (runtime ?? defaultTenantRuntime()).createTenantContext(authorization);
}

/**
 * The container-wide runtime built from {@link fromEnv} on first call.
 *
 * @example
 * ```ts
 * const runtime = defaultTenantRuntime();
 * ```
 */
export function defaultTenantRuntime(): TenantRuntime {
  return (defaultRuntime ??= createTenantRuntime(fromEnv()));
}

/**
 * Drops the environment-built runtime and its caches, so the next call re-reads the environment.
 *
 * @example
 * ```ts
 * afterEach(() => clearCaches());
 * ```
 */
export function clearCaches(): void {
  defaultRuntime?.clearCaches();
  defaultRuntime = undefined;
}

/** The session's credentials, valid for at least `minValidityMs` (default: the refresh margin). */
type SessionCredentials = (minValidityMs?: number) => Promise<TenantCredentials>;

/**
 * One session per tenant and user, keyed on the immutable `sub`: a username can be freed and
 * reused by another person. Tenant ids never contain a newline, so the key is unambiguous.
 */
function sessionKey(identity: TenantIdentity): string {
  return `${identity.tenantId}\n${identity.subject}`;
}

interface SharedClientSettings {
  readonly region: string;
  // One socket pool for every tenant's clients instead of one per client.
  readonly requestHandler: { readonly httpAgent: HttpAgent; readonly httpsAgent: HttpsAgent };
}

function sharedClientSettings(config: TenantRuntimeConfig): SharedClientSettings {
  return {
    region: config.region,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
    },
  };
}

/** Clients are built on first use: a handler that only touches S3 never loads a DynamoDB client. */
function tenantContext(
  identity: TenantIdentity,
  session: SessionCredentials,
  shared: SharedClientSettings,
  config: TenantRuntimeConfig,
  tenant: { readonly profiles: InferenceProfileMap; readonly sessionSeconds: number },
): TenantContext {
  // The SDK calls providers with arguments of its own: hand it one that takes none.
  const credentials = () => session();
  const base = { ...shared, credentials };
  const { tenantId } = identity;
  let dynamodb: TenantDynamoDb | undefined;
  let s3: TenantS3 | undefined;
  let bedrock: TenantBedrock | undefined;
  return Object.freeze({
    tenantId,
    identity,
    get dynamodb() {
      return (dynamodb ??= new TenantDynamoDb(
        DynamoDBDocumentClient.from(
          new DynamoDBClient({ ...base, endpoint: config.endpoints?.dynamodb }),
        ),
        config.tableName,
        tenantId,
        config.indexes,
      ));
    },
    get s3() {
      return (s3 ??= tenantS3(tenantId, session, shared, config, tenant.sessionSeconds));
    },
    get bedrock() {
      return (bedrock ??= new TenantBedrock(
        // Bedrock runtime speaks HTTP/2 (its own session pool), so no HTTP/1.1 agents here.
        new BedrockRuntimeClient({
          region: config.region,
          credentials,
          endpoint: config.endpoints?.bedrockRuntime,
        }),
        tenantId,
        tenant.profiles,
        config.bucketName,
      ));
    },
  });
}

function tenantS3(
  tenantId: string,
  session: SessionCredentials,
  shared: SharedClientSettings,
  config: TenantRuntimeConfig,
  sessionSeconds: number,
): TenantS3 {
  const settings = {
    ...shared,
    endpoint: config.endpoints?.s3,
    forcePathStyle: config.s3ForcePathStyle,
    // The default (WHEN_SUPPORTED) presigns the CRC32 of an empty body into PUT URLs, which S3
    // then rejects for any real upload. Responses need nothing: the default validation only
    // adds x-amz-checksum-mode to GETs, which asks S3 to return the stored checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
  } as const;
  // The S3 client memoizes credentials until 5 minutes before they expire, so a URL meant to
  // last longer is signed by a client bound to a session that does.
  let signer: { readonly accessKeyId: string; readonly client: S3Client } | undefined;
  const presignClient = async (minValidityMs: number): Promise<S3Client> => {
    const lasting = await session(minValidityMs);
    if (signer?.accessKeyId !== lasting.accessKeyId) {
      // Never destroyed: it sends nothing, and destroy() would close the shared agents.
      signer = {
        accessKeyId: lasting.accessKeyId,
        client: new S3Client({ ...settings, credentials: lasting }),
      };
    }
    return signer.client;
  };
  return new TenantS3(
    new S3Client({ ...settings, credentials: () => session() }),
    config.bucketName,
    tenantId,
    { presignClient, maxPresignSeconds: sessionSeconds },
  );
}

function withIdentity(context: TenantContext, identity: TenantIdentity): TenantContext {
  return Object.freeze({
    tenantId: context.tenantId,
    identity,
    get dynamodb() {
      return context.dynamodb;
    },
    get s3() {
      return context.s3;
    },
    get bedrock() {
      return context.bedrock;
    },
  });
}
