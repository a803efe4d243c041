import { RULES } from "../ruleCatalog";
import { ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";

/**
 * Appending records, what every Lambda's basic execution policy grants on `*`: it reads nothing.
 * Bedrock writes the invocation records itself, so forged ones are told apart by their stream.
 */
const APPENDS = new Set(["logs:createloggroup", "logs:createlogstream", "logs:putlogevents"]);

export function appendsLogRecords(action: ReferenceAction): boolean {
  return APPENDS.has(action.name.toLowerCase());
}

/**
 * Requests on the Bedrock invocation log group (`/<namePrefix>/bedrock/invocations`), which holds
 * every tenant's prompts and completions: reading its records, exporting or subscribing to them,
 * or changing the group. Listing groups and streams shows only names, and appending is harmless.
 * Log-group actions are authorized on the group's ARN, often written with `:*`, so both forms
 * are tried.
 */
export function invocationLogProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  if (action.accessLevel === "List" || appendsLogRecords(action)) return [];
  const resources = target.invocationLogGroups.flatMap((name) => {
    const group = `arn:${target.partition}:logs:${target.region}:${target.accountId}:log-group:${name}`;
    return [
      ...(action.resourceTypes.includes("log-group") ? [group, `${group}:*`] : []),
      ...(action.resourceTypes.includes("log-stream") ? [`${group}:log-stream:sample`] : []),
    ];
  });
  return resources.map((resource) => ({
    action: action.name,
    reference: action,
    resource,
    context: base,
    rule: RULES.leakBedrock,
    stands: "the Bedrock invocation log group, which holds every tenant's prompts and completions",
    fix: `remove ${action.name} on the invocation log group: it holds every tenant's records, so only the platform reads it`,
  }));
}
