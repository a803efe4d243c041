import { MigrationIssue } from "./errors";

/** The tenants of tenants.json, and where they were read from, for messages. */
export interface DeclaredTenants {
  readonly ids: ReadonlySet<string>;
  /** The tenants file as the operator names it. */
  readonly source: string;
}

/** The issue for a tenant id the tenants file does not declare, or undefined when it does. */
export function undeclaredTenantIssue(
  tenants: DeclaredTenants,
  tenantId: string,
  where: Pick<MigrationIssue, "source" | "line" | "record">,
): MigrationIssue | undefined {
  if (tenants.ids.has(tenantId)) return undefined;
  return {
    ...where,
    code: "ERR_UNKNOWN_TENANT",
    message: `tenant "${tenantId}" is not declared in ${tenants.source}.`,
    fix: `declare it in ${tenants.source} and run pulumi up first, or map the record to one of: ${[...tenants.ids].join(", ")}.`,
  };
}
