import { workloadRoleName } from "../platformNames";
import { RULES } from "../ruleCatalog";
import { changesSharedState, ReferenceAction, sampleArn } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { pooledRoleArnOf, tenantRoleArnOf, TenantTarget } from "./tenantTarget";
import { unsafeWitness } from "./witness";

/**
 * Requests that would make the session more than its tenant: assuming another tenant's role or
 * any other role, and changing IAM (its own role's policies included: it could grant itself
 * anything), passing a role to a service.
 */
export function escalationProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  const [service] = action.name.split(":");
  const fields = { Partition: target.partition, Account: target.accountId, Region: target.region };
  const probe = (resource: string, stands: string, fix: string): ProbeRequest => ({
    action: action.name,
    reference: action,
    resource,
    context: base,
    rule: RULES.leakEscalation,
    stands,
    fix,
  });
  const foreign = target.others[0]?.id ?? "zz-other";
  const ownRole =
    target.pooledRoleName === undefined
      ? tenantRoleArnOf(target, target.tenantId)
      : pooledRoleArnOf(target, target.pooledRoleName);
  const anyRole = `arn:${target.partition}:iam::${target.accountId}:role/`;
  const tenantRoles = tenantRoleArnOf(target, "");
  const outsideRole =
    sampleArn("iam", "role", { ...fields, RoleNameWithPath: "platform-admin" }) ?? "";
  /** For each Resource of the policy, a role under `required` other than the session's own. */
  const witnessRoles = (required: string, stands: string, fix: string) =>
    target.allowed.resources.flatMap((pattern) => {
      const safe = ownRole.startsWith(required) ? ownRole : required;
      const role = unsafeWitness(pattern, { required, safe, exact: true });
      return role === undefined
        ? []
        : [probe(role, `${stands} ${role}, which the Resource "${pattern}" reaches`, fix)];
    });
  if (service === "sts") {
    const fix = "remove the action: a tenant role assumes no role";
    // A pooled session that can become (or tag a session of) its own shard role can pick another
    // tenant's tag: the trust only vets the workload role's requests.
    const retag =
      target.pooledRoleName !== undefined && /:(AssumeRole|TagSession)$/.test(action.name)
        ? [
            probe(
              pooledRoleArnOf(target, target.pooledRoleName),
              "re-tagging: a session of its own shard role with another tenant's tag",
              `remove ${action.name}: a pooled role's sessions are tagged only by the workload role`,
            ),
          ]
        : [];
    if (!/:AssumeRole/.test(action.name)) return retag;
    return [
      ...retag,
      ...target.others.map((other) =>
        probe(tenantRoleArnOf(target, other.id), `becoming ${other.stands}'s role`, fix),
      ),
      probe(outsideRole, "becoming a role outside the tenant roles", fix),
      ...witnessRoles(anyRole, "becoming the role", fix),
    ];
  }
  if (!changesSharedState(action)) return [];
  const fix = `remove ${action.name}: permissions are managed by the platform stack, not by a tenant role`;
  return action.resourceTypes.flatMap((type) => {
    if (type === "role") {
      const others = probe(tenantRoleArnOf(target, foreign), "another tenant's role", fix);
      // Passing its own role runs code as the same tenant, passing another role runs code as
      // that role: another tenant's, or the workload role, which can become every tenant.
      // Changing any role grants it anything, its own included.
      return /:PassRole$/.test(action.name)
        ? [
            others,
            probe(
              `${anyRole}${workloadRoleName(target.namePrefix ?? "tenancy")}`,
              "passing the workload role, which can become every tenant",
              fix,
            ),
            ...witnessRoles(tenantRoles, "the tenant role", fix),
          ]
        : [
            probe(ownRole, "changing its own role (it could grant itself anything)", fix),
            others,
            probe(outsideRole, "changing a role outside the tenant roles", fix),
            ...witnessRoles(anyRole, "the role", fix),
          ];
    }
    const resource = sampleArn("iam", type, fields);
    return resource === undefined ? [] : [probe(resource, `changing IAM (${type})`, fix)];
  });
}
