import { pooledShardOf } from "@tenancy/runtime/naming";
import { TenantSpec } from "./tenantsFile";

/** One shard role of the pooled tier and the tenants it serves. */
export interface PooledShardSpec {
  readonly shard: number;
  /** Active pooled tenants: the tag values its trust policy admits. */
  readonly activeTenantIds: readonly string[];
  /** Suspended pooled tenants: denied everything by its permission policy. */
  readonly suspendedTenantIds: readonly string[];
  /** Every model of its tenants, each reachable only through the caller's own profile. */
  readonly models: readonly string[];
}

/**
 * The pooled tenants grouped by shard (pooledShardOf), in shard order; shards without a pooled
 * tenant get no role. Ids are sorted so the documents do not change when tenants.json is reordered.
 */
export function pooledShards(
  tenants: readonly TenantSpec[],
  shardCount: number,
): PooledShardSpec[] {
  const byShard = new Map<number, TenantSpec[]>();
  for (const tenant of tenants) {
    if (tenant.isolation !== "pooled") continue;
    const shard = pooledShardOf(tenant.id, shardCount);
    byShard.set(shard, [...(byShard.get(shard) ?? []), tenant]);
  }
  return [...byShard.entries()]
    .sort(([a], [b]) => a - b)
    .map(([shard, members]) => {
      const ids = (status: TenantSpec["status"]) =>
        members
          .filter((t) => t.status === status)
          .map((t) => t.id)
          .sort();
      return {
        shard,
        activeTenantIds: ids("active"),
        suspendedTenantIds: ids("suspended"),
        models: [...new Set(members.flatMap((t) => t.models))].sort(),
      };
    });
}
