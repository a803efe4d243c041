import { isReservedTenantId, isValidTenantId, TENANT_TAG_KEY } from "../naming";
import { isAllow, PolicyDocument } from "../policyDocument";
import { wildcardMatcher } from "./wildcards";

/** The tag value standing for a pooled tenant the documents do not name (any declared active one). */
export const POOLED_REPRESENTATIVE = "pooled-tenant";

const FILLERS = ["x", "y"];

/**
 * The session tags a shard role's documents are evaluated under: one unnamed tenant (the grants
 * written with `${aws:PrincipalTag/tenantId}` treat every such tenant alike), and every id a tag
 * condition can name, in lower case (`StringEqualsIgnoreCase` "HOOLI" is hooli) and with a
 * pattern's wildcards filled (`u*` names umbrella too). A Deny's matching operator denies its
 * values alike (the shard's suspended tenants), so its first value stands for them; a negated one
 * spares each of its values (`StringNotEquals` ["vandelay", "umbrella"] spares umbrella). And
 * the shortest valid id that no tag condition's value matches in any case: a tenant the
 * policy's patterns leave out (`StringNotLike` ["p*", "t*"] spares "a"), as the shard's trust,
 * which names its members, is not read here.
 */
export function pooledSessionIds(documents: readonly PolicyDocument[]): string[] {
  const ids = new Set([POOLED_REPRESENTATIVE]);
  const tagKey = `aws:principaltag/${TENANT_TAG_KEY.toLowerCase()}`;
  const patterns: string[] = [];
  for (const { statements } of documents) {
    for (const statement of statements) {
      for (const entry of statement.conditions) {
        if (entry.key.toLowerCase() !== tagKey) continue;
        patterns.push(...entry.values);
        const alike = !isAllow(statement) && !/not/i.test(entry.operator);
        const values = alike ? entry.values.slice(0, 1) : entry.values;
        for (const value of values.map((text) => text.toLowerCase()))
          for (const filler of FILLERS)
            ids.add(value.replace(/\?/g, filler).replace(/\*/g, filler));
      }
    }
  }
  const spared = unmatchedId(patterns);
  if (spared !== undefined) ids.add(spared);
  return [...ids].filter(isValidTenantId);
}

const ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Ids this long or shorter are tried: a pattern set that leaves none of them out is taken as whole. */
const LONGEST_UNMATCHED = 3;

function unmatchedId(patterns: readonly string[]): string | undefined {
  const matchers = patterns.map((pattern) => wildcardMatcher(pattern, { ignoreCase: true }));
  const spares = (id: string) =>
    isValidTenantId(id) && !isReservedTenantId(id) && !matchers.some((matches) => matches(id));
  let level = [""];
  for (let length = 1; length <= LONGEST_UNMATCHED; length += 1) {
    level = level.flatMap((start) => [...ID_CHARACTERS].map((next) => start + next));
    const found = level.find(spares);
    if (found !== undefined) return found;
  }
  return undefined;
}
