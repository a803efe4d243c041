import { parseUrn } from "../policypack/lib/resourceView";
import { CheckedResource } from "./checkedResource";

// The two JSON files CI can hand the checker: `pulumi preview --json` and `pulumi stack export`.

interface ResourceState {
  readonly urn?: string;
  readonly type?: string;
  readonly custom?: boolean;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependencies?: unknown;
  readonly propertyDependencies?: unknown;
}

export class PulumiJsonError extends Error {
  public readonly code = "ERR_PULUMI_JSON";
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * `{steps: [{op, urn, newState: {...}}]}`: the state each resource would be left in (deletes
 * leave none). A replacement has several steps for one URN (create-replacement, replace,
 * delete-replaced); the last step that carries a new state wins, so each URN is checked once.
 */
export function resourcesFromPreview(json: unknown): CheckedResource[] {
  const steps = (json as { steps?: unknown }).steps;
  if (!Array.isArray(steps))
    throw new PulumiJsonError("not `pulumi preview --json` output: no steps[] array");
  const byUrn = new Map<string, CheckedResource>();
  for (const step of steps as Array<{ newState?: ResourceState | null }>) {
    const state = step?.newState;
    if (state === undefined || state === null) continue;
    const resource = toPlanned(state);
    byUrn.delete(resource.urn); // keep the order of the last step
    byUrn.set(resource.urn, resource);
  }
  return [...byUrn.values()];
}

/** `{deployment: {resources: [...]}}` from `pulumi stack export`. */
export function resourcesFromState(json: unknown): CheckedResource[] {
  const resources = (json as { deployment?: { resources?: unknown } }).deployment?.resources;
  if (!Array.isArray(resources))
    throw new PulumiJsonError("not `pulumi stack export` output: no deployment.resources[] array");
  return resources.map(toPlanned);
}

function toPlanned(state: ResourceState): CheckedResource {
  if (typeof state.urn !== "string" || typeof state.type !== "string") {
    throw new PulumiJsonError(
      `resource state without urn/type: ${JSON.stringify(state).slice(0, 200)}`,
    );
  }
  return {
    type: state.type,
    name: parseUrn(state.urn).name,
    urn: state.urn,
    parent: state.parent || undefined,
    custom: state.custom ?? true,
    inputs: withOutputArn(state.inputs ?? {}, state.outputs),
    protect: state.protect ?? false,
    retainOnDelete: state.retainOnDelete ?? false,
    dependencies: urnList(state.dependencies),
    propertyDependencies: isObject(state.propertyDependencies)
      ? Object.fromEntries(
          Object.entries(state.propertyDependencies).map(([key, urns]) => [key, urnList(urns)]),
        )
      : {},
  };
}

/**
 * Inputs plus the `arn` output when the state has one (a stack export, or a preview step of a
 * resource that exists): how the pack recognises a tenant's own resources by exact ARN. Only the
 * ARN: other outputs (a role's inline policies, say) restate what other resources declare.
 */
function withOutputArn(
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return typeof outputs?.arn === "string" && inputs.arn === undefined
    ? { ...inputs, arn: outputs.arn }
    : inputs;
}

function urnList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((urn): urn is string => typeof urn === "string") : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
