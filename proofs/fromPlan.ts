import { PlatformLocation, workloadRoleName } from "../components/policies/arns";
import type { TenantSpec } from "../components/tenantsFile";
import type { Plan } from "../plan/runPlan";
import type { PlannedResource } from "../plan/plannedResource";
import { ProofError } from "./errors";
import type { IamPolicyJson, ProofInput } from "./proofInput";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/**
 * The documents exactly as the program registered them on the (mock) engine, paired with what
 * the tenants file declares each tenant should be able to do.
 */
export function proofInputFromPlan(
  plan: Plan,
  specs: readonly TenantSpec[],
  platform: PlatformLocation,
): ProofInput {
  const workloadName = workloadRoleName(platform.namePrefix);
  const workloadRole = plan.resources.find(
    (r) => r.type === ROLE && r.inputs["name"] === workloadName,
  );
  const workloadPolicy = plan.resources.find(
    (r) => r.type === ROLE_POLICY && r.inputs["role"] === workloadName,
  );
  const workloadRoleArn = plan.outputs["workloadRoleArn"];
  if (
    workloadRole === undefined ||
    workloadPolicy === undefined ||
    typeof workloadRoleArn !== "string"
  ) {
    throw new ProofError(
      "ERR_PLAN_DOCUMENT_MISSING",
      `the plan has no workload role "${workloadName}" with an inline policy`,
    );
  }
  return {
    platform,
    workload: { roleArn: workloadRoleArn, identityPolicy: document(workloadPolicy, "policy") },
    tenants: specs.map((spec) => {
      const tenant = plan.tenants.find((t) => t.id === spec.id);
      const role = tenant?.resources.find((r) => r.type === ROLE && r.name === `${spec.id}-role`);
      const policy = tenant?.resources.find(
        (r) => r.type === ROLE_POLICY && r.name === `${spec.id}-data-access`,
      );
      if (tenant === undefined || role === undefined || policy === undefined) {
        throw new ProofError(
          "ERR_PLAN_DOCUMENT_MISSING",
          `the plan has no role "${spec.id}-role" with policy "${spec.id}-data-access" for tenant "${spec.id}"`,
        );
      }
      return {
        tenantId: spec.id,
        status: spec.status,
        models: spec.models,
        roleArn: tenant.roleArn,
        identityPolicy: document(policy, "policy"),
        trustPolicy: document(role, "assumeRolePolicy"),
      };
    }),
  };
}

/** Policies travel as JSON strings in resource inputs. */
function document(resource: PlannedResource, input: string): IamPolicyJson {
  const text = resource.inputs[input];
  try {
    if (typeof text !== "string")
      throw new TypeError(`${input} is ${typeof text}, not a JSON string`);
    return JSON.parse(text) as IamPolicyJson;
  } catch (error) {
    throw new ProofError(
      "ERR_PLAN_DOCUMENT_INVALID",
      `${resource.urn}: ${input} is not a policy document`,
      { cause: error },
    );
  }
}
