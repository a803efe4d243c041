import { tenantGroupName } from "@tenancy/runtime/naming";
import { DeclaredTenants } from "../declaredTenants";
import { groupMembers, listPoolUsers, PoolReader, PoolUser } from "../users/poolUsers";

export interface UserVerification {
  readonly ok: boolean;
  readonly users: number;
  readonly perTenant: Record<string, number>;
  /** Users (email, else username) with no `custom:tenantId`: the runtime refuses their tokens. */
  readonly withoutTenant: readonly string[];
  /** Users whose `custom:tenantId` names no declared tenant. */
  readonly undeclaredTenant: readonly string[];
  /** Users with a tenant but not in its group `tenant-<id>`. */
  readonly notInTenantGroup: readonly string[];
}

export async function verifyUsers(
  pool: PoolReader,
  tenants: DeclaredTenants,
): Promise<UserVerification> {
  const users = await listPoolUsers(pool);
  const members = new Map<string, Set<string>>();
  for (const tenantId of tenants.ids) {
    members.set(tenantId, (await groupMembers(pool, tenantGroupName(tenantId))) ?? new Set());
  }
  const perTenant: Record<string, number> = {};
  const withoutTenant: string[] = [];
  const undeclaredTenant: string[] = [];
  const notInTenantGroup: string[] = [];
  for (const user of users) {
    if (user.tenantId === undefined) withoutTenant.push(label(user));
    else if (!tenants.ids.has(user.tenantId)) undeclaredTenant.push(label(user));
    else if (!members.get(user.tenantId)?.has(user.username)) notInTenantGroup.push(label(user));
    else perTenant[user.tenantId] = (perTenant[user.tenantId] ?? 0) + 1;
  }
  return {
    ok: withoutTenant.length + undeclaredTenant.length + notInTenantGroup.length === 0,
    users: users.length,
    perTenant: Object.fromEntries(Object.entries(perTenant).sort(([a], [b]) => a.localeCompare(b))),
    withoutTenant: withoutTenant.sort(),
    undeclaredTenant: undeclaredTenant.sort(),
    notInTenantGroup: notInTenantGroup.sort(),
  };
}

function label(user: PoolUser): string {
  return user.email ?? user.username;
}
