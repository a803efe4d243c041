/**
 * The single source of the naming rules that tie a tenant id to its AWS resources.
 * Infrastructure (`components/`), the policy pack and the runtime all import this module,
 * so a key prefix or role name can never drift between the code that grants access and the
 * code that uses it.
 */

/** Lower-case letters and digits in hyphen-separated groups: no `#`, `/`, `*`, `?`, no `--`. */
// Linear time despite the nested quantifier: every repetition must start with "-".
// eslint-disable-next-line security/detect-unsafe-regex
export const TENANT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Human-readable form of {@link TENANT_ID_PATTERN}, used in error messages. */
export const TENANT_ID_RULE =
  "lower-case letters and digits, optionally separated by single hyphens, starting and ending with a letter or digit";

/** Ids that would read as something other than a customer in ARNs, logs and key prefixes. */
export const RESERVED_TENANT_IDS: readonly string[] = [
  "admin",
  "all",
  "any",
  "aws",
  "default",
  "global",
  "internal",
  "none",
  "null",
  "platform",
  "public",
  "root",
  "shared",
  "system",
  "tenant",
  "tenants",
  "workload",
];

/** Session and resource tag key that carries the tenant id (principal tags, profile tags). */
export const TENANT_TAG_KEY = "tenantId";

/** Cognito user attribute that carries the tenant id in ID tokens. */
export const TENANT_ID_CLAIM = "custom:tenantId";

/** Name of the custom attribute in the user pool schema (Cognito adds the `custom:` prefix). */
export const TENANT_ID_ATTRIBUTE_NAME = "tenantId";

/** IAM path shared by every tenant role, so tenant roles can be matched as a family. */
export const TENANT_ROLE_PATH = "/tenants/";

/** IAM's hard limit on role names. */
export const MAX_ROLE_NAME_LENGTH = 64;

/** Delimiter between the tenant id and the record id in DynamoDB partition keys. */
export const KEY_DELIMITER = "#";

export function isValidTenantId(id: string): boolean {
  return TENANT_ID_PATTERN.test(id);
}

export function isReservedTenantId(id: string): boolean {
  return RESERVED_TENANT_IDS.includes(id);
}

/** `tenant-<id>`, prefixed with the stack's name prefix so two stacks can share an account. */
export function tenantRoleName(namePrefix: string, tenantId: string): string {
  return `${namePrefix}-tenant-${tenantId}`;
}

/** Longest tenant id whose role name still fits IAM's 64-character limit. */
export function maxTenantIdLength(namePrefix: string): number {
  return MAX_ROLE_NAME_LENGTH - tenantRoleName(namePrefix, "").length;
}

/** Longest tenant id any role name can hold (name prefix of one character): the bound without a prefix. */
export const MAX_TENANT_ID_LENGTH = maxTenantIdLength("x");

export interface TenantRoleArnParts {
  readonly partition?: string;
  readonly accountId: string;
  readonly namePrefix: string;
  readonly tenantId: string;
}

export function tenantRoleArn({
  partition = "aws",
  accountId,
  namePrefix,
  tenantId,
}: TenantRoleArnParts): string {
  return `arn:${partition}:iam::${accountId}:role${TENANT_ROLE_PATH}${tenantRoleName(namePrefix, tenantId)}`;
}

/** Cognito group whose membership the runtime requires alongside `custom:tenantId`. */
export function tenantGroupName(tenantId: string): string {
  return `tenant-${tenantId}`;
}

/** `<id>#`: the delimiter keeps `acme#` from matching `acme-eu#...`. */
export function tenantKeyPrefix(tenantId: string): string {
  return `${tenantId}${KEY_DELIMITER}`;
}

/** `tenants/<id>/`: the trailing slash keeps `tenants/acme/` from matching `tenants/acme-eu/`. */
export function tenantS3Prefix(tenantId: string): string {
  return `tenants/${tenantId}/`;
}

/** How a tenant gets its IAM role: its own (`dedicated`), or a shard shared by session tag (`pooled`). */
export type TenantIsolation = "dedicated" | "pooled";

/** Name segment of the pooled tier's shared roles, `<prefix>-pooled-<shard>`. */
export const POOLED_ROLE_SEGMENT = "pooled";

/** The shared role of pooled shard `shard` (on {@link TENANT_ROLE_PATH}, like tenant roles). */
export function pooledRoleName(namePrefix: string, shard: number): string {
  return `${namePrefix}-${POOLED_ROLE_SEGMENT}-${shard}`;
}

export interface PooledRoleArnParts {
  readonly partition?: string;
  readonly accountId: string;
  readonly namePrefix: string;
  readonly shard: number;
}

export function pooledRoleArn({
  partition = "aws",
  accountId,
  namePrefix,
  shard,
}: PooledRoleArnParts): string {
  return `arn:${partition}:iam::${accountId}:role${TENANT_ROLE_PATH}${pooledRoleName(namePrefix, shard)}`;
}

/**
 * The shard of a pooled tenant: FNV-1a (32 bit) of the id modulo the shard count. It depends on
 * the id and the count alone, so adding or removing other tenants never moves a tenant; changing
 * the count moves most of them (roles only, never data).
 */
export function pooledShardOf(tenantId: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i += 1) {
    hash ^= tenantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}
