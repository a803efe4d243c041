import { RULES } from "../ruleCatalog";
import { TenantResourcePattern } from "../settings";
import { ReferenceAction, resourceTypesOf } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";

const TENANT_ID = "{tenantId}";

/** The service of a declared pattern (`sqs` for `arn:aws:sqs:...`). */
export function serviceOf(pattern: TenantResourcePattern): string {
  return pattern.arn.split(":")[2] ?? "";
}

/**
 * Requests on another tenant's instance of a declared per-tenant resource: the template with the
 * other ids, or a sample ARN of the pattern tagged with another tenant's id (and untagged).
 */
export function declaredResourceProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
  pattern: TenantResourcePattern,
): ProbeRequest[] {
  // Every action on the resource's types, reads of metadata included: the resource is declared
  // the tenant's alone. An action on other types (a listing of the account) never reaches it.
  const types = resourceTypesOf(
    serviceOf(pattern),
    pattern.arn.replaceAll(TENANT_ID, target.tenantId),
  );
  if (!action.resourceTypes.some((type) => types.includes(type))) return [];
  const probe = (resource: string, stands: string, context = base): ProbeRequest => ({
    action: action.name,
    reference: action,
    resource,
    context,
    rule: RULES.leakTenantResource,
    stands,
    fix:
      pattern.tag === undefined
        ? `name only "${pattern.arn.replaceAll(TENANT_ID, target.tenantId)}"`
        : `add "StringEquals": {"aws:ResourceTag/${pattern.tag}": "${target.tenantId}"}`,
  });
  if (pattern.arn.includes(TENANT_ID))
    return target.others.map((other) =>
      probe(
        pattern.arn.replaceAll(TENANT_ID, other.id).replace(/[*?]/g, "sample"),
        `${other.stands}'s ${pattern.arn}`,
      ),
    );
  if (pattern.tag === undefined) return [];
  const resource = pattern.arn.replace(/[*?]/g, "sample");
  const tagKey = `aws:ResourceTag/${pattern.tag}`;
  return [
    ...target.others.map((other) =>
      probe(
        resource,
        `${other.stands}'s resource (tag ${pattern.tag})`,
        base.with({ [tagKey]: other.id }),
      ),
    ),
    probe(
      resource,
      `a resource of ${pattern.arn} without a ${pattern.tag} tag`,
      base.with({}, [tagKey.toLowerCase()]),
    ),
  ];
}
