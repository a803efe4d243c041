import { isValidTenantId, TENANT_TAG_KEY } from "../naming";
import { isAllow, PolicyDocument } from "../policyDocument";

/** The tag value standing for a pooled tenant the documents do not name (any declared active one). */
export const POOLED_REPRESENTATIVE = "pooled-tenant";

/**
 * The session tags a shard role's documents are evaluated under: one unnamed tenant (the grants
 * written with `${aws:PrincipalTag/tenantId}` treat every such tenant alike), every id an Allow
 * names (a literal id is where a form can differ), and the first id of each Deny's tag condition
 * (a suspended tenant; the ids of one condition are treated alike).
 */
export function pooledSessionIds(documents: readonly PolicyDocument[]): string[] {
  const ids = new Set([POOLED_REPRESENTATIVE]);
  const tagKey = `aws:principaltag/${TENANT_TAG_KEY.toLowerCase()}`;
  for (const { statements } of documents) {
    for (const statement of statements) {
      for (const entry of statement.conditions) {
        if (entry.key.toLowerCase() !== tagKey) continue;
        const values = isAllow(statement) ? entry.values : entry.values.slice(0, 1);
        values.filter(isValidTenantId).forEach((id) => ids.add(id));
      }
    }
  }
  return [...ids];
}
