import { indexProblems, type TenantIndex } from "@tenancy/runtime/indexes";
import { ConfigError } from "./errors";

/**
 * A global secondary index of the shared table (`tenancy:indexes`). Its partition key is
 * tenant-scoped: the runtime stores it as `<tenantId>#<value>`, so IAM's `dynamodb:LeadingKeys`
 * condition, which an index query is checked against, confines the query to the tenant.
 */
export interface TableIndex extends TenantIndex {
  /** What the index copies from each item: `ALL` (default), `KEYS_ONLY`, or these attributes too. */
  readonly projection: "ALL" | "KEYS_ONLY" | readonly string[];
}

const KEY = "tenancy:indexes";
/** DynamoDB's default quota of global secondary indexes per table. */
export const MAX_TABLE_INDEXES = 20;
const EXAMPLE = `pulumi config set ${KEY} '[{"name":"byOwner","partitionKey":"ownerKey"},{"name":"byStatus","partitionKey":"statusKey","sortKey":"createdAt"}]'`;

/**
 * Reads `tenancy:indexes`: a JSON list of `{ name, partitionKey, sortKey?, projection? }`.
 * Refuses, with the reason, every index whose partition key could not be tenant-scoped.
 */
export function readTableIndexes(raw: string | undefined): TableIndex[] {
  if (raw === undefined || raw.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(KEY, `is not JSON. Fix: ${EXAMPLE}`);
  }
  if (!Array.isArray(parsed)) {
    throw new ConfigError(KEY, `must be a list of indexes. Fix: ${EXAMPLE}`);
  }
  const problems: string[] = [];
  const indexes = parsed.map((entry: unknown, i): TableIndex => {
    const at = `index ${i}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${at} must be an object { name, partitionKey, sortKey?, projection? }`);
      return { name: "", partitionKey: "", projection: "ALL" };
    }
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).filter(
      (field) => !["name", "partitionKey", "sortKey", "projection"].includes(field),
    );
    if (unknown.length > 0) problems.push(`${at} has unknown field(s) ${unknown.join(", ")}`);
    const projection = fields["projection"] ?? "ALL";
    const attributeList =
      Array.isArray(projection) &&
      projection.length > 0 &&
      projection.every((a) => typeof a === "string" && a !== "");
    if (projection !== "ALL" && projection !== "KEYS_ONLY" && !attributeList)
      problems.push(
        `${at}: projection must be "ALL", "KEYS_ONLY" or a non-empty list of attribute names`,
      );
    return {
      name: fields["name"] as string,
      partitionKey: fields["partitionKey"] as string,
      ...(fields["sortKey"] === undefined ? {} : { sortKey: fields["sortKey"] as string }),
      projection: projection as TableIndex["projection"],
    };
  });
  throwIfAny(problems, indexes);
  return indexes;
}

/**
 * Refuses indexes that could let a query cross tenants. TenantPlatform checks its `indexes`
 * argument with it too, so a program that builds them without the stack setting is held to the
 * same rules.
 */
export function assertTableIndexes(indexes: readonly TableIndex[]): void {
  throwIfAny([], indexes);
}

function throwIfAny(problems: string[], indexes: readonly TableIndex[]): void {
  if (indexes.length > MAX_TABLE_INDEXES)
    problems.push(
      `${indexes.length} indexes exceed DynamoDB's default ${MAX_TABLE_INDEXES} per table`,
    );
  problems.push(...indexProblems(indexes));
  if (problems.length > 0) {
    throw new ConfigError(
      KEY,
      `${problems.join("; ")}. Every index partition key is stored as <tenantId>#<value> and confined by IAM's dynamodb:LeadingKeys, so it must be an attribute of its own (not pk's sort key sk), and no tenant-scoped attribute may be a sort key. Fix: ${EXAMPLE}`,
    );
  }
}
