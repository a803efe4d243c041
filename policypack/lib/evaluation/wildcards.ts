import { registerCache } from "../caches";

/** A pattern after policy variables: text plus the positions that came from a variable's value. */
export interface ResolvedPattern {
  readonly text: string;
  /** Positions whose `*` or `?` is literal (substituted from a variable, or `${*}`). */
  readonly literal: ReadonlySet<number>;
  /** Positions of a `*` standing for a value the caller picks: a wildcard even to `StringEquals`. */
  readonly picked?: ReadonlySet<number>;
}

interface MatchOptions {
  readonly ignoreCase?: boolean;
  readonly arn?: boolean;
}

/**
 * Regexes by flags and pattern text. Patterns name tenant ids, so a stack of thousands of tenants
 * asks thousands of distinct ones: the oldest are dropped past the bound (recompiling is cheap).
 */
export const KEPT_REGEXES = 4_096;
const compiled = new Map<string, RegExp>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => compiled.clear());

/** How many regexes are kept (for tests of the bound). */
export function keptRegexCount(): number {
  return compiled.size;
}

/** What is known of one pattern object: whether it has wildcards, its regex per option set. */
interface PatternFacts {
  readonly wild: boolean;
  /** By option bits (1: ignoreCase, 2: arn). */
  readonly regexes: (RegExp | undefined)[];
}

/** Per pattern object, for patterns asked again and again (a condition's fixed values). */
let byPattern = new WeakMap<ResolvedPattern, PatternFacts>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => {
  byPattern = new WeakMap();
});

/**
 * IAM wildcard match. `*` is any run of characters and `?` one; in ARN mode neither crosses a
 * colon within the first five ARN fields (partition, service, region, account), as IAM matches
 * ARNs field by field, while the resource field may hold colons.
 */
export function wildcardMatches(
  pattern: ResolvedPattern,
  value: string,
  options: MatchOptions = {},
): boolean {
  let facts = byPattern.get(pattern);
  if (facts === undefined) byPattern.set(pattern, (facts = factsOf(pattern)));
  if (!facts.wild)
    return options.ignoreCase === true
      ? pattern.text.toLowerCase() === value.toLowerCase()
      : pattern.text === value;
  const bits = (options.ignoreCase === true ? 1 : 0) | (options.arn === true ? 2 : 0);
  let regex = facts.regexes[bits];
  if (regex === undefined) facts.regexes[bits] = regex = compile(pattern, options);
  return regex.test(value);
}

/**
 * Exact comparison (`StringEquals`): the text itself, except that a picked value matches any run
 * of characters.
 */
export function exactMatches(
  pattern: ResolvedPattern,
  value: string,
  options: { readonly ignoreCase?: boolean } = {},
): boolean {
  const { picked } = pattern;
  if (picked === undefined)
    return options.ignoreCase === true
      ? pattern.text.toLowerCase() === value.toLowerCase()
      : pattern.text === value;
  const literal = new Set<number>();
  for (let at = 0; at < pattern.text.length; at += 1) if (!picked.has(at)) literal.add(at);
  return wildcardMatches({ text: pattern.text, literal }, value, options);
}

/** A matcher for one pattern without variables, compiled once (statements are asked many times). */
export function wildcardMatcher(
  text: string,
  options: MatchOptions = {},
): (value: string) => boolean {
  if (!/[*?]/.test(text)) {
    if (options.ignoreCase !== true) return (value) => value === text;
    const wanted = text.toLowerCase();
    // No length shortcut: lower-casing can change a length ("İ" is two characters lower-cased),
    // and the answer must be wildcardMatches' for the same text.
    return (value) => value.toLowerCase() === wanted;
  }
  const regex = compile(plain(text), options);
  return (value) => regex.test(value);
}

export function plain(text: string): ResolvedPattern {
  return { text, literal: new Set() };
}

function factsOf(pattern: ResolvedPattern): PatternFacts {
  return { wild: /[*?]/.test(pattern.text), regexes: [] };
}

function compile(
  pattern: ResolvedPattern,
  { ignoreCase = false, arn = false }: MatchOptions,
): RegExp {
  const flags = `${ignoreCase ? "i" : "s"}${arn ? "a" : "t"}`;
  const literal = pattern.literal.size === 0 ? "" : [...pattern.literal].join(",");
  const key = `${flags}${literal}|${pattern.text}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    // A pattern with fewer than six fields (`*`, `arn:aws:*`) lets its last wildcard span the rest.
    const fielded = arn && pattern.text.split(":").length >= 6;
    let colons = 0;
    let body = "";
    let literalRun = "";
    for (const [index, ch] of [...pattern.text].entries()) {
      const inField = fielded && colons < 5;
      if (ch === ":") colons += 1;
      const wildcard = (ch === "*" || ch === "?") && !pattern.literal.has(index);
      if (!wildcard) {
        literalRun += ch;
        continue;
      }
      // Literal text is escaped a run at a time, not a character at a time.
      body +=
        escapeRegExp(literalRun) +
        (ch === "*" ? (inField ? "[^:]*" : ".*") : inField ? "[^:]" : ".");
      literalRun = "";
    }
    body += escapeRegExp(literalRun);
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (compiled.size >= KEPT_REGEXES) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, regex);
  }
  return regex;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
