import { RequestRefusedError } from "../errors";

/** The partition key attribute of the shared table. */
export const PARTITION_KEY = "pk";

interface Token {
  readonly text: string;
}

type Names = Readonly<Record<string, string>> | undefined;

// Name placeholders, value placeholders, bare names, two-character comparators, single symbols
// (a number, which only a list index holds, is read digit by digit: no check looks at it).
const TOKEN = /#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|<>|<=|>=|\S/g;

/** Functions that only test whether `pk` exists: harmless, and common in put conditions. */
const EXISTENCE_FUNCTIONS: ReadonlySet<string | undefined> = new Set([
  "attribute_exists",
  "attribute_not_exists",
]);

function tokenize(expression: string): Token[] {
  return Array.from(expression.matchAll(TOKEN), (m) => ({ text: m[0] }));
}

/**
 * The tokens of an expression field, which must be a string: any other value (a byte array
 * carrying its own `matchAll` or `toJSON`) could read one way here and serialize another way.
 */
function tokensOf(expression: unknown, field: string): Token[] {
  if (typeof expression !== "string")
    throw new RequestRefusedError("ERR_INPUT_NOT_PLAIN", `${field} must be a string`);
  return tokenize(expression);
}

/** Attribute names whose values carry the tenant prefix: `pk` and declared index partition keys. */
export type ScopedAttributes = ReadonlySet<string>;

/** Only the table's partition key (a stack without secondary indexes). */
export const TABLE_KEY_ONLY: ScopedAttributes = new Set([PARTITION_KEY]);

/** The name a token stands for: `#placeholder` resolved, a bare name as it is. */
function resolve(token: Token, names: Names): string | undefined {
  return token.text.startsWith("#") ? names?.[token.text] : token.text;
}

/** Indexes of tokens that name a top-level scoped attribute (directly or via `#placeholder`). */
function scopedReferences(
  tokens: readonly Token[],
  names: Names,
  // Widened so that an unresolved placeholder (undefined) is simply not a member.
  scoped: ReadonlySet<string | undefined>,
): number[] {
  const found: number[] = [];
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (previous === "." || next === "(") return; // nested attribute or function name
    const resolved = resolve(token, names);
    if (scoped.has(resolved)) found.push(i);
  });
  return found;
}

function refused(field: string, detail: string, attribute = PARTITION_KEY): RequestRefusedError {
  return new RequestRefusedError(
    "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
    `${field} ${detail}: the runtime owns the tenant part of ${attribute}`,
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
  scoped: ScopedAttributes = TABLE_KEY_ONLY,
): void {
  if (expression === undefined) return;
  const tokens = tokensOf(expression, field);
  for (const i of scopedReferences(tokens, names, scoped)) {
    // An existence function two tokens back means i >= 2, so tokens[i - 1] exists.
    const allowed =
      EXISTENCE_FUNCTIONS.has(tokens[i - 2]?.text) &&
      (tokens[i - 1] as Token).text === "(" &&
      tokens[i + 1]?.text === ")";
    const attribute = resolve(tokens[i] as Token, names) ?? PARTITION_KEY;
    if (!allowed)
      throw refused(
        field,
        `may use ${attribute} only inside attribute_exists() or attribute_not_exists()`,
        attribute,
      );
  }
}

const UPDATE_CLAUSES = new Set(["SET", "REMOVE", "ADD", "DELETE"]);

/**
 * Refuses an update expression that touches `pk` at all (DynamoDB never lets a key change), and
 * one that touches an index partition key other than as `SET <attribute> = :value` or `REMOVE
 * <attribute>`: the value placeholders returned are the ones the caller must prefix.
 *
 * @example
 * ```ts
 * assertUpdateSafe("SET #n = :n", { "#n": "name" }); // [] (nothing to prefix)
 * assertUpdateSafe("SET gsi1pk = :g", undefined, new Set(["pk", "gsi1pk"])); // [":g"]
 * ```
 */
export function assertUpdateSafe(
  expression: string | undefined,
  names: Names,
  scoped: ScopedAttributes = TABLE_KEY_ONLY,
): string[] {
  if (expression === undefined) return [];
  const tokens = tokensOf(expression, "UpdateExpression");
  // The clause each token belongs to, from the keywords at parenthesis depth 0.
  const clauses: string[] = [];
  let clause = "";
  let depth = 0;
  for (const token of tokens) {
    if (token.text === "(") depth += 1;
    if (token.text === ")") depth -= 1;
    if (depth === 0 && UPDATE_CLAUSES.has(token.text.toUpperCase()))
      clause = token.text.toUpperCase();
    clauses.push(clause);
  }
  const endsOperand = (i: number) => {
    const text = tokens[i]?.text;
    return text === undefined || text === "," || UPDATE_CLAUSES.has(text.toUpperCase());
  };
  const placeholders: string[] = [];
  for (const i of scopedReferences(tokens, names, scoped)) {
    const attribute = resolve(tokens[i] as Token, names) ?? PARTITION_KEY;
    if (attribute === PARTITION_KEY) throw refused("UpdateExpression", "must not reference pk");
    const previous = tokens[i - 1]?.text.toUpperCase();
    const startsOperand = previous === "," || previous === clauses[i];
    const value = tokens[i + 2]?.text ?? "";
    if (
      startsOperand &&
      clauses[i] === "SET" &&
      tokens[i + 1]?.text === "=" &&
      value.startsWith(":") &&
      endsOperand(i + 3)
    ) {
      placeholders.push(value);
    } else if (!(startsOperand && clauses[i] === "REMOVE" && endsOperand(i + 1))) {
      throw refused(
        "UpdateExpression",
        `may change ${attribute} only as "SET ${attribute} = :value" or "REMOVE ${attribute}"`,
        attribute,
      );
    }
  }
  return placeholders;
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
export function partitionKeyPlaceholder(
  expression: string | undefined,
  names: Names,
  attribute = PARTITION_KEY,
  scoped: ScopedAttributes = TABLE_KEY_ONLY,
): string {
  if (expression === undefined) {
    throw new RequestRefusedError(
      "ERR_PARAMETER_NOT_SUPPORTED",
      "query requires KeyConditionExpression",
    );
  }
  const tokens = tokensOf(expression, "KeyConditionExpression");
  const refs = scopedReferences(tokens, names, new Set([...scoped, attribute]));
  const own = refs.filter((i) => resolve(tokens[i] as Token, names) === attribute);
  const other = refs.find((i) => !own.includes(i));
  if (other !== undefined) {
    const name = resolve(tokens[other] as Token, names) ?? PARTITION_KEY;
    throw refused("KeyConditionExpression", `must not reference ${name}`, name);
  }
  if (own.length !== 1)
    throw refused("KeyConditionExpression", `must compare ${attribute} exactly once`, attribute);
  const [i] = own as [number];
  const after = tokens.slice(i + 1, i + 3).map((t) => t.text);
  if (after[0] === "=" && after[1]?.startsWith(":")) return after[1];
  const value = tokens[i - 2]?.text;
  if (tokens[i - 1]?.text === "=" && value?.startsWith(":")) return value;
  throw refused(
    "KeyConditionExpression",
    `must compare ${attribute} with '=' and a value placeholder`,
    attribute,
  );
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
  const tokens = tokensOf(projection, "ProjectionExpression");
  if (scopedReferences(tokens, names, TABLE_KEY_ONLY).length > 0) return undefined;
  let placeholder = "#tenancyPk";
  for (let n = 2; names !== undefined && Object.hasOwn(names, placeholder); n += 1) {
    placeholder = `#tenancyPk${n}`;
  }
  return {
    ProjectionExpression: `${projection}, ${placeholder}`,
    ExpressionAttributeNames: { ...names, [placeholder]: PARTITION_KEY },
  };
}
