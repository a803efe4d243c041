/**
 * Account-global names (IAM roles, S3 buckets) must differ between every stack and region that
 * share an account, so every physical name starts with `<namePrefix>-<stack>-<region code>`.
 */

/** Longest stack prefix: leaves 26 characters for tenant ids in 64-character role names. */
export const MAX_STACK_PREFIX_LENGTH = 30;

/** Words of a region name that AWS shortens in its own compact codes (AZ ids such as `euw1-az1`). */
const DIRECTIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** Standard, GovCloud, China and isolated region names: `eu-west-1`, `us-gov-east-1`, `us-isob-east-1`. */
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

/**
 * `eu-west-1` -> `euw1`, `ap-southeast-2` -> `apse2`, `us-gov-west-1` -> `usgovw1`. Words that
 * are not directions are kept whole, so two regions never share a code.
 */
export function regionCode(region: string): string {
  return region
    .split("-")
    .map((part) => DIRECTIONS[part] ?? part)
    .join("");
}

/** Stack names may hold upper case, `_` and `.`; physical names may not. */
export function stackSegment(stack: string): string {
  return stack
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function stackPrefix(namePrefix: string, stack: string, region: string): string {
  return `${namePrefix}-${stackSegment(stack)}-${regionCode(region)}`;
}

/** Bucket names are global across accounts: the account and the full region make it ours. */
export function dataBucketName(prefix: string, accountId: string, region: string): string {
  return `${prefix}-data-${accountId}-${region}`;
}

const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why S3 would refuse a general purpose bucket name, or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `has ${name.length} characters (3-63 allowed)`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return "may hold only lower-case letters, digits, '.' and '-', and must start and end with a letter or digit";
  if (name.includes("..")) return "holds two adjacent periods";
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) return `starts with "${prefix}", which S3 reserves`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) return `ends with "${suffix}", which S3 reserves`;
  return undefined;
}
