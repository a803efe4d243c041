import { isDeepStrictEqual } from "node:util";
import type { PlatformLocation } from "../components/policies/arns";
import { tenantRolePolicy } from "../components/policies/tenantRolePolicy";
import { tenantTrustPolicy } from "../components/policies/tenantTrustPolicy";
import { workloadRolePolicy } from "../components/policies/workloadRolePolicy";
import type { TenantDocuments, WorkloadDocuments } from "./proofInput";

/** Whether the workload role's documents are its builder's: tenants share shapes only then. */
export function isGeneratedWorkload(
  workload: WorkloadDocuments,
  platform: PlatformLocation,
): boolean {
  return (
    isDeepStrictEqual(workload.identityPolicy, workloadRolePolicy(platform)) ||
    isDeepStrictEqual(workload.identityPolicy, workloadRolePolicy(platform, { pooled: true }))
  );
}

/**
 * The shape of a tenant's documents when they are exactly what the project's builders generate
 * for its id, status and models; undefined when anything differs (an extra or edited document,
 * a broken builder). With a generated workload ({@link isGeneratedWorkload}), tenants of one
 * shape get the same verdict on every probe: see proofs/README.md, "Evaluating each shape once".
 */
export function builderShape(
  tenant: TenantDocuments,
  platform: PlatformLocation,
): string | undefined {
  // A pooled tenant's documents are its shard's: pooledShape.ts decides what it shares.
  const generated =
    tenant.isolation !== "pooled" &&
    (tenant.otherIdentityPolicies ?? []).length === 0 &&
    (tenant.unreadablePolicies ?? []).length === 0 &&
    isDeepStrictEqual(
      tenant.identityPolicy,
      tenantRolePolicy({
        tenantId: tenant.tenantId,
        status: tenant.status,
        models: tenant.models,
        platform,
      }),
    ) &&
    isDeepStrictEqual(
      tenant.trustPolicy,
      tenantTrustPolicy({ tenantId: tenant.tenantId, platform }),
    );
  return generated ? JSON.stringify([tenant.status, tenant.models]) : undefined;
}
