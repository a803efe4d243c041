/** An IAM policy document as the rules see it: every list a list, whatever the author wrote. */

export interface Principal {
  /** `*` for a bare `"Principal": "*"`, else the key: AWS, Service, Federated, CanonicalUser. */
  readonly kind: string;
  readonly value: string;
}

export interface ConditionEntry {
  /** As written, e.g. `ForAllValues:StringLike`. */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  /** Action names as written; compare with `globMatches(..., true)`: actions are case-insensitive. */
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly Principal[];
  readonly conditions: readonly ConditionEntry[];
  readonly notAction: boolean;
  readonly notResource: boolean;
  readonly notPrincipal: boolean;
}

export interface PolicyDocument {
  readonly version?: string;
  readonly statements: readonly Statement[];
}

export type ParsedDocument =
  | { readonly kind: "document"; readonly document: PolicyDocument }
  | { readonly kind: "malformed"; readonly reason: string };

/** Accepts a JSON string or an object, the two ways Pulumi programs pass policy documents. */
export function parsePolicyDocument(raw: unknown): ParsedDocument {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      return { kind: "malformed", reason: `it is not JSON (${(err as Error).message})` };
    }
  }
  if (!isRecord(value)) return { kind: "malformed", reason: "it is not a JSON object" };
  const statement = value.Statement;
  if (statement === undefined) return { kind: "malformed", reason: "it has no Statement" };
  const items = Array.isArray(statement) ? statement : [statement];
  const statements: Statement[] = [];
  for (const [index, item] of items.entries()) {
    if (!isRecord(item))
      return { kind: "malformed", reason: `statement ${index} is not an object` };
    statements.push(normalizeStatement(item, index));
  }
  const version = typeof value.Version === "string" ? value.Version : undefined;
  return { kind: "document", document: { version, statements } };
}

/** "statement 2 (Sid OwnItemsOnly)": how messages point at a statement. */
export function describeStatement(statement: Statement): string {
  return statement.sid === undefined
    ? `statement ${statement.index}`
    : `statement ${statement.index} (Sid ${statement.sid})`;
}

export function isAllow(statement: Statement): boolean {
  return statement.effect.toLowerCase() === "allow";
}

/** Condition entries whose key matches, case-insensitively, as IAM compares condition keys. */
export function conditionsOn(statement: Statement, key: string): ConditionEntry[] {
  const wanted = key.toLowerCase();
  return statement.conditions.filter((entry) => entry.key.toLowerCase() === wanted);
}

function normalizeStatement(item: Record<string, unknown>, index: number): Statement {
  return {
    index,
    sid: typeof item.Sid === "string" && item.Sid !== "" ? item.Sid : undefined,
    effect: typeof item.Effect === "string" ? item.Effect : "",
    actions: strings(item.Action ?? item.NotAction),
    resources: strings(item.Resource ?? item.NotResource),
    principals: principals(item.Principal ?? item.NotPrincipal),
    conditions: conditions(item.Condition),
    notAction: item.NotAction !== undefined,
    notResource: item.NotResource !== undefined,
    notPrincipal: item.NotPrincipal !== undefined,
  };
}

function principals(raw: unknown): Principal[] {
  if (raw === undefined) return [];
  if (typeof raw === "string") return [{ kind: raw === "*" ? "*" : "AWS", value: raw }];
  if (!isRecord(raw)) return [{ kind: "*", value: JSON.stringify(raw) }];
  return Object.entries(raw).flatMap(([kind, values]) =>
    strings(values).map((value) => ({ kind, value })),
  );
}

function conditions(raw: unknown): ConditionEntry[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).flatMap(([operator, block]) =>
    isRecord(block)
      ? Object.entries(block).map(([key, values]) => ({ operator, key, values: strings(values) }))
      : [],
  );
}

function strings(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
