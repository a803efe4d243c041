/**
 * Where a witness must start and what counts as safe: with `exact`, only `safe` itself; otherwise
 * any text that starts with `safe`, and `alsoSafe`, a proper prefix of `safe` that is safe by
 * itself (the partition key `acme` beside the keys `acme#...`). `required` is a prefix of `safe`;
 * with `shortOfRequired`, a proper prefix of `required` is a witness too (a listing prefix such
 * as `tena` lists every tenant's keys).
 */
export interface WitnessScope {
  readonly required: string;
  readonly safe: string;
  readonly exact: boolean;
  readonly alsoSafe?: string;
  readonly shortOfRequired?: boolean;
}

/** `safe` matched up to here, and then a character that differs: every later text is unsafe. */
const DIVERGED = -1;

/**
 * A text that the IAM wildcard pattern matches (`*` any run, `?` one character) and that lies in
 * the scope but is not safe, e.g. the object key `tenants/xx/report.pdf` for `tenants/*.pdf` when
 * only `tenants/acme/` is safe; undefined when the pattern matches nothing unsafe. The
 * representative requests try fixed keys (`tenants/<other>/r1`), which a pattern with a literal
 * tail or a fragment of another id need not match; a witness is built from the pattern itself.
 * Breadth-first over (pattern position, characters of `safe` matched): a wildcard either follows
 * `safe` or leaves it, the only two choices that change the outcome.
 */
export function unsafeWitness(pattern: string, scope: WitnessScope): string | undefined {
  const { required, safe, exact } = scope;
  // Most patterns are decided by their literal start: another service's ARN leaves `required`,
  // the tenant's own prefix followed by anything stays safe. Only the rest need the search.
  const literal = literalStart(pattern);
  const common = commonPrefixLength(literal, safe);
  if (common < Math.min(literal.length, required.length)) return undefined;
  if (!exact && common === safe.length) return undefined;
  const step = (matched: number, char: string): number | undefined => {
    if (matched === DIVERGED) return DIVERGED;
    if (matched < safe.length && char === safe[matched]) return matched + 1;
    if (matched < required.length) return undefined;
    return matched === safe.length && !exact ? undefined : DIVERGED;
  };
  const accepts = (matched: number) =>
    matched === DIVERGED ||
    (matched < safe.length &&
      matched !== scope.alsoSafe?.length &&
      (matched >= required.length || scope.shortOfRequired === true));
  const choices = (matched: number): string[] => {
    const next = matched === DIVERGED ? undefined : safe[matched];
    return next === undefined ? ["x"] : [next, next === "x" ? "y" : "x"];
  };
  const queue = [{ position: 0, matched: 0, text: "" }];
  const seen = new Set(["0 0"]);
  for (const { position, matched, text } of queue) {
    if (position === pattern.length) {
      if (accepts(matched)) return text;
      continue;
    }
    const token = pattern[position] as string;
    const moves: (readonly [number, string])[] =
      token === "*"
        ? [[position + 1, ""], ...choices(matched).map((char) => [position, char] as const)]
        : token === "?"
          ? choices(matched).map((char) => [position + 1, char] as const)
          : [[position + 1, token]];
    for (const [next, char] of moves) {
      const after = char === "" ? matched : step(matched, char);
      if (after === undefined || seen.has(`${next} ${after}`)) continue;
      seen.add(`${next} ${after}`);
      queue.push({ position: next, matched: after, text: text + char });
    }
  }
  return undefined;
}

/** The pattern up to its first wildcard. */
function literalStart(pattern: string): string {
  const wildcard = pattern.search(/[*?]/);
  return wildcard < 0 ? pattern : pattern.slice(0, wildcard);
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}
