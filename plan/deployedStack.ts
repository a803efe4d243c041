import { resourcesFromState } from "../check/pulumiJson";
import { DeployedState, deployedKey } from "./mockEngine";
import { PlannedResource } from "./plannedResource";

/** A `pulumi stack export`, as the offline plan compares against it. */
export interface DeployedStack {
  readonly resources: readonly PlannedResource[];
  /** Ids and outputs, so the offline plan sees the real ones (pool id, ARNs) it depends on. */
  readonly state: DeployedState;
  /** The account the stack's IAM ARNs name, when it has any. */
  readonly accountId?: string;
}

interface ExportedResource {
  readonly urn?: unknown;
  readonly type?: unknown;
  readonly id?: unknown;
  readonly outputs?: unknown;
}

export function deployedStack(json: unknown): DeployedStack {
  const resources = resourcesFromState(json);
  const exported = (json as { deployment: { resources: ExportedResource[] } }).deployment.resources;
  const state = new Map<string, { id: string; outputs: Record<string, unknown> }>();
  let accountId: string | undefined;
  for (const [i, resource] of resources.entries()) {
    const raw = exported[i];
    const outputs = (raw?.outputs ?? {}) as Record<string, unknown>;
    if (typeof raw?.id === "string" && raw.id !== "") {
      state.set(deployedKey(resource.type, resource.name), { id: raw.id, outputs });
    }
    const arn =
      typeof outputs.arn === "string" ? /^arn:[\w-]+:iam::(\d{12}):/.exec(outputs.arn) : null;
    accountId ??= arn?.[1];
  }
  return { resources, state, ...(accountId === undefined ? {} : { accountId }) };
}
