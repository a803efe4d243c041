import { PlannedResource } from "../plan/plannedResource";
import { parseUrn } from "../policypack/lib/resourceView";

// The two JSON files CI can hand the checker: `pulumi preview --json` and `pulumi stack export`.

interface ResourceState {
  readonly urn?: string;
  readonly type?: string;
  readonly custom?: boolean;
  readonly inputs?: Record<string, unknown>;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
}

export class PulumiJsonError extends Error {
  public readonly code = "ERR_PULUMI_JSON";
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** `{steps: [{op, urn, newState: {...}}]}`: the state each step would leave (deletes leave none). */
export function resourcesFromPreview(json: unknown): PlannedResource[] {
  const steps = (json as { steps?: unknown }).steps;
  if (!Array.isArray(steps))
    throw new PulumiJsonError("not `pulumi preview --json` output: no steps[] array");
  return steps
    .map((step: { newState?: ResourceState }) => step.newState)
    .filter((state): state is ResourceState => state !== undefined && state !== null)
    .map(toPlanned);
}

/** `{deployment: {resources: [...]}}` from `pulumi stack export`. */
export function resourcesFromState(json: unknown): PlannedResource[] {
  const resources = (json as { deployment?: { resources?: unknown } }).deployment?.resources;
  if (!Array.isArray(resources))
    throw new PulumiJsonError("not `pulumi stack export` output: no deployment.resources[] array");
  return resources.map(toPlanned);
}

function toPlanned(state: ResourceState): PlannedResource {
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
    inputs: state.inputs ?? {},
    protect: state.protect ?? false,
    retainOnDelete: state.retainOnDelete ?? false,
  };
}
