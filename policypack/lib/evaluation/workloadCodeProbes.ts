import { workloadRoleName } from "../platformNames";
import { RULES } from "../ruleCatalog";
import { ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";

/**
 * What a Lambda function runs: its code, and its configuration (layers, environment). Neither
 * needs iam:PassRole, and the function keeps running as its role.
 */
const CHANGES_CODE = new Set(["lambda:updatefunctioncode", "lambda:updatefunctionconfiguration"]);

export function changesFunctionCode(action: ReferenceAction): boolean {
  return CHANGES_CODE.has(action.name.toLowerCase());
}

/**
 * Changing the code of the platform's functions (named after the stack's prefix), which run as
 * the workload role: that role assumes every tenant's role, so new code there can become any
 * tenant.
 */
export function workloadCodeProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  if (!changesFunctionCode(action)) return [];
  const prefix = target.namePrefix ?? "tenancy";
  return [
    {
      action: action.name,
      reference: action,
      resource: `arn:${target.partition}:lambda:${target.region}:${target.accountId}:function:${prefix}-sample`,
      context: base,
      rule: RULES.leakEscalation,
      stands: `a function of the platform stack, which runs as ${workloadRoleName(prefix)} and can become every tenant`,
      fix: `remove ${action.name}: the platform's functions are deployed by its stack, not by a tenant role`,
    },
  ];
}
