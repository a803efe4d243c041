/**
 * Global secondary indexes of the shared table whose partition key is tenant-scoped: the runtime
 * stores that attribute as `<tenantId>#<value>`, like `pk`, so an index query reaches only the
 * tenant's own index partitions.
 */

/** A declared index, as the runtime needs it. */
export interface TenantIndex {
  /** The index name (`IndexName` in a query). */
  readonly name: string;
  /** Attribute holding the index partition key; stored with the tenant prefix. */
  readonly partitionKey: string;
  /** Attribute holding the index sort key, stored as written. */
  readonly sortKey?: string;
}

/** DynamoDB's rule for index names. */
export const INDEX_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * Key attributes the runtime can recognise in expressions without a `#name` placeholder: a
 * letter or underscore, then letters, digits and underscores (placeholders work for any of them).
 */
export const KEY_ATTRIBUTE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

const OBJECT_MEMBER_NAMES: ReadonlySet<unknown> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/**
 * The compact form of `TENANCY_INDEXES`: `name:partitionKey[:sortKey]`, comma-separated. Short
 * because a Lambda's whole environment holds 4 KB; the pattern rules keep `:` and `,` out of
 * every part.
 *
 * @example
 * ```ts
 * formatIndexes([{ name: "byEmail", partitionKey: "email" }]); // "byEmail:email"
 * ```
 */
export function formatIndexes(indexes: readonly TenantIndex[]): string {
  return indexes
    .map((i) => [i.name, i.partitionKey, ...(i.sortKey === undefined ? [] : [i.sortKey])].join(":"))
    .join(",");
}

/**
 * Reads {@link formatIndexes}'s form; each problem is pushed to `problems` (nothing returned then).
 *
 * @example
 * ```ts
 * parseIndexes("byStatus:gsi1pk:gsi1sk", []); // [{ name: "byStatus", partitionKey: "gsi1pk", sortKey: "gsi1sk" }]
 * ```
 */
export function parseIndexes(text: string, problems: string[]): TenantIndex[] | undefined {
  const indexes: TenantIndex[] = [];
  for (const entry of text.split(",").map((part) => part.trim())) {
    // split always yields a first part (the whole entry when it holds no ":").
    const [name, partitionKey = "", sortKey, ...rest] = entry.split(":") as [string, ...string[]];
    if (rest.length > 0 || name === "" || partitionKey === "" || sortKey === "") {
      problems.push(`"${entry}" is not name:partitionKey[:sortKey]`);
      return undefined;
    }
    indexes.push(sortKey === undefined ? { name, partitionKey } : { name, partitionKey, sortKey });
  }
  return indexes;
}

/**
 * What makes a set of indexes unusable for the runtime, one phrase per problem (none: usable).
 * `pk` and `sk` are the table's keys: `sk` is stored as written, so it cannot partition an index
 * by tenant; a tenant-scoped attribute cannot be a sort key, whose range conditions the runtime
 * does not prefix.
 *
 * @example
 * ```ts
 * indexProblems([{ name: "bySk", partitionKey: "sk" }]); // ["index bySk: partitionKey sk ..."]
 * ```
 */
export function indexProblems(indexes: readonly TenantIndex[]): string[] {
  const problems: string[] = [];
  const scoped = new Set(["pk", ...indexes.map((i) => i.partitionKey)]);
  const seen = new Set<string>();
  for (const index of indexes) {
    const at = `index ${JSON.stringify(index.name)}`;
    if (typeof index.name !== "string" || !INDEX_NAME_PATTERN.test(index.name))
      problems.push(`${at}: name must be 3-255 letters, digits, "_", "." or "-"`);
    else if (seen.has(index.name)) problems.push(`${at}: declared twice`);
    seen.add(index.name);
    for (const key of ["partitionKey", "sortKey"] as const) {
      const value = index[key];
      if (value === undefined && key === "sortKey") continue;
      // The runtime writes items through these names: none may reach an object's prototype.
      if (OBJECT_MEMBER_NAMES.has(value)) problems.push(`${at}: ${key} ${value} is reserved`);
      else if (typeof value !== "string" || !KEY_ATTRIBUTE_PATTERN.test(value))
        problems.push(
          `${at}: ${key} must be an attribute name of letters, digits and "_", not starting with a digit`,
        );
    }
    if (index.partitionKey === "sk")
      problems.push(
        `${at}: partitionKey sk is the table's sort key, stored without the tenant prefix, so one index partition would hold every tenant's items`,
      );
    if (index.sortKey !== undefined && scoped.has(index.sortKey))
      problems.push(
        `${at}: sortKey ${index.sortKey} is a tenant-scoped partition key (stored as <tenantId>#<value>), which the runtime does not prefix in sort-key conditions`,
      );
  }
  return problems;
}
