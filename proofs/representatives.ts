import type { DeclaredTiers } from "./proofInput";

/**
 * The foreign tenant ids probed against each tenant T. A fixed handful per tenant, not every
 * other tenant: T's documents name only T, so every foreign id falls into one of these classes
 * (see README "Why a fixed set of foreign ids is enough").
 */
export type RepresentativeRole =
  "neighbour" | "unrelated" | "extension" | "suffix" | "prefix" | "dedicated" | "pooled-peer";

export interface Representative {
  readonly role: RepresentativeRole;
  readonly id: string;
}

/** Ids that share no prefix with typical tenant ids; the first one unrelated to T is used. */
const UNRELATED_CANDIDATES = ["zz-unrelated", "qq-unrelated"];

/**
 * @param tenantId T
 * @param neighbourId another declared tenant, if there is one (a real id reads better in reports)
 */
export function representativesOf(
  tenantId: string,
  neighbourId: string | undefined,
): Representative[] {
  const reps: Representative[] = [];
  if (neighbourId !== undefined && neighbourId !== tenantId)
    reps.push({ role: "neighbour", id: neighbourId });
  const unrelated = UNRELATED_CANDIDATES.find(
    (id) => !id.startsWith(tenantId) && !tenantId.startsWith(id),
  );
  // Two candidates with different first letters: at most one can share a prefix with T.
  reps.push({ role: "unrelated", id: unrelated ?? UNRELATED_CANDIDATES[0]! });
  // T is a proper prefix of these: they catch a missing `#` or `/` delimiter.
  reps.push({ role: "extension", id: `${tenantId}-x` });
  reps.push({ role: "suffix", id: `${tenantId}x` });
  // A proper prefix of T: catches patterns that test the wrong way round or drop T's tail.
  const prefix = tenantId.includes("-")
    ? tenantId.slice(0, tenantId.lastIndexOf("-"))
    : tenantId.slice(0, -1);
  if (prefix !== "") reps.push({ role: "prefix", id: prefix });
  return reps;
}

/**
 * For a pooled tenant, a declared dedicated tenant and another pooled tenant too: a pooled role
 * grants by the session's tag, so both tiers' data must stay out of its reach.
 */
export function pooledRepresentativesOf(tenantId: string, tiers: DeclaredTiers): Representative[] {
  const reps: Representative[] = [];
  const dedicated = tiers.dedicated.find((id) => id !== tenantId);
  if (dedicated !== undefined) reps.push({ role: "dedicated", id: dedicated });
  const peer =
    tiers.activePooled.find((id) => id !== tenantId) ??
    tiers.suspendedPooled.find((id) => id !== tenantId);
  if (peer !== undefined) reps.push({ role: "pooled-peer", id: peer });
  return reps;
}
