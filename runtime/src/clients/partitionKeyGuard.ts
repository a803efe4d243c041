import { RequestRefusedError } from "../errors";

/** The partition key attribute of the shared table. */
export const PARTITION_KEY = "pk";

interface Token {
  readonly text: string;
  readonly start: number;
}

type Names = Readonly<Record<string, string>> | undefined;

// Name placeholders, value placeholders, bare names, two-character comparators, single symbols.
const TOKEN = /#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|<>|<=|>=|\d+|\S/g;

/** Functions that only test whether `pk` exists: harmless, and common in put conditions. */
const EXISTENCE_FUNCTIONS = new Set(["attribute_exists", "attribute_not_exists"]);

function tokenize(expression: string): Token[] {
  return Array.from(expression.matchAll(TOKEN), (m) => ({ text: m[0], start: m.index ?? 0 }));
}

/** Indexes of tokens that name the top-level `pk` attribute (directly or via `#placeholder`). */
function partitionKeyReferences(tokens: readonly Token[], names: Names): number[] {
  const found: number[] = [];
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (previous === "." || next === "(") return; // nested attribute or function name
    const resolved = token.text.startsWith("#") ? names?.[token.text] : token.text;
    if (resolved === PARTITION_KEY) found.push(i);
  });
  return found;
}

function refused(field: string, detail: string): RequestRefusedError {
  return new RequestRefusedError(
    "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
    `${field} ${detail}: the runtime owns the tenant part of ${PARTITION_KEY}`,
  );
}

/**
 * Refuses a condition or filter that reads `pk` other than through `attribute_exists(pk)` /
 * `attribute_not_exists(pk)`: comparing `pk` with a caller value could probe another tenant's
 * key space (IAM would deny the write, but the runtime refuses before sending).
 *
 * @example
 * ```ts
 * assertConditionSafe("ConditionExpression", "attribute_not_exists(pk)", undefined); // ok
 * assertConditionSafe("FilterExpression", "#p = :other", { "#p": "pk" }); // throws
 * ```
 */
export function assertConditionSafe(
  field: string,
  expression: string | undefined,
  names: Names,
): void {
  if (expression === undefined) return;
  const tokens = tokenize(expression);
  for (const i of partitionKeyReferences(tokens, names)) {
    const fn = tokens[i - 2]?.text;
    const allowed =
      fn !== undefined &&
      EXISTENCE_FUNCTIONS.has(fn) &&
      tokens[i - 1]?.text === "(" &&
      tokens[i + 1]?.text === ")";
    if (!allowed)
      throw refused(field, "may use pk only inside attribute_exists() or attribute_not_exists()");
  }
}

/**
 * Refuses an update expression that touches `pk` at all (DynamoDB never lets a key change).
 *
 * @example
 * ```ts
 * assertUpdateSafe("SET #n = :n", { "#n": "name" }); // ok
 * ```
 */
export function assertUpdateSafe(expression: string | undefined, names: Names): void {
  if (expression === undefined) return;
  if (partitionKeyReferences(tokenize(expression), names).length > 0) {
    throw refused("UpdateExpression", "must not reference pk");
  }
}

/**
 * Finds the value placeholder a query's key condition compares `pk` with (`pk = :v` or
 * `:v = pk`), the only form DynamoDB accepts for a partition key.
 *
 * @example
 * ```ts
 * partitionKeyPlaceholder("pk = :pk AND begins_with(sk, :s)", undefined); // ":pk"
 * ```
 */
export function partitionKeyPlaceholder(expression: string | undefined, names: Names): string {
  if (expression === undefined) {
    throw new RequestRefusedError(
      "ERR_PARAMETER_NOT_SUPPORTED",
      "query requires KeyConditionExpression",
    );
  }
  const tokens = tokenize(expression);
  const refs = partitionKeyReferences(tokens, names);
  if (refs.length !== 1) throw refused("KeyConditionExpression", "must compare pk exactly once");
  const [i] = refs as [number];
  const after = tokens.slice(i + 1, i + 3).map((t) => t.text);
  const before = tokens.slice(Math.max(0, i - 2), i).map((t) => t.text);
  if (after[0] === "=" && after[1]?.startsWith(":")) return after[1];
  if (before.length === 2 && before[1] === "=" && before[0]?.startsWith(":")) return before[0];
  throw refused("KeyConditionExpression", "must compare pk with '=' and a value placeholder");
}

/**
 * Counts whole-token uses of a placeholder across expressions, so a value compared with `pk`
 * is rewritten only when nothing else reads it.
 *
 * @example
 * ```ts
 * countPlaceholder(":v", ["pk = :v", "size(a) > :v"]); // 2
 * ```
 */
export function countPlaceholder(
  placeholder: string,
  expressions: readonly (string | undefined)[],
): number {
  let count = 0;
  for (const expression of expressions) {
    if (expression === undefined) continue;
    for (const token of tokenize(expression)) if (token.text === placeholder) count += 1;
  }
  return count;
}

/** The projection fields to send instead of the caller's, so that `pk` comes back. */
export interface PartitionKeyProjection {
  readonly ProjectionExpression: string;
  readonly ExpressionAttributeNames: Readonly<Record<string, string>>;
}

/**
 * Adds `pk` to a projection that leaves it out: the runtime checks every item it returns against
 * the tenant's prefix, and an item without `pk` could not be checked. Returns `undefined` when
 * the projection already returns `pk` (or there is none); otherwise the fields to send, and the
 * caller strips `pk` from the items again.
 *
 * @example
 * ```ts
 * withPartitionKeyProjected("sk, total", undefined);
 * // { ProjectionExpression: "sk, total, #tenancyPk", ExpressionAttributeNames: { "#tenancyPk": "pk" } }
 * ```
 */
export function withPartitionKeyProjected(
  projection: string | undefined,
  names: Names,
): PartitionKeyProjection | undefined {
  if (projection === undefined) return undefined;
  if (partitionKeyReferences(tokenize(projection), names).length > 0) return undefined;
  let placeholder = "#tenancyPk";
  for (let n = 2; names !== undefined && Object.hasOwn(names, placeholder); n += 1) {
    placeholder = `#tenancyPk${n}`;
  }
  return {
    ProjectionExpression: `${projection}, ${placeholder}`,
    ExpressionAttributeNames: { ...names, [placeholder]: PARTITION_KEY },
  };
}
