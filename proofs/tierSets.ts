import type { DeclaredTiers } from "./proofInput";

/** Membership in the declared tiers, asked once per tenant. */
export interface TierSets {
  readonly activePooled: ReadonlySet<string>;
  /** Every declared id, of any tier and status. */
  readonly declared: ReadonlySet<string>;
}

const built = new WeakMap<DeclaredTiers, TierSets>();

/**
 * The sets of `tiers`, built once per tiers object: building them for each tenant made the
 * proofs grow with the square of the tenant count (10,000 tenants: most of their CPU).
 */
export function tierSetsOf(tiers: DeclaredTiers): TierSets {
  let sets = built.get(tiers);
  if (sets === undefined) {
    sets = {
      activePooled: new Set(tiers.activePooled),
      declared: new Set([...tiers.dedicated, ...tiers.activePooled, ...tiers.suspendedPooled]),
    };
    built.set(tiers, sets);
  }
  return sets;
}
