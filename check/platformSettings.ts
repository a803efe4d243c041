import { PlannedResource } from "../plan/plannedResource";
import { STACK_TAG_KEY } from "../policypack/lib/evaluation/bedrockProbes";
import {
  BUCKET,
  INFERENCE_PROFILE,
  PLATFORM_COMPONENT,
  TABLE,
} from "../policypack/lib/resourceView";

/** Flat pack settings as the policies' configSchema declares them. */
export interface CheckSettings {
  readonly partition?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly namePrefix?: string;
  readonly tableName?: string;
  readonly bucketName?: string;
  readonly allowedManagedPolicyArns?: readonly string[];
  readonly allowedPlatformManagedPolicyArns?: readonly string[];
  readonly workloadTrustedServices?: readonly string[];
  readonly tenantResources?: ReadonlyArray<{ readonly arn: string; readonly tag?: string }>;
  readonly maxExemptionDays?: number;
  readonly exemptions?: ReadonlyArray<{
    urn: string;
    rule: string;
    reason: string;
    expires: string;
  }>;
}

/**
 * Reads the data store names from the TenantPlatform's children in the same run, so an offline
 * check needs no configuration. The platform names its bucket `<prefix>-data-<account>-<region>`,
 * which also yields the account and region; anything not found stays unset (matched broadly).
 * The name prefix is taken only from a stack whose inference profiles all carry the `tenancyStack`
 * tag: with a known prefix the pack demands that tenants' profile grants pin it, which a stack
 * that does not tag its profiles cannot satisfy (its tenant roles are then matched by their names).
 */
export function derivePlatformSettings(resources: readonly PlannedResource[]): CheckSettings {
  const platform = resources.find((resource) => resource.type === PLATFORM_COMPONENT);
  if (platform === undefined) return {};
  const child = (type: string) =>
    resources.find((resource) => resource.type === type && resource.parent === platform.urn);
  const tableName = stringInput(child(TABLE), "name");
  const bucketName = stringInput(child(BUCKET), "bucket");
  const located =
    bucketName === undefined
      ? null
      : new RegExp(`^${escape(platform.name)}-data-(\\d{12})-([a-z0-9-]+)$`).exec(bucketName);
  const profiles = resources.filter((resource) => resource.type === INFERENCE_PROFILE);
  const stackTagged = profiles.every((profile) => {
    const tags = profile.inputs.tags;
    return typeof tags === "object" && tags !== null && STACK_TAG_KEY in tags;
  });
  return {
    namePrefix: stackTagged ? platform.name : undefined,
    tableName,
    bucketName,
    accountId: located?.[1],
    region: located?.[2],
  };
}

function stringInput(resource: PlannedResource | undefined, key: string): string | undefined {
  const value = resource?.inputs[key];
  return typeof value === "string" ? value : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
