import { TENANT_ROLE_PATH, TENANT_TAG_KEY, tenantRoleName } from "./naming";
import { isRecord } from "./policyDocument";
import {
  parseUrn,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
  TENANT_COMPONENT,
} from "./resourceView";
import { perView } from "./perView";
import { isPooledRoleName } from "./pooledRoles";
import { PackSettings } from "./settings";

export type TenantScope =
  | { readonly kind: "tenant"; readonly tenantId: string }
  /** A pooled shard role (or its policy): its session acts for whichever tenant its tag names. */
  | { readonly kind: "pooled"; readonly roleName: string }
  | { readonly kind: "platform" }
  /** Looks like a tenant's resource, but which tenant cannot be told: every tenant rule fails. */
  | { readonly kind: "undetermined"; readonly reason: string };

/**
 * Decides a resource's tenant from what is known at preview: the parent `Tenant` component
 * (named after the tenant id), the role's `tenantId` tag, or the tenant role a policy names; a
 * pooled shard role by its name `<prefix>-pooled-<n>`. Never from outputs. Evidence that
 * disagrees is itself a violation (TI-SCOPE-002).
 */
export const tenantScope: (view: ResourceView, settings: PackSettings) => TenantScope =
  perView(scopeOf);

function scopeOf(view: ResourceView, settings: PackSettings): TenantScope {
  const evidence = new Map<string, string>();
  const parent = view.parent === undefined ? undefined : parseUrn(view.parent);
  if (parent?.type === TENANT_COMPONENT) evidence.set("parent Tenant component", parent.name);
  const tags = view.type === ROLE ? view.props.tags : undefined;
  const tag = isRecord(tags) ? tags[TENANT_TAG_KEY] : undefined;
  if (typeof tag === "string") evidence.set(`tag ${TENANT_TAG_KEY}`, tag);
  const fromRoleName = tenantFromRoleReference(view, settings);
  if (fromRoleName !== undefined) evidence.set("tenant role it is attached to", fromRoleName);

  const pooled = pooledRoleOf(view, settings);
  if (pooled !== undefined) {
    if (evidence.size > 0) {
      const described = [...evidence].map(([source, id]) => `${source} says "${id}"`).join(", ");
      return {
        kind: "undetermined",
        reason: `it belongs to pooled role ${JSON.stringify(pooled)}, but ${described}`,
      };
    }
    return { kind: "pooled", roleName: pooled };
  }
  const ids = new Set(evidence.values());
  if (ids.size > 1) {
    const described = [...evidence].map(([source, id]) => `${source} says "${id}"`).join(", ");
    return { kind: "undetermined", reason: `its tenant is ambiguous: ${described}` };
  }
  const [tenantId] = ids;
  if (tenantId !== undefined) {
    if (view.type === ROLE && typeof tag !== "string") {
      return {
        kind: "undetermined",
        reason: `tenant role of "${tenantId}" has no ${TENANT_TAG_KEY} tag`,
      };
    }
    return { kind: "tenant", tenantId };
  }
  if (parseUrn(view.urn).qualifiedType.split("$").includes(TENANT_COMPONENT)) {
    return {
      kind: "undetermined",
      reason: "it sits inside a Tenant component that is not its direct parent",
    };
  }
  if (view.type === ROLE && view.props.path === TENANT_ROLE_PATH) {
    return {
      kind: "undetermined",
      reason: `it is on the tenant role path ${TENANT_ROLE_PATH} without a ${TENANT_TAG_KEY} tag`,
    };
  }
  return { kind: "platform" };
}

/** The shard role a resource is, or the one its policy is attached to. */
function pooledRoleOf(view: ResourceView, settings: PackSettings): string | undefined {
  const names = view.type === ROLE ? [view.props.name] : roleReferences(view);
  return names
    .filter((name): name is string => typeof name === "string")
    .map((reference) => reference.split("/").pop() ?? reference)
    .find((name) => isPooledRoleName(name, settings));
}

function roleReferences(view: ResourceView): unknown[] {
  return view.type === ROLE_POLICY || view.type === ROLE_POLICY_ATTACHMENT
    ? [view.props.role]
    : view.type === POLICY_ATTACHMENT && Array.isArray(view.props.roles)
      ? view.props.roles
      : [];
}

/** `<prefix>-tenant-<id>` (or its ARN under `/tenants/`) named by a policy or attachment. */
function tenantFromRoleReference(view: ResourceView, settings: PackSettings): string | undefined {
  for (const reference of roleReferences(view)) {
    if (typeof reference !== "string") continue;
    const roleName = reference.split("/").pop() ?? reference;
    const prefix =
      settings.namePrefix === undefined ? undefined : tenantRoleName(settings.namePrefix, "");
    if (prefix !== undefined && roleName.startsWith(prefix)) return roleName.slice(prefix.length);
    const match = /^.+?-tenant-([a-z0-9-]+)$/.exec(roleName);
    if (prefix === undefined && match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

export function sameScope(a: TenantScope, b: TenantScope): boolean {
  return a.kind === b.kind && whose(a) === whose(b);
}

/** The tenant or shard role a scope belongs to; platform and undetermined scopes have none. */
function whose(scope: TenantScope): string | undefined {
  return scope.kind === "tenant"
    ? scope.tenantId
    : scope.kind === "pooled"
      ? scope.roleName
      : undefined;
}

/** A tenant's own role or a pooled shard role: IAM whose session acts as one tenant. */
export function actsAsTenant(
  scope: TenantScope,
): scope is Extract<TenantScope, { kind: "tenant" | "pooled" }> {
  return scope.kind === "tenant" || scope.kind === "pooled";
}
