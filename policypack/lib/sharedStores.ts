import { TENANT_ROLE_PATH } from "./naming";
import {
  ANY_CHARACTER,
  type GlobToken,
  globsOverlap,
  iamPattern,
  literal,
  run,
  someOf,
} from "./globOverlap";
import { PackSettings } from "./settings";

// Whether a Resource pattern can reach one of the shared stores: whether some ARN of the store
// matches the pattern. A setting that is not known stands for any value of its ARN part, so an
// unconfigured pack treats every table, bucket and account as the shared one: missing settings
// make the pack stricter, never blind.

/** An ARN part: partitions, regions and accounts hold no colon. */
const PART = ":";
/** A table, bucket or role name: no colon, no slash. */
const NAME = ":/";
const ANY_RUN = run(ANY_CHARACTER);

function known(setting: string | undefined, except: string): GlobToken[] {
  return setting === undefined ? someOf(except) : literal(setting);
}

function reaches(pattern: string, store: readonly GlobToken[]): boolean {
  return globsOverlap(iamPattern(pattern), store);
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` with the stack's partition. */
function arn(
  settings: PackSettings,
  service: string,
  region: readonly GlobToken[],
  account: readonly GlobToken[],
  resource: readonly GlobToken[],
): GlobToken[] {
  return [
    ...literal("arn:"),
    ...known(settings.partition, PART),
    ...literal(`:${service}:`),
    ...region,
    ...literal(":"),
    ...account,
    ...literal(":"),
    ...resource,
  ];
}

function sharedTable(settings: PackSettings): GlobToken[] {
  return arn(settings, "dynamodb", known(settings.region, PART), known(settings.accountId, PART), [
    ...literal("table/"),
    ...known(settings.tableName, NAME),
  ]);
}

function sharedBucket(settings: PackSettings): GlobToken[] {
  return arn(settings, "s3", [], [], known(settings.bucketName, NAME));
}

/** The table itself or anything under it: its indexes, streams, exports and backups. */
export function reachesTable(settings: PackSettings, pattern: string): boolean {
  const table = sharedTable(settings);
  return reaches(pattern, table) || reaches(pattern, [...table, ...literal("/"), ANY_RUN]);
}

/** The bucket ARN itself: what ListBucket and bucket-control actions act on. */
export function reachesBucket(settings: PackSettings, pattern: string): boolean {
  return reaches(pattern, sharedBucket(settings));
}

/** Any object in the bucket. */
export function reachesObjects(settings: PackSettings, pattern: string): boolean {
  return reaches(pattern, [...sharedBucket(settings), ...literal("/"), ANY_RUN]);
}

/**
 * An S3 access point or its objects. An access point ARN does not say which bucket it fronts, so
 * every access point that can front the bucket counts as a way into it: one in the bucket's region
 * or a multi-region one (no region), owned by any account (cross-account access points).
 */
export function reachesAccessPoints(settings: PackSettings, pattern: string): boolean {
  const accessPoints = (region: readonly GlobToken[]) =>
    arn(settings, "s3", region, someOf(PART), [...literal("accesspoint/"), ANY_RUN]);
  return (
    reaches(pattern, accessPoints(known(settings.region, PART))) ||
    reaches(pattern, accessPoints([]))
  );
}

/** One of the tenants' application inference profiles, which the stack creates beside its table. */
export function reachesInferenceProfiles(settings: PackSettings, pattern: string): boolean {
  return reaches(
    pattern,
    arn(settings, "bedrock", known(settings.region, PART), known(settings.accountId, PART), [
      ...literal("application-inference-profile/"),
      ANY_RUN,
    ]),
  );
}

/**
 * A Resource pattern that can name a role on the tenant path (`role/tenants/`): a tenant's own
 * role (`<prefix>-tenant-<id>`) or a pooled shard role (`<prefix>-pooled-<n>`), in the stack's
 * account or, named outright, in any.
 */
export function reachesTenantRoles(settings: PackSettings, pattern: string): boolean {
  const role = arn(settings, "iam", [], known(settings.accountId, PART), [
    ...literal(`role${TENANT_ROLE_PATH}`),
    ...someOf(NAME),
  ]);
  return reaches(pattern, role) || pattern.includes(`:role${TENANT_ROLE_PATH}`);
}
