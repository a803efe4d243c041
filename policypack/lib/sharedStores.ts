import { TENANT_ROLE_PATH, tenantRoleName } from "./naming";
import { globMatches } from "./glob";
import { PackSettings } from "./settings";

// Whether a Resource pattern can reach one of the shared stores. A setting that is not known
// is filled from the pattern itself, so an unconfigured pack treats every table, bucket and
// account as the shared one: missing settings make the pack stricter, never blind.

interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function partsOf(pattern: string): ArnParts {
  const [, partition = "aws", service = "", region = "", account = "", ...rest] =
    pattern.split(":");
  return { partition, service, region, account, resource: rest.join(":") };
}

function pick(setting: string | undefined, fromPattern: string, placeholder: string): string {
  return setting ?? (fromPattern !== "" ? fromPattern : placeholder);
}

function sharedTableArn(settings: PackSettings, pattern: string): string {
  const p = partsOf(pattern);
  const tableFromPattern = /^table\/([^/]+)/.exec(p.resource)?.[1] ?? "";
  return [
    "arn",
    pick(settings.partition, p.partition, "aws"),
    "dynamodb",
    pick(settings.region, p.region, "any-region"),
    pick(settings.accountId, p.account, "000000000000"),
    `table/${pick(settings.tableName, tableFromPattern, "any-table")}`,
  ].join(":");
}

function sharedBucketArn(settings: PackSettings, pattern: string): string {
  const p = partsOf(pattern);
  const bucketFromPattern = p.resource.split("/")[0] ?? "";
  return `arn:${pick(settings.partition, p.partition, "aws")}:s3:::${pick(settings.bucketName, bucketFromPattern, "any-bucket")}`;
}

/** The table itself or any of its indexes. */
export function reachesTable(settings: PackSettings, pattern: string): boolean {
  const table = sharedTableArn(settings, pattern);
  return (
    globMatches(pattern, table) ||
    globMatches(pattern, `${table}/index/any`) ||
    pattern.startsWith(`${table}/`)
  );
}

/** The bucket ARN itself: what ListBucket and bucket-control actions act on. */
export function reachesBucket(settings: PackSettings, pattern: string): boolean {
  return globMatches(pattern, sharedBucketArn(settings, pattern));
}

/** Any object in the bucket. */
export function reachesObjects(settings: PackSettings, pattern: string): boolean {
  const bucket = sharedBucketArn(settings, pattern);
  const { resource } = partsOf(pattern);
  const bucketSegment = resource.includes("/")
    ? resource.slice(0, resource.indexOf("/"))
    : undefined;
  return (
    pattern.startsWith(`${bucket}/`) ||
    (bucketSegment !== undefined &&
      globMatches(bucketSegment, bucket.slice(bucket.lastIndexOf(":") + 1))) ||
    globMatches(pattern, `${bucket}/any`) ||
    globMatches(pattern, `${bucket}/tenants/any/any`)
  );
}

/**
 * An S3 access point or its objects. An access point ARN does not say which bucket it fronts, so
 * every access point counts as a way into the shared bucket.
 */
export function reachesAccessPoints(settings: PackSettings, pattern: string): boolean {
  const p = partsOf(pattern);
  if (p.service === "s3" && p.resource.startsWith("accesspoint/")) return true;
  const sample = [
    "arn",
    pick(settings.partition, p.partition, "aws"),
    "s3",
    pick(settings.region, p.region, "any-region"),
    pick(settings.accountId, p.account, "000000000000"),
    "accesspoint/any/object/any",
  ].join(":");
  return globMatches(pattern, sample);
}

function bedrockArn(
  settings: PackSettings,
  pattern: string,
  resource: string,
  withAccount: boolean,
): string {
  const p = partsOf(pattern);
  return [
    "arn",
    pick(settings.partition, p.partition, "aws"),
    "bedrock",
    pick(settings.region, p.region, "any-region"),
    withAccount ? pick(settings.accountId, p.account, "000000000000") : "",
    resource,
  ].join(":");
}

/** A named bedrock resource of that kind, or a wildcard that covers that kind. */
function reachesBedrock(
  settings: PackSettings,
  pattern: string,
  kind: string,
  withAccount: boolean,
): boolean {
  const p = partsOf(pattern);
  return (
    (p.service === "bedrock" && p.resource.startsWith(`${kind}/`)) ||
    globMatches(pattern, bedrockArn(settings, pattern, `${kind}/any`, withAccount))
  );
}

export function reachesInferenceProfiles(settings: PackSettings, pattern: string): boolean {
  return reachesBedrock(settings, pattern, "application-inference-profile", true);
}

/** A Resource pattern that can name one of the stack's tenant roles (`role/tenants/<prefix>-tenant-<id>`). */
export function reachesTenantRoles(settings: PackSettings, pattern: string): boolean {
  const p = partsOf(pattern);
  const sample = [
    "arn",
    pick(settings.partition, p.partition, "aws"),
    "iam",
    "",
    pick(settings.accountId, p.account, "000000000000"),
    `role${TENANT_ROLE_PATH}${tenantRoleName(settings.namePrefix ?? "any-prefix", "any-tenant")}`,
  ].join(":");
  return globMatches(pattern, sample) || pattern.includes(`:role${TENANT_ROLE_PATH}`);
}
