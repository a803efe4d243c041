import { isValidTenantId, TENANT_TAG_KEY } from "../naming";
import { isAllow, PolicyDocument } from "../policyDocument";

/** The tag value standing for a pooled tenant the documents do not name (any declared active one). */
export const POOLED_REPRESENTATIVE = "pooled-tenant";

const FILLERS = ["x", "y"];

/**
 * The session tags a shard role's documents are evaluated under: one unnamed tenant (the grants
 * written with `${aws:PrincipalTag/tenantId}` treat every such tenant alike), and every id a tag
 * condition can name, in lower case (`StringEqualsIgnoreCase` "HOOLI" is hooli) and with a
 * pattern's wildcards filled (`u*` names umbrella too). A Deny's matching operator denies its
 * values alike (the shard's suspended tenants), so its first value stands for them; a negated one
 * spares each of its values (`StringNotEquals` ["vandelay", "umbrella"] spares umbrella).
 */
export function pooledSessionIds(documents: readonly PolicyDocument[]): string[] {
  const ids = new Set([POOLED_REPRESENTATIVE]);
  const tagKey = `aws:principaltag/${TENANT_TAG_KEY.toLowerCase()}`;
  for (const { statements } of documents) {
    for (const statement of statements) {
      for (const entry of statement.conditions) {
        if (entry.key.toLowerCase() !== tagKey) continue;
        const alike = !isAllow(statement) && !/not/i.test(entry.operator);
        const values = alike ? entry.values.slice(0, 1) : entry.values;
        for (const value of values.map((text) => text.toLowerCase()))
          for (const filler of FILLERS)
            ids.add(value.replace(/\?/g, filler).replace(/\*/g, filler));
      }
    }
  }
  return [...ids].filter(isValidTenantId);
}
