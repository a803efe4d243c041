/** A tenant id that stands for a class of other tenants. */
export interface Representative {
  readonly id: string;
  /** e.g. `another tenant "zz-other"`. */
  readonly stands: string;
}

/**
 * One id per class of other tenants, as in the proofs: ids are lower-case groups joined by single
 * hyphens, so every other id is unrelated to this one, extends it (at a hyphen or within its last
 * group), is a proper prefix of it, or has its length (what `?` wildcards match). A grant that
 * mentions no id treats all of a class alike; every other id the documents name is tried as well.
 */
export function representatives(tenantId: string, named: readonly string[] = []): Representative[] {
  const unrelated = tenantId === "zz-other" ? "qq-other" : "zz-other";
  const sibling = `${tenantId.slice(0, -1)}${tenantId.endsWith("z") ? "y" : "z"}`;
  const found: Representative[] = [
    { id: unrelated, stands: `another tenant "${unrelated}"` },
    { id: `${tenantId}-x`, stands: `tenant "${tenantId}-x", whose id extends "${tenantId}"` },
    { id: `${tenantId}x`, stands: `tenant "${tenantId}x", whose id extends "${tenantId}"` },
    { id: sibling, stands: `tenant "${sibling}", whose id is as long as "${tenantId}"` },
    ...named
      .filter((id) => id !== tenantId)
      .map((id) => ({ id, stands: `tenant "${id}", which the policy names` })),
  ];
  const cut = tenantId.includes("-") ? tenantId.lastIndexOf("-") : tenantId.length - 1;
  if (cut > 0) {
    const prefix = tenantId.slice(0, cut);
    found.push({ id: prefix, stands: `tenant "${prefix}", whose id is a prefix of "${tenantId}"` });
  }
  return found;
}
