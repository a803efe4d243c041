import { POOLED_ROLE_SEGMENT } from "./naming";
import { PackSettings } from "./settings";

/**
 * Whether a role name is a pooled shard role `<prefix>-pooled-<n>` (naming.ts's pooledRoleName).
 * Without a configured prefix any `<something>-pooled-<n>` counts, as `-tenant-<id>` does for
 * dedicated roles: a shard role is then judged by what its session may do, never as platform IAM.
 */
export function isPooledRoleName(name: string, settings: PackSettings): boolean {
  const prefix = prefixOfPooledRole(name);
  return prefix !== undefined && (settings.namePrefix ?? prefix) === prefix;
}

/** The name prefix a shard role's name carries (`dev-pooled-0` -> `dev`). */
export function prefixOfPooledRole(name: string): string | undefined {
  return new RegExp(`^(.+)-${POOLED_ROLE_SEGMENT}-(?:0|[1-9][0-9]*)$`).exec(name)?.[1];
}
