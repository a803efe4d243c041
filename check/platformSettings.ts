import { PlannedResource } from "../plan/plannedResource";
import { BUCKET, PLATFORM_COMPONENT, TABLE } from "../policypack/lib/resourceView";

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
  return {
    namePrefix: platform.name,
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
