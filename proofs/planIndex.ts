import type { Plan, TenantPlan } from "../plan/runPlan";
import type { PlannedResource } from "../plan/plannedResource";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

export const RESOURCE_TYPES = {
  ROLE,
  ROLE_POLICY,
  POLICY,
  ROLE_POLICY_ATTACHMENT,
  POLICY_ATTACHMENT,
} as const;

/**
 * Lookups over a plan's resources, built once: reading every tenant's documents by scanning the
 * whole plan per tenant grew with the square of the tenant count (10,000 tenants did not finish).
 */
export class PlanIndex {
  private readonly tenants = new Map<string, TenantPlan>();
  private readonly roles = new Map<string, PlannedResource>();
  private readonly dataAccessPolicies = new Map<string, PlannedResource>();
  private readonly policies = new Map<string, PlannedResource[]>();
  /** Positions in the plan of the attachments and inline policies naming a role (name or ARN). */
  private readonly attachmentsByRole = new Map<string, number[]>();
  /** Positions of those whose role is not known in the plan: they may apply to any role. */
  private readonly attachmentsOfUnknownRole: number[] = [];

  constructor(readonly plan: Plan) {
    for (const tenant of plan.tenants) {
      if (!this.tenants.has(tenant.id)) this.tenants.set(tenant.id, tenant);
    }
    plan.resources.forEach((resource, position) => {
      const { type, inputs } = resource;
      if (type === ROLE && typeof inputs["name"] === "string") {
        if (!this.roles.has(inputs["name"])) this.roles.set(inputs["name"], resource);
      }
      if (type === POLICY) {
        const key = policyKey(
          typeof inputs["name"] === "string" ? inputs["name"] : resource.name,
          typeof inputs["path"] === "string" ? inputs["path"] : "/",
        );
        pushTo(this.policies, key, resource);
      }
      if (type === ROLE_POLICY || type === ROLE_POLICY_ATTACHMENT) {
        const role = inputs["role"];
        if (typeof role !== "string") this.attachmentsOfUnknownRole.push(position);
        else this.addAttachment(role, position);
        if (
          type === ROLE_POLICY &&
          typeof role === "string" &&
          resource.name.endsWith("-data-access") &&
          !this.dataAccessPolicies.has(role)
        ) {
          this.dataAccessPolicies.set(role, resource);
        }
      }
      if (type === POLICY_ATTACHMENT) {
        const roles = asArray(inputs["roles"]);
        if (roles.some((role) => typeof role !== "string")) {
          this.attachmentsOfUnknownRole.push(position);
        } else {
          new Set(roles as string[]).forEach((role) => this.addAttachment(role, position));
        }
      }
    });
  }

  tenant(id: string): TenantPlan | undefined {
    return this.tenants.get(id);
  }

  /** The first role the plan names `name` (its `name` input). */
  roleNamed(name: string): PlannedResource | undefined {
    return this.roles.get(name);
  }

  /** The first `<...>-data-access` inline policy the plan attaches to the role named `name`. */
  dataAccessPolicyOf(roleName: string): PlannedResource | undefined {
    return this.dataAccessPolicies.get(roleName);
  }

  /** The managed policies with this name and path (inputs, else the logical name and `/`). */
  policiesNamed(name: string, path: string): readonly PlannedResource[] {
    return this.policies.get(policyKey(name, path)) ?? [];
  }

  /**
   * The role policies and attachments that name the role by `name` or `arn`, or name a role the
   * plan does not know, in registration order: every other one applies to another role.
   */
  attachmentsOf(name: string, arn: string): PlannedResource[] {
    const positions = new Set([
      ...this.attachmentsOfUnknownRole,
      ...(this.attachmentsByRole.get(name) ?? []),
      ...(this.attachmentsByRole.get(arn) ?? []),
    ]);
    return [...positions].sort((a, b) => a - b).map((position) => this.plan.resources[position]!);
  }

  private addAttachment(role: string, position: number): void {
    pushTo(this.attachmentsByRole, role, position);
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, [value]);
  else values.push(value);
}

function policyKey(name: string, path: string): string {
  return `${path}\0${name}`;
}

export function asArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}
