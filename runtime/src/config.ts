import { readFileSync } from "node:fs";
import type { STSClient } from "@aws-sdk/client-sts";
import type { Jwks } from "aws-jwt-verify/jwk";
import type { InferenceProfileMap } from "./clients/tenantBedrock";
import type { RetryOptions } from "./credentials/assumeTenantRole";
import type { TenantCredentialsCacheOptions } from "./credentials/credentialsCache";
import { ConfigError } from "./errors";
import { parseJwks } from "./identity/jwksCache";
import { indexProblems, parseIndexes, type TenantIndex } from "./indexes";
import { MAX_ROLE_NAME_LENGTH, maxTenantIdLength } from "./naming";

/**
 * How to find a tenant's role: the naming rule's inputs (every tenant dedicated), the stack's
 * `tenantRoles` output (tenant id -> its own role or its pooled shard's role; an id absent from
 * it is refused), or any function of the tenant id.
 */
export type TenantRoleSource =
  | { readonly accountId: string; readonly namePrefix: string; readonly partition?: string }
  | { readonly roles: Readonly<Record<string, string>> }
  | ((tenantId: string) => string);

/** Per tenant, foundation model id -> application inference profile ARN (the stack output). */
export type InferenceProfileSource =
  | Readonly<Record<string, InferenceProfileMap>>
  | ((tenantId: string) => InferenceProfileMap | undefined);

/** Service endpoints, for local emulators only; absent means the AWS default. */
export interface ServiceEndpoints {
  readonly sts?: string;
  readonly dynamodb?: string;
  readonly s3?: string;
  readonly bedrockRuntime?: string;
}

/** Everything the runtime needs; {@link fromEnv} builds it from a Lambda's environment. */
export interface TenantRuntimeConfig {
  readonly region: string;
  readonly userPoolId: string;
  /** App client id(s) the ID tokens may be issued to (web, mobile ...). */
  readonly clientId: string | readonly string[];
  readonly tableName: string;
  /** Secondary indexes whose partition key the runtime scopes like `pk`; others are refused. */
  readonly indexes?: readonly TenantIndex[];
  readonly bucketName: string;
  readonly tenantRole: TenantRoleSource;
  /** Tenants absent here may use no model. */
  readonly inferenceProfiles?: InferenceProfileSource;
  /** 900-3600 (role chaining caps sessions at one hour); default 3600. */
  readonly sessionDurationSeconds?: number;
  readonly cache?: TenantCredentialsCacheOptions;
  readonly stsRetry?: RetryOptions;
  /** Override the expected token issuer (emulators only). */
  readonly issuer?: string;
  /** How far in the future a token's `iat` may lie (default 30 s). */
  readonly clockSkewSeconds?: number;
  /** Preloaded signing keys (emulators, or to skip the first JWKS fetch). */
  readonly jwks?: Jwks;
  /** Where to fetch the signing keys (default `<issuer>/.well-known/jwks.json`; http allowed). */
  readonly jwksUri?: string;
  readonly endpoints?: ServiceEndpoints;
  /** Path-style S3 URLs (emulators). */
  readonly s3ForcePathStyle?: boolean;
  /** STS client to assume tenant roles with; its credentials are the workload role's. */
  readonly stsClient?: STSClient;
}

/** Longest session STS grants when one role assumes another (a Lambda assuming a tenant role). */
export const MAX_CHAINED_SESSION_SECONDS = 3600;

/** Names of the environment variables {@link fromEnv} reads. */
export const ENV = {
  region: "AWS_REGION",
  userPoolId: "TENANCY_USER_POOL_ID",
  clientId: "TENANCY_CLIENT_ID",
  tableName: "TENANCY_TABLE_NAME",
  indexes: "TENANCY_INDEXES",
  bucketName: "TENANCY_BUCKET_NAME",
  accountId: "TENANCY_ACCOUNT_ID",
  namePrefix: "TENANCY_NAME_PREFIX",
  partition: "TENANCY_PARTITION",
  inferenceProfiles: "TENANCY_INFERENCE_PROFILES",
  inferenceProfilesFile: "TENANCY_INFERENCE_PROFILES_FILE",
  tenantRoles: "TENANCY_TENANT_ROLES",
  tenantRolesFile: "TENANCY_TENANT_ROLES_FILE",
  sessionDurationSeconds: "TENANCY_SESSION_DURATION_SECONDS",
  maxCachedSessions: "TENANCY_MAX_CACHED_SESSIONS",
  issuer: "TENANCY_ISSUER",
  jwksFile: "TENANCY_JWKS_FILE",
  jwksUrl: "TENANCY_JWKS_URL",
  stsEndpoint: "TENANCY_STS_ENDPOINT",
  dynamodbEndpoint: "TENANCY_DYNAMODB_ENDPOINT",
  s3Endpoint: "TENANCY_S3_ENDPOINT",
  bedrockRuntimeEndpoint: "TENANCY_BEDROCK_RUNTIME_ENDPOINT",
  s3ForcePathStyle: "TENANCY_S3_FORCE_PATH_STYLE",
} as const;

const REQUIRED = [
  "region",
  "userPoolId",
  "clientId",
  "tableName",
  "bucketName",
  "accountId",
  "namePrefix",
] as const;

/**
 * Reads the runtime configuration from environment variables (see {@link ENV}); reports every
 * missing or invalid variable in one {@link ConfigError}.
 *
 * @example
 * ```ts
 * const runtime = createTenantRuntime(fromEnv());
 * ```
 */
export function fromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TenantRuntimeConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const missing = REQUIRED.filter((key) => value(ENV[key]) === undefined).map((key) => ENV[key]);
  if (missing.length > 0) problems.push(`missing ${missing.join(", ")}`);

  const inferenceProfiles = readJsonTable(
    INFERENCE_PROFILES_SOURCE,
    value(ENV.inferenceProfiles),
    value(ENV.inferenceProfilesFile),
    problems,
  );
  const tenantRoles = readJsonTable(
    TENANT_ROLES_SOURCE,
    value(ENV.tenantRoles),
    value(ENV.tenantRolesFile),
    problems,
  );
  const sessionDurationSeconds = readInteger(
    ENV.sessionDurationSeconds,
    value(ENV.sessionDurationSeconds),
    problems,
  );
  const maxEntries = readInteger(ENV.maxCachedSessions, value(ENV.maxCachedSessions), problems);
  const indexes = readIndexes(value(ENV.indexes), problems);
  const jwksFile = value(ENV.jwksFile);
  const jwksUri = value(ENV.jwksUrl);
  if (jwksFile !== undefined && jwksUri !== undefined)
    problems.push(`set only one of ${ENV.jwksFile} and ${ENV.jwksUrl}`);
  const jwks = jwksFile === undefined ? undefined : readJwks(jwksFile, problems);
  if (problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join("; ")}`);

  const required = (key: (typeof REQUIRED)[number]): string => value(ENV[key]) as string;
  const config: TenantRuntimeConfig = {
    region: required("region"),
    userPoolId: required("userPoolId"),
    clientId: clientIds(required("clientId")),
    tableName: required("tableName"),
    indexes,
    bucketName: required("bucketName"),
    tenantRole:
      tenantRoles === undefined
        ? {
            accountId: required("accountId"),
            namePrefix: required("namePrefix"),
            partition: value(ENV.partition),
          }
        : { roles: tenantRoles },
    inferenceProfiles,
    sessionDurationSeconds,
    cache: maxEntries === undefined ? undefined : { maxEntries },
    issuer: value(ENV.issuer),
    jwks,
    jwksUri,
    endpoints: {
      sts: value(ENV.stsEndpoint),
      dynamodb: value(ENV.dynamodbEndpoint),
      s3: value(ENV.s3Endpoint),
      bedrockRuntime: value(ENV.bedrockRuntimeEndpoint),
    },
    s3ForcePathStyle: value(ENV.s3ForcePathStyle) === "true",
  };
  validateConfig(config);
  return config;
}

/**
 * Checks an explicit configuration; {@link createTenantRuntime} calls it.
 *
 * @example
 * ```ts
 * validateConfig({ ...config, sessionDurationSeconds: 7200 }); // throws ERR_CONFIG_INVALID
 * ```
 */
export function validateConfig(config: TenantRuntimeConfig): void {
  const problems: string[] = [];
  for (const key of ["region", "userPoolId", "tableName", "bucketName"] as const) {
    if (typeof config[key] !== "string" || config[key] === "")
      problems.push(`${key} must be a non-empty string`);
  }
  const ids = typeof config.clientId === "string" ? [config.clientId] : config.clientId;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.some((id) => typeof id !== "string" || id === "")
  )
    problems.push("clientId must be a non-empty string or a non-empty list of them");
  if (config.indexes !== undefined) {
    if (Array.isArray(config.indexes))
      problems.push(...indexProblems(config.indexes).map((problem) => `indexes: ${problem}`));
    else problems.push("indexes must be a list of { name, partitionKey, sortKey? }");
  }
  const role = config.tenantRole;
  if (typeof role !== "function" && "roles" in role) {
    const isArnTable =
      typeof role.roles === "object" &&
      role.roles !== null &&
      Object.values(role.roles).every((arn) => typeof arn === "string" && arn.startsWith("arn:"));
    if (!isArnTable) problems.push("tenantRole.roles must map tenant ids to role ARNs");
  } else if (typeof role !== "function" && maxTenantIdLength(role.namePrefix) < 1) {
    problems.push(
      `tenantRole.namePrefix leaves no room for a tenant id in a ${MAX_ROLE_NAME_LENGTH}-character role name`,
    );
  }
  const duration = config.sessionDurationSeconds;
  if (
    duration !== undefined &&
    (!Number.isInteger(duration) || duration < 900 || duration > MAX_CHAINED_SESSION_SECONDS)
  ) {
    problems.push(
      "sessionDurationSeconds must be an integer from 900 to 3600 (role chaining allows at most one hour)",
    );
  }
  const skew = config.clockSkewSeconds;
  if (skew !== undefined && !(Number.isInteger(skew) && skew >= 0))
    problems.push("clockSkewSeconds must be a non-negative integer");
  const cache = config.cache ?? {};
  problems.push(...cacheOptionProblems(cache).map((problem) => `cache.${problem}`));
  // A margin as long as the session makes every session stale at birth: one STS call per request.
  const sessionMs = (duration ?? MAX_CHAINED_SESSION_SECONDS) * 1000;
  if (cache.refreshBeforeExpiryMs !== undefined && cache.refreshBeforeExpiryMs >= sessionMs) {
    problems.push(
      `cache.refreshBeforeExpiryMs must be less than the session duration (${sessionMs} ms)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}

/**
 * What is wrong with cache options, one phrase per problem (none: usable). Whether the refresh
 * margin fits the session is checked by {@link validateConfig}, which knows the session.
 */
export function cacheOptionProblems(options: TenantCredentialsCacheOptions): string[] {
  const problems: string[] = [];
  const { maxEntries, refreshBeforeExpiryMs, failureTtlMs, retryBackoffMs, maxRetryBackoffMs } =
    options;
  if (maxEntries !== undefined && !(Number.isInteger(maxEntries) && maxEntries > 0))
    problems.push("maxEntries must be a positive integer");
  const durations = { refreshBeforeExpiryMs, failureTtlMs, retryBackoffMs, maxRetryBackoffMs };
  for (const [name, value] of Object.entries(durations)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      problems.push(`${name} must be a non-negative integer`);
  }
  return problems;
}

/** `TENANCY_CLIENT_ID` may list several app clients, separated by commas. */
function clientIds(raw: string): string | string[] {
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  return ids.length === 1 ? (ids[0] as string) : ids;
}

function readInteger(
  name: string,
  raw: string | undefined,
  problems: string[],
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) problems.push(`${name} must be an integer`);
  return n;
}

/** Where a JSON table comes from: an environment variable, or (past Lambda's 4 KB) a file. */
interface TableSource<T> {
  readonly inlineVariable: string;
  readonly fileVariable: string;
  readonly isValid: (value: unknown) => value is T;
  /** The expected form, for the error message. */
  readonly shape: string;
}

function readJsonTable<T>(
  source: TableSource<T>,
  inline: string | undefined,
  file: string | undefined,
  problems: string[],
): T | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push(`set only one of ${source.inlineVariable} and ${source.fileVariable}`);
    return undefined;
  }
  const [variable, text] =
    file !== undefined
      ? [source.fileVariable, readText(file, problems, source.fileVariable)]
      : [source.inlineVariable, inline];
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${variable} is not valid JSON`);
    return undefined;
  }
  if (!source.isValid(parsed)) {
    problems.push(`${variable} must be a JSON object: ${source.shape}`);
    return undefined;
  }
  return parsed;
}

const INFERENCE_PROFILES_SOURCE: TableSource<Record<string, InferenceProfileMap>> = {
  inlineVariable: ENV.inferenceProfiles,
  fileVariable: ENV.inferenceProfilesFile,
  isValid: isProfileTable,
  shape: '{ "<tenantId>": { "<modelId>": "<profile ARN>" } }',
};

/** The stack output `tenantRoles`. */
const TENANT_ROLES_SOURCE: TableSource<Record<string, string>> = {
  inlineVariable: ENV.tenantRoles,
  fileVariable: ENV.tenantRolesFile,
  isValid: (value): value is Record<string, string> =>
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((arn) => typeof arn === "string" && arn.startsWith("arn:")),
  shape: '{ "<tenantId>": "<role ARN>" }',
};

function readIndexes(text: string | undefined, problems: string[]): TenantIndex[] | undefined {
  if (text === undefined) return undefined;
  const found: string[] = [];
  const indexes = parseIndexes(text, found);
  problems.push(...found.map((problem) => `${ENV.indexes}: ${problem}`));
  return indexes;
}

function readJwks(path: string, problems: string[]): Jwks | undefined {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch {
    problems.push(`${ENV.jwksFile} names a file that cannot be read: ${path}`);
    return undefined;
  }
  try {
    return parseJwks(text, `${ENV.jwksFile} ${path}`);
  } catch (err) {
    problems.push((err as Error).message);
    return undefined;
  }
}

function readText(path: string, problems: string[], variable: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    problems.push(`${variable} names a file that cannot be read: ${path}`);
    return undefined;
  }
}

function isProfileTable(value: unknown): value is Record<string, InferenceProfileMap> {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  return (
    isObject(value) &&
    Object.values(value).every(
      (m) => isObject(m) && Object.values(m).every((arn) => typeof arn === "string"),
    )
  );
}
