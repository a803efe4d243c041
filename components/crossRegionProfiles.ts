import crossRegionData from "./bedrockCrossRegionProfiles.json";

/**
 * Cross-Region (system-defined) inference profiles: ids `<geography>.<foundation model id>`.
 * A tenant's application inference profile copied from one routes each call to one of the
 * profile's destination Regions, so IAM must allow the foundation model in every one of them
 * (AWS's "Prerequisites for inference profiles" and "Geographic cross-Region inference").
 */
export const CROSS_REGION_PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

/** Global profiles route to every commercial Region: no Region list pins them. */
export const GLOBAL_PROFILE_PREFIX = "global.";

/** The dated data behind {@link crossRegionDestinations}, for messages. */
export const CROSS_REGION_DATA = {
  file: "components/bedrockCrossRegionProfiles.json",
  checked: crossRegionData.checked,
};

const PROFILES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  crossRegionData.profiles;

export function isSystemInferenceProfileId(modelId: string): boolean {
  return CROSS_REGION_PROFILE_PREFIX.test(modelId);
}

/** `us.anthropic.claude-3-haiku-20240307-v1:0` -> `anthropic.claude-3-haiku-20240307-v1:0`. */
export function foundationModelOf(profileId: string): string {
  return profileId.replace(CROSS_REGION_PROFILE_PREFIX, "");
}

/**
 * The Regions a system profile routes calls made from `sourceRegion` to, the source Region
 * included, sorted; `undefined` when the data file does not record that pair.
 */
export function crossRegionDestinations(
  profileId: string,
  sourceRegion: string,
): readonly string[] | undefined {
  const bySource = Object.hasOwn(PROFILES, profileId) ? PROFILES[profileId] : undefined;
  const destinations =
    bySource !== undefined && Object.hasOwn(bySource, sourceRegion)
      ? bySource[sourceRegion]
      : undefined;
  return destinations === undefined
    ? undefined
    : [...new Set([sourceRegion, ...destinations])].sort();
}

/** Source Regions the data file records for a profile (for messages). */
export function recordedSourceRegions(profileId: string): string[] {
  return Object.hasOwn(PROFILES, profileId) ? Object.keys(PROFILES[profileId] ?? {}) : [];
}
