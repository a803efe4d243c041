import { pooledRoleArn, pooledShardOf, tenantRoleArn } from "@tenancy/runtime/naming";
import { pooledRolePolicy } from "../components/policies/pooledRolePolicy";
import { pooledTrustPolicy } from "../components/policies/pooledTrustPolicy";
import { pooledShards } from "../components/pooledShards";
import { DEFAULT_POOLED_SHARDS } from "../components/stackSettings";
import { PlatformLocation, workloadRoleArn } from "../components/policies/arns";
import { tenantRolePolicy } from "../components/policies/tenantRolePolicy";
import { tenantTrustPolicy } from "../components/policies/tenantTrustPolicy";
import { workloadRolePolicy } from "../components/policies/workloadRolePolicy";
import type { TenantSpec } from "../components/tenantsFile";
import { declaredTiers, type IamPolicyJson, type ProofInput } from "./proofInput";

/** Builders that may be swapped for deliberately broken ones in tests. */
export interface PolicyBuilders {
  readonly tenantRolePolicy: typeof tenantRolePolicy;
  readonly tenantTrustPolicy: typeof tenantTrustPolicy;
  readonly workloadRolePolicy: typeof workloadRolePolicy;
  readonly pooledRolePolicy: typeof pooledRolePolicy;
  readonly pooledTrustPolicy: typeof pooledTrustPolicy;
}

export const POLICY_BUILDERS: PolicyBuilders = {
  tenantRolePolicy,
  tenantTrustPolicy,
  workloadRolePolicy,
  pooledRolePolicy,
  pooledTrustPolicy,
};

/**
 * The documents the components would generate, built by calling the same pure builders
 * directly: no Pulumi engine, so it suits tests and benchmarks of thousands of tenants.
 * `npm run prove` uses {@link proofInputFromPlan} instead, which reads what the program registered.
 */
export function proofInputFromTenantSpecs(
  specs: readonly (Pick<TenantSpec, "id" | "status" | "models"> &
    Partial<Pick<TenantSpec, "isolation">>)[],
  platform: PlatformLocation,
  builders: PolicyBuilders = POLICY_BUILDERS,
  shardCount: number = DEFAULT_POOLED_SHARDS,
): ProofInput {
  const pooled = specs.some((spec) => spec.isolation === "pooled");
  const shards = new Map(
    pooledShards(specs as readonly TenantSpec[], shardCount).map((shard) => [
      shard.shard,
      {
        roleArn: pooledRoleArn({ ...platform, shard: shard.shard }),
        identityPolicy: json(
          builders.pooledRolePolicy({
            models: shard.models,
            suspendedTenantIds: shard.suspendedTenantIds,
            platform,
          }),
        ),
        trustPolicy: json(
          builders.pooledTrustPolicy({ activeTenantIds: shard.activeTenantIds, platform }),
        ),
      },
    ]),
  );
  return {
    platform,
    workload: {
      roleArn: workloadRoleArn(platform),
      identityPolicy: json(builders.workloadRolePolicy(platform, pooled ? { pooled } : undefined)),
    },
    tenants: specs.map((spec) =>
      spec.isolation === "pooled"
        ? {
            tenantId: spec.id,
            status: spec.status,
            models: spec.models,
            isolation: "pooled" as const,
            ...shards.get(pooledShardOf(spec.id, shardCount))!,
          }
        : {
            tenantId: spec.id,
            status: spec.status,
            models: spec.models,
            roleArn: tenantRoleArn({ ...platform, tenantId: spec.id }),
            identityPolicy: json(
              builders.tenantRolePolicy({
                tenantId: spec.id,
                status: spec.status,
                models: spec.models,
                platform,
              }),
            ),
            trustPolicy: json(builders.tenantTrustPolicy({ tenantId: spec.id, platform })),
          },
    ),
    ...(pooled ? { tiers: declaredTiers(specs) } : {}),
  };
}

/** Round-trips through JSON, as the documents do on their way to AWS. */
function json(document: object): IamPolicyJson {
  return JSON.parse(JSON.stringify(document)) as IamPolicyJson;
}
