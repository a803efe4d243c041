import {
  CROSS_REGION_DATA,
  crossRegionDestinations,
  foundationModelOf,
  isSystemInferenceProfileId,
  recordedSourceRegions,
} from "../crossRegionProfiles";
import { ConfigError } from "../errors";
import { foundationModelArn, PlatformLocation, systemInferenceProfileArn } from "./arns";

/**
 * What a tenant's application inference profile for `model` copies from: the foundation model,
 * or for a cross-Region profile id (`us.…`, `eu.`, `apac.` …) that system profile.
 */
export function modelSourceArn(p: PlatformLocation, model: string): string {
  return isSystemInferenceProfileId(model)
    ? systemInferenceProfileArn(p, model)
    : foundationModelArn(p, model);
}

/**
 * Every resource IAM authorises when a call goes through the tenant's profile for `model`,
 * besides the profile itself: the foundation model in the platform's Region, or for a
 * cross-Region profile the foundation model in the source and every destination Region and the
 * system profile. AWS: "When you specify an inference profile in the Resource field [...], you
 * must also specify the foundation model in each Region associated with it."
 */
export function modelResourceArns(p: PlatformLocation, model: string): string[] {
  if (!isSystemInferenceProfileId(model)) return [foundationModelArn(p, model)];
  const regions = crossRegionDestinations(model, p.region);
  if (regions === undefined) {
    const recorded = recordedSourceRegions(model);
    throw new ConfigError(
      "bedrock.models",
      `the destination Regions of "${model}" called from ${p.region} are not in ${CROSS_REGION_DATA.file} (checked ${CROSS_REGION_DATA.checked}${recorded.length > 0 ? `; it records ${recorded.join(", ")}` : ""}). Fix: add them as that file's $comment describes, or use a foundation model id`,
    );
  }
  return [
    systemInferenceProfileArn(p, model),
    ...regions.map((region) => foundationModelArn(p, foundationModelOf(model), region)),
  ];
}
