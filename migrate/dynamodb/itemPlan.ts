import { DeclaredTenants, undeclaredTenantIssue } from "../declaredTenants";
import { MigrationInputError, MigrationIssue } from "../errors";
import { increment } from "../stepReport";
import { sourceKeyText } from "./destinationItem";
import { isMigratedItem, ItemTenantRule, itemTenant, ruleAttributes } from "./itemTenantRule";
import { scanAll, SourceKeySchema, TableAccess } from "./sourceTable";

export interface ItemSource extends TableAccess {
  readonly sourceTable: string;
  readonly destinationTable: string;
  readonly schema: SourceKeySchema;
  readonly rule: ItemTenantRule;
  readonly tenants: DeclaredTenants;
  readonly segments: number;
}

export interface ItemPlan {
  readonly items: number;
  readonly perTenant: ReadonlyMap<string, number>;
  /** Source items the rule gives no tenant: listed, never copied or deleted. */
  readonly unmapped: readonly string[];
}

/**
 * Scans the source's keys (and the rule's attribute) and decides every item's tenant. Throws a
 * {@link MigrationInputError} listing every item sent to an undeclared tenant, before any write.
 */
export async function planItems(source: ItemSource): Promise<ItemPlan> {
  const { schema, rule, tenants } = source;
  const attributes = ruleAttributes(rule, schema);
  const names = Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name]));
  const perTenant = new Map<string, number>();
  const unmapped: string[] = [];
  const issues: MigrationIssue[] = [];
  let items = 0;
  await scanAll(
    source,
    {
      TableName: source.sourceTable,
      ProjectionExpression: Object.keys(names).join(", "),
      ExpressionAttributeNames: names,
    },
    source.segments,
    (page) => {
      for (const item of page) {
        if (isSharedTable(source) && isMigratedItem(item, schema, tenants)) continue;
        items++;
        const tenantId = itemTenant(item, rule, schema);
        const record = `item "${sourceKeyText(item, schema)}"`;
        if (tenantId === undefined) {
          unmapped.push(sourceKeyText(item, schema));
          continue;
        }
        // A mapping file's tenants were checked when it was read; attribute values are checked here.
        const where = { source: `table ${source.sourceTable}`, record };
        const issue = undeclaredTenantIssue(tenants, tenantId, where);
        if (issue !== undefined) issues.push(issue);
        else increment(perTenant, tenantId);
      }
    },
  );
  if (issues.length > 0) throw new MigrationInputError(sortIssues(issues));
  return { items, perTenant, unmapped: unmapped.sort() };
}

export function isSharedTable(source: Pick<ItemSource, "sourceTable" | "destinationTable">) {
  return source.sourceTable === source.destinationTable;
}

/** Parallel segments finish in any order: sort so the same input gives the same message. */
function sortIssues(issues: MigrationIssue[]): MigrationIssue[] {
  return issues.sort((a, b) => (a.record ?? "").localeCompare(b.record ?? ""));
}
