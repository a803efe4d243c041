import { PolicyConfigSchema } from "@pulumi/policy";

/** One granted exception: a rule that does not apply to one resource until `expires`. */
export interface Exemption {
  readonly urn: string;
  readonly rule: string;
  readonly reason: string;
  /** A date `YYYY-MM-DD`; from 00:00 UTC that day the exemption no longer applies. */
  readonly expires: string;
}

/**
 * A per-tenant resource of another service the platform adds (an SQS queue or KMS key per tenant,
 * a tenant-keyed table of its own): an ARN template with `{tenantId}`, or an ARN pattern whose
 * resources carry the tenant id in a tag.
 */
export interface TenantResourcePattern {
  /** e.g. `arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs` or `arn:aws:kms:eu-west-1:123456789012:key/*`. */
  readonly arn: string;
  /** The tag holding the tenant id, for patterns without `{tenantId}` (e.g. `tenantId`). */
  readonly tag?: string;
}

/**
 * Where the shared data stores live. Every field is optional: what is missing is matched as
 * broadly as possible (any table, any bucket, any account), so a missing setting only ever makes
 * the pack stricter, never blind.
 */
export interface PackSettings {
  readonly partition?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly namePrefix?: string;
  readonly tableName?: string;
  readonly bucketName?: string;
  /** Managed policy ARNs a tenant role may carry (none by default). */
  readonly allowedManagedPolicyArns: readonly string[];
  /**
   * AWS-managed policies a platform role, user or group may carry, as ARN patterns (`*` and `?`
   * wildcards); none by default.
   */
  readonly allowedPlatformManagedPolicyArns: readonly string[];
  /** Service principals a role that can assume tenant roles may trust (default Lambda only). */
  readonly workloadTrustedServices: readonly string[];
  /** Per-tenant resources of other services: a tenant's grants on them are probed like the stores'. */
  readonly tenantResources: readonly TenantResourcePattern[];
  readonly exemptions: readonly Exemption[];
  /** Exemptions expiring further ahead than this many days are rejected (default 90). */
  readonly maxExemptionDays: number;
}

const stringSetting = { type: "string", minLength: 1 } as const;

export const DEFAULT_MAX_EXEMPTION_DAYS = 90;
export const DEFAULT_WORKLOAD_TRUSTED_SERVICES: readonly string[] = ["lambda.amazonaws.com"];
/**
 * None: even AWSLambdaBasicExecutionRole writes to every log group, so a Lambda could forge the
 * per-tenant records of the Bedrock invocation log. The workload role scopes its own logs.
 */
export const DEFAULT_PLATFORM_MANAGED_POLICY_ARNS: readonly string[] = [];

/**
 * The policy SDK configures each policy separately, so every policy in the pack declares this
 * same schema; `check/` and the README's config generator fan one settings object out to all.
 */
export const packConfigSchema: PolicyConfigSchema = {
  properties: {
    partition: { ...stringSetting, description: "AWS partition, e.g. aws" },
    region: { ...stringSetting, description: "Region of the shared table and inference profiles" },
    accountId: {
      type: "string",
      pattern: "^[0-9]{12}$",
      description: "Account that owns the platform",
    },
    namePrefix: { ...stringSetting, description: "The stack's tenancy:namePrefix" },
    tableName: { ...stringSetting, description: "Physical name of the shared DynamoDB table" },
    bucketName: { ...stringSetting, description: "Physical name of the shared S3 bucket" },
    allowedManagedPolicyArns: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Managed policies a tenant role may carry",
    },
    allowedPlatformManagedPolicyArns: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [...DEFAULT_PLATFORM_MANAGED_POLICY_ARNS],
      description:
        "AWS-managed policy ARN patterns (* and ? wildcards) a platform role, user or group may carry",
    },
    workloadTrustedServices: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [...DEFAULT_WORKLOAD_TRUSTED_SERVICES],
      description:
        "Service principals the workload role (and any role that can assume tenant roles) may trust",
    },
    tenantResources: {
      type: "array",
      default: [],
      description:
        "Per-tenant resources of other services: an ARN template with {tenantId}, or an ARN pattern plus the tag that holds the tenant id",
      items: {
        type: "object",
        required: ["arn"],
        additionalProperties: false,
        properties: {
          arn: { type: "string", pattern: "^arn:[^:]+:[a-z0-9-]+:" },
          tag: { type: "string", minLength: 1 },
        },
      },
    },
    exemptions: {
      type: "array",
      default: [],
      items: {
        type: "object",
        required: ["urn", "rule", "reason", "expires"],
        properties: {
          urn: { type: "string", minLength: 1 },
          rule: { type: "string", pattern: "^TI-[A-Z0-9]+-[0-9]{3}$" },
          reason: { type: "string", minLength: 1 },
          expires: { type: "string", format: "date", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
        },
      },
    },
    maxExemptionDays: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_MAX_EXEMPTION_DAYS,
      description: "Exemptions that expire further ahead than this many days are rejected",
    },
  },
};

/** Reads the SDK's config object (schema defaults applied) into typed settings. */
export function readSettings(config: Record<string, unknown>): PackSettings {
  const text = (key: string): string | undefined =>
    typeof config[key] === "string" && config[key] !== "" ? (config[key] as string) : undefined;
  const texts = (key: string): string[] | undefined =>
    Array.isArray(config[key])
      ? (config[key] as unknown[]).filter((item): item is string => typeof item === "string")
      : undefined;
  return {
    partition: text("partition"),
    region: text("region"),
    accountId: text("accountId"),
    namePrefix: text("namePrefix"),
    tableName: text("tableName"),
    bucketName: text("bucketName"),
    allowedManagedPolicyArns: texts("allowedManagedPolicyArns") ?? [],
    allowedPlatformManagedPolicyArns:
      texts("allowedPlatformManagedPolicyArns") ?? DEFAULT_PLATFORM_MANAGED_POLICY_ARNS,
    workloadTrustedServices: texts("workloadTrustedServices") ?? DEFAULT_WORKLOAD_TRUSTED_SERVICES,
    tenantResources: Array.isArray(config.tenantResources)
      ? (config.tenantResources as TenantResourcePattern[])
      : [],
    exemptions: Array.isArray(config.exemptions) ? (config.exemptions as Exemption[]) : [],
    maxExemptionDays:
      typeof config.maxExemptionDays === "number" && config.maxExemptionDays >= 1
        ? config.maxExemptionDays
        : DEFAULT_MAX_EXEMPTION_DAYS,
  };
}
