import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CLOUD, DeployedState, MockCloud, RecordingMockEngine } from "./mockEngine";
import { PlannedResource } from "./plannedResource";

/** Type token of the per-tenant component; its name is the tenant id. */
export const TENANT_COMPONENT = "tenancy:index:Tenant";

export interface TenantPlan {
  readonly id: string;
  readonly roleArn: string;
  readonly group: string;
  readonly keyPrefix: string;
  readonly s3Prefix: string;
  /** Foundation model id -> application inference profile ARN. */
  readonly inferenceProfiles: Record<string, string>;
  /** Usernames (emails) of the admin users created for the tenant. */
  readonly admins: string[];
  /** Whether the admin users are enabled (false while the tenant is suspended). */
  readonly adminsEnabled: boolean;
  /** Every resource under the tenant's component, the component excluded. */
  readonly resources: PlannedResource[];
}

export interface Plan {
  readonly stack: string;
  /** The program's stack outputs, fully resolved. */
  readonly outputs: Record<string, unknown>;
  readonly tenants: TenantPlan[];
  readonly resources: PlannedResource[];
}

export interface RunPlanOptions {
  readonly cloud?: MockCloud;
  readonly stack?: string;
  /** Ids and outputs of the deployed stack, for resources it already has. */
  readonly deployed?: DeployedState;
}

/**
 * Runs a Pulumi program on the mock engine and reports what it would create. `program`
 * registers resources and returns the stack's exports (e.g. `() => require("../index")`).
 */
export async function runPlan(program: () => object, options: RunPlanOptions = {}): Promise<Plan> {
  const stack = options.stack ?? "dev";
  const engine = await RecordingMockEngine.start(
    options.cloud ?? DEFAULT_MOCK_CLOUD,
    stack,
    options.deployed,
  );
  // The SDK records a stack trace for every promise it tracks (its leak detector): at thousands
  // of resources that is most of the plan's time. Errors keep their messages.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let outputs;
  try {
    const exports = program();
    outputs = await resolveDeep(exports);
    await engine.settle();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const resources = engine.resources;
  const tenantOutputs = (outputs.tenants ?? {}) as Record<
    string,
    Omit<TenantPlan, "id" | "resources" | "admins" | "adminsEnabled">
  >;
  const below = resourcesBelowTenants(resources);
  const tenants = resources
    .filter((r) => r.type === TENANT_COMPONENT)
    .map((component) => {
      const children = below.get(component.urn) ?? [];
      const users = children.filter((r) => r.type === "aws:cognito/user:User");
      return {
        id: component.name,
        ...tenantOutputs[component.name],
        admins: users.map((u) => String(u.inputs.username)),
        adminsEnabled: users.every((u) => u.inputs.enabled !== false),
        resources: children,
      } as TenantPlan;
    });
  return { stack, outputs, tenants, resources };
}

/**
 * The resources below each tenant component at any depth, by the component's URN, in one pass:
 * scanning the whole plan for each tenant grew with the square of the tenants.
 */
function resourcesBelowTenants(
  resources: readonly PlannedResource[],
): ReadonlyMap<string, PlannedResource[]> {
  // Each resource's owning tenant, as the list its descendants go to.
  const tenantOf = new Map<string, PlannedResource[]>();
  const below = new Map<string, PlannedResource[]>();
  // Registration order puts parents before children, so one pass suffices.
  for (const resource of resources) {
    if (resource.type === TENANT_COMPONENT) {
      const children: PlannedResource[] = [];
      tenantOf.set(resource.urn, children);
      below.set(resource.urn, children);
      continue;
    }
    const children = resource.parent === undefined ? undefined : tenantOf.get(resource.parent);
    if (children === undefined) continue;
    tenantOf.set(resource.urn, children);
    children.push(resource);
  }
  return below;
}

function resolveDeep(value: object): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    pulumi
      .output(value as Record<string, unknown>)
      .apply((resolved) => resolve(resolved as Record<string, unknown>));
  });
}
