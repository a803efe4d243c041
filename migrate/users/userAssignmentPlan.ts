import { tenantGroupName } from "@tenancy/runtime/naming";
import { DeclaredTenants, undeclaredTenantIssue } from "../declaredTenants";
import { MigrationInputError, MigrationIssue } from "../errors";
import { mappingKey } from "../mappingIndex";
import { MappingEntry } from "../tenantMapping";
import { groupMembers, listGroupNames, listPoolUsers, PoolReader, PoolUser } from "./poolUsers";
import { USER_KEY_FIELDS, UserTenantRule } from "./userTenantRule";

/** How reports name a user: Cognito's username (a UUID in email-username pools) and email. */
export interface UserIdentity {
  readonly username: string;
  readonly email: string | undefined;
}

export interface PlannedAssignment extends UserIdentity {
  readonly tenantId: string;
  /** `custom:tenantId` is not set yet. */
  readonly setAttribute: boolean;
  /** The user is not in `tenant-<id>` yet. */
  readonly addToGroup: boolean;
}

/** A user the rule sends to one tenant while the pool already ties them to another. */
export interface UserConflict extends UserIdentity {
  readonly target: string;
  readonly currentAttribute: string | undefined;
  readonly currentGroups: readonly string[];
}

export interface UserAssignmentPlan {
  readonly users: number;
  readonly planned: readonly PlannedAssignment[];
  readonly alreadyAssigned: number;
  readonly conflicts: readonly UserConflict[];
  /** Users the rule gives no tenant: listed, left as they are. */
  readonly unmapped: readonly UserIdentity[];
  /** Mapping rows that match no user of the pool. */
  readonly mappingRowsWithoutUser: readonly { readonly line: number; readonly record: string }[];
  readonly perTenant: ReadonlyMap<string, number>;
}

/**
 * Reads the pool (users, their tenant attribute, their tenant groups) and decides what each user
 * needs. Throws a {@link MigrationInputError} listing every bad input before anything is written.
 */
export async function planUserAssignments(
  pool: PoolReader,
  rule: UserTenantRule,
  tenants: DeclaredTenants,
): Promise<UserAssignmentPlan> {
  const issues: MigrationIssue[] = [];
  const users = await listPoolUsers(pool);
  const poolSource = `user pool ${pool.userPoolId}`;
  // Who is in which tenant group today: the runtime requires the group as well as the attribute.
  const tenantGroups = new Map<string, string[]>();
  const missingGroups = new Set<string>();
  for (const tenantId of tenants.ids) {
    const members = await groupMembers(pool, tenantGroupName(tenantId));
    if (members === undefined) missingGroups.add(tenantId);
    for (const username of members ?? []) {
      tenantGroups.set(username, [...(tenantGroups.get(username) ?? []), tenantId]);
    }
  }
  const targets = await targetTenants(pool, users, rule, tenants, issues);

  const planned: PlannedAssignment[] = [];
  const conflicts: UserConflict[] = [];
  const unmapped: UserIdentity[] = [];
  const perTenant = new Map<string, number>();
  let alreadyAssigned = 0;
  for (const user of users) {
    const target = targets.get(user.username);
    if (target === undefined) {
      unmapped.push({ username: user.username, email: user.email });
      continue;
    }
    const groups = tenantGroups.get(user.username) ?? [];
    const foreignGroups = groups.filter((id) => id !== target);
    if ((user.tenantId !== undefined && user.tenantId !== target) || foreignGroups.length > 0) {
      conflicts.push({
        username: user.username,
        email: user.email,
        target,
        currentAttribute: user.tenantId,
        currentGroups: groups.map(tenantGroupName),
      });
      continue;
    }
    perTenant.set(target, (perTenant.get(target) ?? 0) + 1);
    const setAttribute = user.tenantId === undefined;
    const addToGroup = !groups.includes(target);
    if (!setAttribute && !addToGroup) {
      alreadyAssigned++;
      continue;
    }
    if (missingGroups.has(target) && addToGroup) {
      issues.push({
        source: poolSource,
        record: `group "${tenantGroupName(target)}"`,
        code: "ERR_MISSING_GROUP",
        message: `does not exist, so users of tenant "${target}" cannot join it.`,
        fix: "run pulumi up with this tenants file first: it creates each tenant's group.",
      });
      missingGroups.delete(target);
    }
    planned.push({
      username: user.username,
      email: user.email,
      tenantId: target,
      setAttribute,
      addToGroup,
    });
  }
  if (issues.length > 0) throw new MigrationInputError(issues);
  return {
    users: users.length,
    planned,
    alreadyAssigned,
    conflicts,
    unmapped,
    mappingRowsWithoutUser: rule.kind === "mapping" ? rowsWithoutUser(rule.index, users) : [],
    perTenant,
  };
}

/** username -> tenant the rule names; bad values become issues. */
async function targetTenants(
  pool: PoolReader,
  users: readonly PoolUser[],
  rule: UserTenantRule,
  tenants: DeclaredTenants,
  issues: MigrationIssue[],
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  const poolSource = `user pool ${pool.userPoolId}`;
  switch (rule.kind) {
    case "mapping":
      for (const user of users) {
        const rows = matchingRows(rule.index, user);
        const tenantIds = new Set(rows.map((row) => row.tenantId));
        if (tenantIds.size > 1) {
          issues.push({
            source: rule.file,
            line: rows[1]?.line,
            record: `user "${user.email ?? user.username}"`,
            code: "ERR_AMBIGUOUS_MAPPING",
            message: `is sent to ${rows.map((r) => `"${r.tenantId}" (line ${r.line}, by ${r.field})`).join(" and ")}.`,
            fix: "keep the rows of one tenant only for this user.",
          });
        } else if (rows[0] !== undefined) {
          targets.set(user.username, rows[0].tenantId);
        }
      }
      break;
    case "attribute":
      for (const user of users) {
        const value = user.attributes.get(rule.name);
        if (value === undefined || value === "") continue;
        const record = `user "${user.email ?? user.username}"`;
        const issue = undeclaredTenantIssue(tenants, value, { source: poolSource, record });
        if (issue !== undefined)
          issues.push({ ...issue, message: `${rule.name}: ${issue.message}` });
        else targets.set(user.username, value);
      }
      break;
    case "group":
      for (const group of await listGroupNames(pool, rule.prefix)) {
        const tenantId = group.slice(rule.prefix.length);
        const record = `group "${group}"`;
        const issue = undeclaredTenantIssue(tenants, tenantId, { source: poolSource, record });
        if (issue !== undefined) {
          issues.push(issue);
          continue;
        }
        for (const username of (await groupMembers(pool, group)) ?? []) {
          const earlier = targets.get(username);
          if (earlier !== undefined && earlier !== tenantId) {
            issues.push({
              source: poolSource,
              record: `user "${username}"`,
              code: "ERR_AMBIGUOUS_MAPPING",
              message: `is in ${rule.prefix}${earlier} and ${group}, so the rule names two tenants.`,
              fix: `remove the user from one of the two groups, or map this user in a --mapping file instead.`,
            });
          }
          targets.set(username, earlier ?? tenantId);
        }
      }
      break;
  }
  return targets;
}

/** The mapping keys a user can be named by: username, email, sub. */
function userKeys(user: PoolUser): string[] {
  const values = { username: user.username, email: user.email, sub: user.sub };
  return USER_KEY_FIELDS.flatMap((field) => {
    const value = values[field];
    return value === undefined ? [] : [mappingKey(field, value)];
  });
}

function matchingRows(index: ReadonlyMap<string, MappingEntry>, user: PoolUser): MappingEntry[] {
  return userKeys(user).flatMap((key) => index.get(key) ?? []);
}

function rowsWithoutUser(index: ReadonlyMap<string, MappingEntry>, users: readonly PoolUser[]) {
  const known = new Set(users.flatMap(userKeys));
  return [...index.entries()]
    .filter(([key]) => !known.has(key))
    .map(([, row]) => ({ line: row.line, record: `${row.field} "${row.key}"` }));
}
