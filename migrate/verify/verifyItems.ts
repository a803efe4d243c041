import { tenantKeyPrefix } from "@tenancy/runtime/naming";
import { increment, sortedCounts } from "../stepReport";
import { destinationKey, SHARED_PARTITION_KEY, sourceKeyText } from "../dynamodb/destinationItem";
import { itemContentDigest } from "../dynamodb/itemDigest";
import { isSharedTable, ItemSource } from "../dynamodb/itemPlan";
import { isMigratedItem, itemTenant } from "../dynamodb/itemTenantRule";
import { fetchDestinationItems, keyOf } from "../dynamodb/destinationReads";
import { Item, keyText, scanAll } from "../dynamodb/sourceTable";
import { SampleFinding, TenantCounts } from "./verification";

export interface VerifyItemsOptions extends ItemSource {
  /** Source items compared with their copy, per tenant; "all" compares every item. */
  readonly samplesPerTenant: number | "all";
  /**
   * A number or ISO-date attribute the application raises on each write: a destination item
   * with a higher value is newer data, not a bad copy.
   */
  readonly versionAttribute?: string;
}

export interface ItemVerification {
  readonly ok: boolean;
  readonly perTenant: Record<string, TenantCounts>;
  readonly sampled: number;
  /** Sampled items missing from the destination or different there. */
  readonly findings: readonly SampleFinding[];
  /** Sampled items the application has changed since they were copied: not failures. */
  readonly newerInDestination: readonly string[];
  /** Destination keys under no declared tenant's prefix. */
  readonly outsideTenantPrefixes: readonly string[];
  /** Source items the rule gives no tenant: listed, not migrated. */
  readonly unmapped: readonly string[];
}

/**
 * Counts source and destination items per tenant, compares samples by content digest, and
 * lists destination keys outside every declared tenant's prefix and unmapped source items.
 */
export async function verifyItems(options: VerifyItemsOptions): Promise<ItemVerification> {
  const { schema, rule, tenants } = options;
  const sourceCounts = new Map<string, number>();
  const samples = new Map<string, { key: string; digest: string; version?: string }>();
  const sampledPerTenant = new Map<string, number>();
  const unmapped: string[] = [];
  await scanAll(options, { TableName: options.sourceTable }, options.segments, (page) => {
    for (const item of page) {
      if (isSharedTable(options) && isMigratedItem(item, schema, tenants)) continue;
      const tenantId = itemTenant(item, rule, schema);
      if (tenantId === undefined || !tenants.ids.has(tenantId)) {
        unmapped.push(sourceKeyText(item, schema));
        continue;
      }
      increment(sourceCounts, tenantId);
      const taken = sampledPerTenant.get(tenantId) ?? 0;
      if (options.samplesPerTenant !== "all" && taken >= options.samplesPerTenant) continue;
      sampledPerTenant.set(tenantId, taken + 1);
      const destination = destinationKey(tenantId, item, schema);
      samples.set(keyOf(destination), {
        key: sourceKeyText(item, schema),
        digest: itemContentDigest(item),
        version: versionOf(item, options.versionAttribute),
      });
    }
  });

  const destinationCounts = new Map<string, number>();
  const outsideTenantPrefixes: string[] = [];
  await scanAll(
    options,
    {
      TableName: options.destinationTable,
      ProjectionExpression: "#pk",
      ExpressionAttributeNames: { "#pk": SHARED_PARTITION_KEY },
    },
    options.segments,
    (page) => {
      for (const item of page) {
        const key = keyText(item[SHARED_PARTITION_KEY]) ?? "";
        const tenantId = [...tenants.ids].find((id) => key.startsWith(tenantKeyPrefix(id)));
        if (tenantId !== undefined) increment(destinationCounts, tenantId);
        // In the shared table, unprefixed items are the source still waiting to be migrated.
        else if (!isSharedTable(options)) outsideTenantPrefixes.push(key);
      }
    },
  );

  const findings: SampleFinding[] = [];
  const newerInDestination: string[] = [];
  for (const [destination, copy] of await fetchDestinationItems(options, [...samples.keys()])) {
    const sample = samples.get(destination);
    if (sample === undefined) continue;
    samples.delete(destination);
    if (itemContentDigest(copy) === sample.digest) continue;
    const version = versionOf(copy, options.versionAttribute);
    if (version !== undefined && sample.version !== undefined && isNewer(version, sample.version)) {
      newerInDestination.push(sample.key);
    } else {
      findings.push({ key: sample.key, problem: "differs" });
    }
  }
  for (const missing of samples.values()) findings.push({ key: missing.key, problem: "missing" });

  const perTenant: Record<string, TenantCounts> = {};
  const sources = sortedCounts(sourceCounts);
  for (const tenantId of [...tenants.ids].sort()) {
    const source = sources[tenantId] ?? 0;
    const destination = destinationCounts.get(tenantId) ?? 0;
    if (source > 0 || destination > 0) perTenant[tenantId] = { source, destination };
  }
  const short = Object.values(perTenant).some((c) => c.destination < c.source);
  return {
    ok:
      !short &&
      findings.length === 0 &&
      outsideTenantPrefixes.length === 0 &&
      unmapped.length === 0,
    perTenant,
    sampled: [...sampledPerTenant.values()].reduce((a, b) => a + b, 0),
    findings: findings.sort((a, b) => a.key.localeCompare(b.key)),
    newerInDestination: newerInDestination.sort(),
    outsideTenantPrefixes: outsideTenantPrefixes.sort(),
    unmapped: unmapped.sort(),
  };
}

function versionOf(item: Item, attribute: string | undefined): string | undefined {
  if (attribute === undefined) return undefined;
  return item[attribute]?.N ?? item[attribute]?.S;
}

/** Numbers compare as numbers, ISO dates as text. */
function isNewer(candidate: string, than: string): boolean {
  const a = Number(candidate);
  const b = Number(than);
  return Number.isNaN(a) || Number.isNaN(b) ? candidate > than : a > b;
}
