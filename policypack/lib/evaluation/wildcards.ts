/** A pattern after policy variables: text plus the positions that came from a variable's value. */
export interface ResolvedPattern {
  readonly text: string;
  /** Positions whose `*` or `?` is literal (substituted from a variable, or `${*}`). */
  readonly literal: ReadonlySet<number>;
}

interface MatchOptions {
  readonly ignoreCase?: boolean;
  readonly arn?: boolean;
}

const compiled = new Map<string, RegExp>();
/** The same by pattern object, for patterns asked again and again (a condition's fixed values). */
const byPattern = new WeakMap<ResolvedPattern, Map<string, RegExp>>();

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
  if (!/[*?]/.test(pattern.text))
    return options.ignoreCase === true
      ? pattern.text.toLowerCase() === value.toLowerCase()
      : pattern.text === value;
  return compile(pattern, options).test(value);
}

/** A matcher for one pattern without variables, compiled once (statements are asked many times). */
export function wildcardMatcher(
  text: string,
  options: MatchOptions = {},
): (value: string) => boolean {
  if (!/[*?]/.test(text)) {
    if (options.ignoreCase !== true) return (value) => value === text;
    const wanted = text.toLowerCase();
    return (value) => value.length === wanted.length && value.toLowerCase() === wanted;
  }
  const regex = compile(plain(text), options);
  return (value) => regex.test(value);
}

export function plain(text: string): ResolvedPattern {
  return { text, literal: new Set() };
}

function compile(
  pattern: ResolvedPattern,
  { ignoreCase = false, arn = false }: MatchOptions,
): RegExp {
  const flags = `${ignoreCase ? "i" : "s"}${arn ? "a" : "t"}`;
  let known = byPattern.get(pattern);
  if (known === undefined) byPattern.set(pattern, (known = new Map()));
  const cached = known.get(flags);
  if (cached !== undefined) return cached;
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
    compiled.set(key, regex);
  }
  known.set(flags, regex);
  return regex;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
