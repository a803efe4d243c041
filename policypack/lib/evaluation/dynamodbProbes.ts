import { tenantKeyPrefix } from "../naming";
import { RULES } from "../ruleCatalog";
import { readsOnlyMetadata, ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";
import { unsafeWitness } from "./witness";
import { wildcardMatcher } from "./wildcards";
import { registerCache } from "../caches";

const LEADING_KEYS = "dynamodb:LeadingKeys";
const FULL_TABLE_SCAN = "dynamodb:FullTableScan";
/** The reads of a stream's records, which hold every tenant's items; they act on streams only. */
const STREAM_READS = ["dynamodb:GetRecords", "dynamodb:GetShardIterator"];

/** Where under a table each resource type lives (the reference's ARN templates). */
const UNDER_TABLE: Record<string, string> = {
  table: "",
  index: "/index/sample-index",
  stream: "/stream/2026-01-01T00:00:00.000",
  backup: "/backup/sample-backup",
  export: "/export/sample-export",
  import: "/import/sample-import",
};

let childrenOf = new WeakMap<TenantTarget, Map<string, readonly string[]>>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => {
  childrenOf = new WeakMap();
});

/**
 * The resources of one type under a table: a sample, and for each Allow Resource that reaches
 * that type under the table but not the sample, a name it matches (`index/by*` -> `index/by`,
 * an exact `index/byStatus` itself). The stack's own indexes and streams are not read, and on an
 * index query IAM checks dynamodb:LeadingKeys against the index's own partition key, so each
 * such name gets the same probes as the table. Asked once per target, table and type.
 */
function underTable(type: string, tableArn: string, target: TenantTarget): readonly string[] {
  const sample = UNDER_TABLE[type];
  if (sample === undefined) return [];
  let known = childrenOf.get(target);
  if (known === undefined) childrenOf.set(target, (known = new Map()));
  const key = `${tableArn}\n${type}`;
  let suffixes = known.get(key);
  if (suffixes === undefined) {
    const under = `${tableArn}/${type}/`;
    const named = target.allowed.resources.flatMap((pattern) =>
      type === "table" || wildcardMatcher(pattern, { arn: true })(`${tableArn}${sample}`)
        ? []
        : (unsafeWitness(pattern, { required: under, safe: under, exact: true }) ?? []),
    );
    suffixes = [...new Set([sample, ...named.map((arn) => arn.slice(tableArn.length))])];
    known.set(key, suffixes);
  }
  return suffixes;
}

/**
 * Requests on the shared table: an action that carries dynamodb:LeadingKeys is tried with other
 * tenants' keys, a batch mixing the tenant's and another's, a key that only contains the
 * tenant's prefix, and for each LeadingKeys value of the policy a key it reaches outside the
 * tenant's prefix (witness.ts); PartiQL also without keys (a statement without a key condition); any other
 * action that reads data or changes the table, table-wide.
 */
export function dynamodbProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  const keyed = action.conditionKeys.has(LEADING_KEYS.toLowerCase());
  const keyless = !keyed || /:PartiQL/i.test(action.name);
  const scanFlagged = action.conditionKeys.has(FULL_TABLE_SCAN.toLowerCase());
  const own = tenantKeyPrefix(target.tenantId);
  const fix = `pin the keys with "ForAllValues:StringLike": {"${LEADING_KEYS}": ["${own}*"]} plus "Null": {"${LEADING_KEYS}": "false"}, and grant no action that works without keys (Scan, PartiQL without a key, streams, exports) on the shared table`;
  const probes: ProbeRequest[] = [];
  for (const table of target.tableNames) {
    const tableArn = `arn:${target.partition}:dynamodb:${target.region}:${target.accountId}:table/${table}`;
    // The table itself first: the example a finding shows is the first request allowed.
    const types = [
      ...action.resourceTypes.filter((type) => type === "table"),
      ...action.resourceTypes.filter((type) => type !== "table"),
    ];
    for (const suffix of types.flatMap((type) => underTable(type, tableArn, target))) {
      const resource = `${tableArn}${suffix}`;
      const probe = (keys: readonly string[] | undefined, stands: string): ProbeRequest => ({
        action: action.name,
        reference: action,
        resource,
        context: base.with(
          {
            ...(keys === undefined ? {} : { [LEADING_KEYS]: keys }),
            // PartiQL says whether a statement scans the whole table (it does without keys).
            ...(scanFlagged ? { [FULL_TABLE_SCAN]: String(keys === undefined) } : {}),
          },
          [LEADING_KEYS.toLowerCase()],
        ),
        rule: RULES.leakDynamoDb,
        stands,
        fix,
      });
      if (keyed) {
        for (const other of target.others)
          probes.push(probe([`${tenantKeyPrefix(other.id)}r1`], `${other.stands}'s items`));
        const foreign = target.others[0]?.id ?? "zz-other";
        probes.push(
          probe(
            [`${own}r1`, `${tenantKeyPrefix(foreign)}r1`],
            `a batch that mixes "${target.tenantId}"'s keys with another tenant's`,
          ),
          probe(
            [`${tenantKeyPrefix(foreign)}${own}r1`],
            `another tenant's key that merely contains "${own}"`,
          ),
        );
        for (const pattern of target.allowed.values(LEADING_KEYS)) {
          const key = unsafeWitness(pattern, {
            required: "",
            safe: own,
            exact: false,
            alsoSafe: target.tenantId,
          });
          if (key !== undefined)
            probes.push(
              probe(
                [key],
                `the key "${key}" outside "${own}", which the ${LEADING_KEYS} value "${pattern}" reaches`,
              ),
            );
        }
      }
      if (keyless && (keyed || !readsOnlyMetadata(action) || STREAM_READS.includes(action.name)))
        probes.push(probe(undefined, "a request without keys, which reaches every tenant's items"));
    }
  }
  return probes;
}
