import { tenantRoleArn } from "@tenancy/runtime/naming";
import { PlatformLocation, workloadRoleArn } from "../components/policies/arns";
import { tenantRolePolicy } from "../components/policies/tenantRolePolicy";
import { tenantTrustPolicy } from "../components/policies/tenantTrustPolicy";
import { workloadRolePolicy } from "../components/policies/workloadRolePolicy";
import type { TenantSpec } from "../components/tenantsFile";
import type { IamPolicyJson, ProofInput } from "./proofInput";

/** Builders that may be swapped for deliberately broken ones in tests. */
export interface PolicyBuilders {
  readonly tenantRolePolicy: typeof tenantRolePolicy;
  readonly tenantTrustPolicy: typeof tenantTrustPolicy;
  readonly workloadRolePolicy: typeof workloadRolePolicy;
}

export const POLICY_BUILDERS: PolicyBuilders = {
  tenantRolePolicy,
  tenantTrustPolicy,
  workloadRolePolicy,
};

/**
 * The documents the components would generate, built by calling the same pure builders
 * directly: no Pulumi engine, so it suits tests and benchmarks of thousands of tenants.
 * `npm run prove` uses {@link proofInputFromPlan} instead, which reads what the program registered.
 */
export function proofInputFromTenantSpecs(
  specs: readonly Pick<TenantSpec, "id" | "status" | "models">[],
  platform: PlatformLocation,
  builders: PolicyBuilders = POLICY_BUILDERS,
): ProofInput {
  return {
    platform,
    workload: {
      roleArn: workloadRoleArn(platform),
      identityPolicy: json(builders.workloadRolePolicy(platform)),
    },
    tenants: specs.map((spec) => ({
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
    })),
  };
}

/** Round-trips through JSON, as the documents do on their way to AWS. */
function json(document: object): IamPolicyJson {
  return JSON.parse(JSON.stringify(document)) as IamPolicyJson;
}
