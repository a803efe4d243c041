import { ConfigError } from "./errors";

export interface StackSettings {
  /** Prefix of every physical name (roles, table, bucket, user pool). */
  readonly namePrefix: string;
  /** Path of the tenants file, relative to the project directory. */
  readonly tenantsFile: string;
  readonly bedrockInvocationLogging: boolean;
}

/** Reads the keys of the `tenancy` config namespace (anything with pulumi.Config's `get`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Lower-case because the prefix becomes part of an S3 bucket name; short to leave room for ids. */
const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_PREFIX_LENGTH = 20;

export function readStackSettings(config: ConfigSource): StackSettings {
  const namePrefix = config.get("namePrefix") ?? "tenancy";
  if (namePrefix.split("-").includes("tenant")) {
    // "<a>-tenant-*" would also match the roles of a stack whose prefix starts "<a>-tenant".
    throw new ConfigError(
      "tenancy:namePrefix",
      `"${namePrefix}" contains the segment "tenant", so this stack's tenant roles could match another stack's. Fix: choose a prefix without it, e.g. pulumi config set tenancy:namePrefix ${
        namePrefix
          .split("-")
          .filter((x) => x !== "tenant")
          .join("-") || "dev"
      }`,
    );
  }
  if (!NAME_PREFIX_PATTERN.test(namePrefix) || namePrefix.length > MAX_NAME_PREFIX_LENGTH) {
    throw new ConfigError(
      "tenancy:namePrefix",
      `"${namePrefix}" is not usable in IAM role and S3 bucket names. Fix: set it to 1-${MAX_NAME_PREFIX_LENGTH} lower-case letters, digits and single hyphens, starting with a letter: pulumi config set tenancy:namePrefix dev`,
    );
  }
  const logging = config.get("bedrockInvocationLogging") ?? "false";
  if (logging !== "true" && logging !== "false") {
    throw new ConfigError(
      "tenancy:bedrockInvocationLogging",
      `"${logging}" is not a boolean. Fix: pulumi config set tenancy:bedrockInvocationLogging true (or false)`,
    );
  }
  return {
    namePrefix,
    tenantsFile: config.get("tenantsFile") ?? "tenants.json",
    bedrockInvocationLogging: logging === "true",
  };
}
