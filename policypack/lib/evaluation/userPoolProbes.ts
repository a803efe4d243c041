import { RULES } from "../ruleCatalog";
import { ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";

/**
 * Requests on the user pool every tenant shares: the tenant a token speaks for is its user's
 * `custom:tenantId` and groups, so an action that writes users or groups lets the session become
 * another tenant, and one that reads them shows other tenants' users. A tenant role needs none.
 */
export function userPoolProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  if (!action.resourceTypes.includes("userpool")) return [];
  return [
    {
      action: action.name,
      reference: action,
      resource: `arn:${target.partition}:cognito-idp:${target.region}:${target.accountId}:userpool/${target.region}_sample`,
      context: base,
      rule: RULES.leakEscalation,
      stands:
        "the user pool every tenant shares, whose users' custom:tenantId and groups name their tenant",
      fix: `remove ${action.name}: users and groups are managed by the platform stack, not by a tenant role`,
    },
  ];
}
