import { DeclaredTenants, undeclaredTenantIssue } from "./declaredTenants";
import { MigrationInputError, MigrationIssue } from "./errors";
import { MappingEntry, MappingFile } from "./tenantMapping";

/** A validated mapping: record (`field` + key) -> tenant, with the line that said so. */
export type MappingIndex = ReadonlyMap<string, MappingEntry>;

/** The index key of a record named by `field`; emails compare case-insensitively, as Cognito's do. */
export function mappingKey(field: string, key: string): string {
  return `${field}\u0000${field === "email" ? key.toLowerCase() : key}`;
}

/**
 * Checks every entry names a declared tenant and no record is sent to two tenants; throws one
 * {@link MigrationInputError} listing these problems and the file's malformed rows, by line.
 */
export function indexMapping(
  { file, entries, issues: malformed }: MappingFile,
  tenants: DeclaredTenants,
): MappingIndex {
  const issues: MigrationIssue[] = [...malformed];
  const index = new Map<string, MappingEntry>();
  for (const entry of entries) {
    const record = `${entry.field} "${entry.key}"`;
    const unknown = undeclaredTenantIssue(tenants, entry.tenantId, {
      source: file,
      line: entry.line,
      record,
    });
    if (unknown !== undefined) issues.push(unknown);
    const key = mappingKey(entry.field, entry.key);
    const earlier = index.get(key);
    if (earlier !== undefined && earlier.tenantId !== entry.tenantId) {
      issues.push({
        source: file,
        line: entry.line,
        record,
        code: "ERR_AMBIGUOUS_MAPPING",
        message: `is mapped to "${entry.tenantId}" here and to "${earlier.tenantId}" on line ${earlier.line}.`,
        fix: "keep the one row with the right tenant.",
      });
    }
    if (earlier === undefined) index.set(key, entry);
  }
  if (issues.length > 0) {
    throw new MigrationInputError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  return index;
}
