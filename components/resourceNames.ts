import { createHash } from "node:crypto";

/**
 * Names of a tenant's children that depend on more than the tenant id. Released names are
 * frozen: changing one replaces the resource. Pure, so tenants.json validation can check for
 * collisions before anything is registered.
 */

/** Bedrock application inference profile names: letters, digits, `-`, `_`, space; 64 at most. */
const MAX_PROFILE_NAME_LENGTH = 64;

/** `anthropic.claude-3-haiku-20240307-v1:0` -> `anthropic-claude-3-haiku-20240307-v1-0`. */
export function modelSlug(modelId: string): string {
  return modelId.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
}

/** Logical name of a tenant's profile for one model. */
export function inferenceProfileResourceName(tenantId: string, modelId: string): string {
  return `${tenantId}-profile-${modelSlug(modelId)}`;
}

/** Bedrock's name for the profile; unique per account and region. */
export function inferenceProfileName(
  namePrefix: string,
  tenantId: string,
  modelId: string,
): string {
  const full = `${namePrefix}-${tenantId}-${modelSlug(modelId)}`;
  if (full.length <= MAX_PROFILE_NAME_LENGTH) return full;
  // Too long for Bedrock: keep a readable head and a hash that stays unique per model.
  const hash = shortHash(modelId);
  return `${full.slice(0, MAX_PROFILE_NAME_LENGTH - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * Cognito usernames are case-insensitive in this pool, so an admin is one user whatever the
 * case of the address in tenants.json.
 */
export function normalizedEmail(email: string): string {
  return email.toLowerCase();
}

/**
 * Named by a hash of the address alone, not the tenant: moving an admin to another tenant
 * updates the user instead of creating a second one with the same username. No email in the URN.
 */
export function adminResourceName(email: string): string {
  return `admin-${shortHash(normalizedEmail(email))}`;
}

/** The provider's pattern for an inference profile description. */
export const PROFILE_DESCRIPTION_PATTERN = /^([0-9a-zA-Z:.][ _-]?)+$/;

export function inferenceProfileDescription(tenantId: string, modelId: string): string {
  return `Bedrock ${modelId} for tenant ${tenantId}`;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
