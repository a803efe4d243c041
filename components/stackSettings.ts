import { POOLED_ROLE_SEGMENT, TenantIsolation } from "@tenancy/runtime/naming";
import { DefaultTags, parseDefaultTags } from "./defaultTags";
import { ConfigError } from "./errors";
import { readTableIndexes, TableIndex } from "./tableIndexes";
import {
  bucketNameProblem,
  dataBucketName,
  isRegionName,
  MAX_STACK_PREFIX_LENGTH,
  stackPrefix,
  stackSegment,
} from "./physicalNames";

/** How admin users hear about their account. */
export type Invitations =
  | { readonly channel: "cognito" }
  | {
      readonly channel: "ses";
      /** ARN of an SES verified identity in the pool's region. */
      readonly sesSourceArn: string;
      readonly fromEmailAddress: string;
    }
  | { readonly channel: "suppress" };

export type UserPoolTier = "LITE" | "ESSENTIALS" | "PLUS";

export interface StackSettings {
  /**
   * Prefix of every physical name: `<tenancy:namePrefix>-<stack>-<region code>`, so two stacks
   * or two regions never share an account-global name.
   */
  readonly namePrefix: string;
  /** The region the names were built for (the AWS provider must deploy there). */
  readonly region: string;
  /** Path of the tenants file, relative to the project directory. */
  readonly tenantsFile: string;
  /** Global secondary indexes of the shared table, each with a tenant-scoped partition key. */
  readonly indexes: readonly TableIndex[];
  readonly bedrockInvocationLogging: boolean;
  readonly invitations: Invitations;
  readonly userPoolTier: UserPoolTier;
  /** Tags on every taggable resource (tenancy:defaultTags), e.g. for cost allocation. */
  readonly defaultTags: DefaultTags;
  /** Deploy the example app of examples/ (tenancy:exampleApp); off unless set. */
  readonly exampleApp?: boolean;
  /** The tier of a tenant whose entry in the tenants file has no `isolation`. */
  readonly defaultIsolation: TenantIsolation;
  /** How many shard roles the pooled tenants are spread over (by a hash of the id). */
  readonly pooledShards: number;
  /** The account's quotas the plan is checked against before anything is registered. */
  readonly quotas: Quotas;
  /** Adopt the data stores a destroyed stack retained, instead of failing on their names. */
  readonly importRetained?: {
    readonly userPoolId: string;
    readonly accountId: string;
    /** Whether the destroyed stack had Bedrock invocation logging, so its log group remains. */
    readonly bedrockLogGroup: boolean;
  };
}

/**
 * AWS quotas as this account has them (defaults: AWS's documented defaults). Raising one in
 * Service Quotas and setting it here is how a stack grows past it.
 */
export interface Quotas {
  /** IAM roles this stack may create: the account's roles quota minus roles it does not own. */
  readonly iamRoles: number;
  /** Role trust policy length, non-whitespace characters (2,048 by default, up to 4,096). */
  readonly trustPolicyChars: number;
  /** Application inference profiles per account and Region (AWS's default not confirmed). */
  readonly applicationInferenceProfiles: number;
  /** Groups per Cognito user pool (10,000). */
  readonly userPoolGroups: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  iamRoles: 1000,
  trustPolicyChars: 2048,
  applicationInferenceProfiles: 1000,
  userPoolGroups: 10000,
};

/** Shards of the pooled tier when tenancy:pooledShards is not set. */
export const DEFAULT_POOLED_SHARDS = 16;

/** Reads the keys of the `tenancy` config namespace (anything with pulumi.Config's `get`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Where the program runs: the Pulumi stack and the AWS provider's region. */
export interface StackIdentity {
  readonly stack: string;
  readonly region: string | undefined;
  /** The AWS provider's `allowedAccountIds`, when the stack sets it. */
  readonly allowedAccountIds?: readonly string[];
}

/** Lower-case because the prefix becomes part of an S3 bucket name; short to leave room for ids. */
const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_PREFIX_LENGTH = 20;
const USER_POOL_TIERS: readonly UserPoolTier[] = ["LITE", "ESSENTIALS", "PLUS"];
const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;
const SES_IDENTITY_ARN_PATTERN = /^arn:aws[\w-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/;

export function readStackSettings(config: ConfigSource, where: StackIdentity): StackSettings {
  const userPrefix = config.get("namePrefix") ?? "tenancy";
  if (!NAME_PREFIX_PATTERN.test(userPrefix) || userPrefix.length > MAX_NAME_PREFIX_LENGTH) {
    throw new ConfigError(
      "tenancy:namePrefix",
      `"${userPrefix}" is not usable in IAM role and S3 bucket names. Fix: set it to 1-${MAX_NAME_PREFIX_LENGTH} lower-case letters, digits and single hyphens, starting with a letter: pulumi config set tenancy:namePrefix dev`,
    );
  }
  const region = where.region;
  if (region === undefined || !isRegionName(region)) {
    throw new ConfigError(
      "aws:region",
      `${region === undefined ? "is not set" : `"${region}" is not an AWS region name`}; physical names carry the region, so two regions of one account never collide. Fix: pulumi config set aws:region eu-west-1`,
    );
  }
  if (stackSegment(where.stack) === "") {
    throw new ConfigError(
      "stack name",
      `the stack name "${where.stack}" holds no letter or digit to put into physical names. Fix: pulumi stack rename dev`,
    );
  }
  const namePrefix = stackPrefix(userPrefix, where.stack, region);
  if (namePrefix.split("-").includes("tenant")) {
    // "<a>-tenant-*" would also match the roles of a stack whose prefix starts "<a>-tenant".
    throw new ConfigError(
      "tenancy:namePrefix",
      `the physical name prefix "${namePrefix}" (name prefix, stack, region) contains the segment "tenant", so this stack's tenant roles could match another stack's. Fix: choose a name prefix and stack name without it, e.g. pulumi config set tenancy:namePrefix app`,
    );
  }
  if (namePrefix.split("-").includes(POOLED_ROLE_SEGMENT)) {
    // "<a>-pooled-*" (the workload role's grant on shard roles) would match another stack's roles.
    throw new ConfigError(
      "tenancy:namePrefix",
      `the physical name prefix "${namePrefix}" (name prefix, stack, region) contains the segment "${POOLED_ROLE_SEGMENT}", so this stack's pooled roles could match another stack's. Fix: choose a name prefix and stack name without it, e.g. pulumi config set tenancy:namePrefix app`,
    );
  }
  if (namePrefix.length > MAX_STACK_PREFIX_LENGTH) {
    throw new ConfigError(
      "tenancy:namePrefix",
      `the physical name prefix "${namePrefix}" (name prefix "${userPrefix}", stack "${where.stack}", region code) has ${namePrefix.length} characters; at most ${MAX_STACK_PREFIX_LENGTH} leave room for tenant ids in IAM role names and for the account and region in the bucket name. Fix: shorten tenancy:namePrefix, e.g. pulumi config set tenancy:namePrefix ${userPrefix.slice(0, Math.max(1, userPrefix.length - (namePrefix.length - MAX_STACK_PREFIX_LENGTH))).replace(/-+$/, "")}, or the stack name (pulumi stack rename)`,
    );
  }
  // Any 12 digits stand for the account: digits break none of S3's naming rules.
  const bucketProblem = bucketNameProblem(dataBucketName(namePrefix, "123456789012", region));
  if (bucketProblem !== undefined) {
    throw new ConfigError(
      "tenancy:namePrefix",
      `the data bucket's name would start with "${namePrefix}-" and ${bucketProblem}. Fix: choose another prefix, e.g. pulumi config set tenancy:namePrefix app`,
    );
  }
  return {
    namePrefix,
    region,
    tenantsFile: config.get("tenantsFile") ?? "tenants.json",
    indexes: readTableIndexes(config.get("indexes")),
    bedrockInvocationLogging: readBedrockLogging(config),
    invitations: readInvitations(config),
    userPoolTier: readUserPoolTier(config),
    defaultTags: parseDefaultTags(config.get("defaultTags")),
    // Present only when on, like importRetained: stacks without the app read as before.
    ...(readBoolean(config, "exampleApp") ? { exampleApp: true } : {}),
    defaultIsolation: readDefaultIsolation(config),
    pooledShards: readPositiveInteger(config, "pooledShards", DEFAULT_POOLED_SHARDS, 1000),
    quotas: {
      iamRoles: readPositiveInteger(config, "iamRolesQuota", DEFAULT_QUOTAS.iamRoles),
      trustPolicyChars: readPositiveInteger(
        config,
        "trustPolicySizeQuota",
        DEFAULT_QUOTAS.trustPolicyChars,
      ),
      applicationInferenceProfiles: readPositiveInteger(
        config,
        "inferenceProfilesQuota",
        DEFAULT_QUOTAS.applicationInferenceProfiles,
      ),
      userPoolGroups: readPositiveInteger(
        config,
        "userPoolGroupsQuota",
        DEFAULT_QUOTAS.userPoolGroups,
      ),
    },
    ...readImportRetained(config, where),
  };
}

/**
 * A setting that only some configurations need. Pulumi.yaml declares it with an empty default,
 * because the CLI requires every declared key that has none in every stack.
 */
function optionalSetting(config: ConfigSource, key: string): string | undefined {
  const value = config.get(key);
  return value === "" ? undefined : value;
}

function readBoolean(config: ConfigSource, key: string): boolean {
  const value = config.get(key) ?? "false";
  if (value !== "true" && value !== "false") {
    throw new ConfigError(
      `tenancy:${key}`,
      `"${value}" is not a boolean. Fix: pulumi config set tenancy:${key} true (or false)`,
    );
  }
  return value === "true";
}

function readDefaultIsolation(config: ConfigSource): TenantIsolation {
  const value = config.get("defaultIsolation") ?? "dedicated";
  if (value !== "dedicated" && value !== "pooled") {
    throw new ConfigError(
      "tenancy:defaultIsolation",
      `"${value}" is not a tier. Fix: pulumi config set tenancy:defaultIsolation dedicated (a role per tenant) or pooled (shared shard roles scoped by session tag)`,
    );
  }
  return value;
}

function readPositiveInteger(
  config: ConfigSource,
  key: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = config.get(key);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) {
    throw new ConfigError(
      `tenancy:${key}`,
      `"${value}" is not a whole number from 1 to ${max}. Fix: pulumi config set tenancy:${key} ${fallback}`,
    );
  }
  return number;
}

/**
 * Bedrock keeps one invocation logging configuration per account and region, and no API tells
 * the program whether someone else's is in place: the operator confirms replacing it.
 */
function readBedrockLogging(config: ConfigSource): boolean {
  const enabled = readBoolean(config, "bedrockInvocationLogging");
  if (enabled && !readBoolean(config, "bedrockInvocationLoggingReplacesExisting")) {
    throw new ConfigError(
      "tenancy:bedrockInvocationLoggingReplacesExisting",
      "Bedrock invocation logging is one setting per account and region, and turning it on replaces whatever configuration is there (another stack's, or a security team's). Fix: check with aws bedrock get-model-invocation-logging-configuration that none is set, or that this stack may replace it, then pulumi config set tenancy:bedrockInvocationLoggingReplacesExisting true",
    );
  }
  return enabled;
}

function readInvitations(config: ConfigSource): Invitations {
  const channel = config.get("invitations") ?? "cognito";
  switch (channel) {
    case "cognito":
    case "suppress":
      return { channel };
    case "ses": {
      const sesSourceArn = optionalSetting(config, "sesSourceArn");
      const fromEmailAddress = optionalSetting(config, "sesFromAddress");
      if (sesSourceArn === undefined || !SES_IDENTITY_ARN_PATTERN.test(sesSourceArn)) {
        throw new ConfigError(
          "tenancy:sesSourceArn",
          `${sesSourceArn === undefined ? "is required" : `"${sesSourceArn}" is not an SES identity ARN`} when tenancy:invitations is "ses". Fix: pulumi config set tenancy:sesSourceArn arn:aws:ses:<region>:<account>:identity/<verified domain or address>`,
        );
      }
      if (
        fromEmailAddress === undefined ||
        !/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(fromEmailAddress)
      ) {
        throw new ConfigError(
          "tenancy:sesFromAddress",
          `${fromEmailAddress === undefined ? "is required" : `"${fromEmailAddress}" is not an email address`} when tenancy:invitations is "ses". Fix: pulumi config set tenancy:sesFromAddress "Acme Platform <no-reply@platform.example>"`,
        );
      }
      return { channel, sesSourceArn, fromEmailAddress };
    }
    default:
      throw new ConfigError(
        "tenancy:invitations",
        `"${channel}" is not an invitation channel. Fix: pulumi config set tenancy:invitations cognito (Cognito's own sender, a few emails a day), ses (your SES identity) or suppress (your own onboarding flow)`,
      );
  }
}

function readUserPoolTier(config: ConfigSource): UserPoolTier {
  const tier = config.get("userPoolTier") ?? "ESSENTIALS";
  if (!(USER_POOL_TIERS as readonly string[]).includes(tier)) {
    throw new ConfigError(
      "tenancy:userPoolTier",
      `"${tier}" is not a Cognito feature plan. Fix: pulumi config set tenancy:userPoolTier ${USER_POOL_TIERS.join(" | ")}`,
    );
  }
  return tier as UserPoolTier;
}

function readImportRetained(
  config: ConfigSource,
  where: StackIdentity,
): Pick<StackSettings, "importRetained"> {
  if (!readBoolean(config, "importRetained")) return {};
  const accounts = where.allowedAccountIds ?? [];
  const accountId = accounts[0];
  if (accounts.length !== 1 || accountId === undefined || !/^\d{12}$/.test(accountId)) {
    throw new ConfigError(
      "aws:allowedAccountIds",
      `must name exactly the one account whose retained stores tenancy:importRetained adopts: the bucket's name carries the account id, and the stores must not be adopted in the wrong account. Fix: pulumi config set --path 'aws:allowedAccountIds[0]' 123456789012`,
    );
  }
  const userPoolId = optionalSetting(config, "retainedUserPoolId");
  if (userPoolId === undefined || !USER_POOL_ID_PATTERN.test(userPoolId)) {
    throw new ConfigError(
      "tenancy:retainedUserPoolId",
      `${userPoolId === undefined ? "is required" : `"${userPoolId}" is not a user pool id`} when tenancy:importRetained is true: the pool's id is random, so it cannot be derived from its name. Fix: find it with aws cognito-idp list-user-pools --max-results 60, then pulumi config set tenancy:retainedUserPoolId <region>_<id>`,
    );
  }
  return {
    importRetained: {
      userPoolId,
      accountId,
      bedrockLogGroup: readBoolean(config, "retainedBedrockLogGroup"),
    },
  };
}
