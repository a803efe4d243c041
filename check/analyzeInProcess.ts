import {
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { knownCopy } from "../policypack/lib/knownValues";
import { tenantIsolationPolicies } from "../policypack/policies/allPolicies";
import { CheckedResource } from "./checkedResource";
import { CheckSettings } from "./platformSettings";
import { Violation } from "./violation";

/**
 * Calls the pack's validators directly, without the child process or gRPC: the baseline the
 * benchmark compares the protocol against, and a fast path for rule-level tests. The gRPC path
 * ({@link analyzeResources}) is what the CLI runs; this one only skips the transport.
 */
export async function analyzeInProcess(
  resources: readonly CheckedResource[],
  settings: CheckSettings = {},
): Promise<Violation[]> {
  const config = { allowedManagedPolicyArns: [], exemptions: [], ...settings };
  const violations: Violation[] = [];
  const report = (policy: Policy, urn: string) => (message: string, reportedUrn?: string) =>
    // Same text as the SDK's server sends: description, newline, message.
    violations.push({
      policy: policy.name,
      // The level each policy declares, as the CLI runs it without a configured override.
      level: policy.enforcementLevel === "advisory" ? "advisory" : "mandatory",
      urn: reportedUrn ?? urn,
      message: `${policy.description}\n${message}`,
    });
  // In the SDK's order: each resource through every policy (one Analyze call), then the stack.
  for (const resource of resources) {
    for (const policy of tenantIsolationPolicies) {
      if ("validateResource" in policy && typeof policy.validateResource === "function")
        await policy.validateResource(resourceArgs(resource, config), report(policy, resource.urn));
    }
  }
  for (const policy of tenantIsolationPolicies) {
    if ("validateStack" in policy)
      await policy.validateStack(stackArgs(resources, config), report(policy, ""));
  }
  return violations;
}

// The pack's policies never call notApplicable(); reaching it is a bug worth a stack trace.
function notApplicable(reason?: string): never {
  throw new Error(`unexpected notApplicable(${reason ?? ""})`);
}

function options(resource: CheckedResource) {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    parent: resource.parent,
  };
}

function resourceArgs(resource: CheckedResource, config: object): ResourceValidationArgs {
  const props = knownCopy(resource.inputs) as Record<string, unknown>;
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: options(resource),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T>() => config as T,
    notApplicable,
  };
}

function stackArgs(resources: readonly CheckedResource[], config: object): StackValidationArgs {
  const byUrn = new Map<string, PolicyResource>();
  const items = resources.map((resource): PolicyResource => {
    const item: PolicyResource = {
      type: resource.type,
      props: knownCopy(resource.inputs) as Record<string, unknown>,
      urn: resource.urn,
      name: resource.name,
      opts: options(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(resource.urn, item);
    return item;
  });
  // As the SDK's server does: URNs become the resource objects, unknown URNs are dropped.
  const known = (urns: readonly string[] = []) => urns.flatMap((urn) => byUrn.get(urn) ?? []);
  for (const [index, resource] of resources.entries()) {
    const item = items[index] as PolicyResource & { parent?: PolicyResource };
    const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
    if (parent !== undefined) item.parent = parent;
    item.dependencies = known(resource.dependencies);
    item.propertyDependencies = Object.fromEntries(
      Object.entries(resource.propertyDependencies ?? {}).map(([key, urns]) => [key, known(urns)]),
    );
  }
  return { resources: items, stackTags: new Map(), getConfig: <T>() => config as T, notApplicable };
}
