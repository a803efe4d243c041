/** A pattern after policy variables: text plus the positions that came from a variable's value. */
export interface ResolvedPattern {
  readonly text: string;
  /** Positions whose `*` or `?` is literal (substituted from a variable, or `${*}`). */
  readonly literal: ReadonlySet<number>;
}

const compiled = new Map<string, RegExp>();

/**
 * IAM wildcard match. `*` is any run of characters and `?` one; in ARN mode neither crosses a
 * colon within the first five ARN fields (partition, service, region, account), as IAM matches
 * ARNs field by field, while the resource field may hold colons.
 */
/** A compiled matcher for one pattern (plain text without variables). */
export function wildcardMatcher(
  text: string,
  options: { readonly ignoreCase?: boolean; readonly arn?: boolean } = {},
): (value: string) => boolean {
  if (!/[*?]/.test(text)) {
    const wanted = options.ignoreCase === true ? text.toLowerCase() : text;
    return options.ignoreCase === true
      ? (value) => value.toLowerCase() === wanted
      : (value) => value === wanted;
  }
  const pattern = plain(text);
  wildcardMatches(pattern, "", options);
  return (value) => wildcardMatches(pattern, value, options);
}

export function wildcardMatches(
  pattern: ResolvedPattern,
  value: string,
  {
    ignoreCase = false,
    arn = false,
  }: { readonly ignoreCase?: boolean; readonly arn?: boolean } = {},
): boolean {
  if (!/[*?]/.test(pattern.text))
    return ignoreCase ? pattern.text.toLowerCase() === value.toLowerCase() : pattern.text === value;
  const literal = pattern.literal.size === 0 ? "" : [...pattern.literal].join(",");
  const key = `${ignoreCase ? "i" : "s"}${arn ? "a" : "t"}${literal}|${pattern.text}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    // A pattern with fewer than six fields (`*`, `arn:aws:*`) lets its last wildcard span the rest.
    const fielded = arn && pattern.text.split(":").length >= 6;
    let colons = 0;
    let body = "";
    for (const [index, ch] of [...pattern.text].entries()) {
      const inField = fielded && colons < 5;
      if (ch === ":") colons += 1;
      if (ch === "*" && !pattern.literal.has(index)) body += inField ? "[^:]*" : ".*";
      else if (ch === "?" && !pattern.literal.has(index)) body += inField ? "[^:]" : ".";
      else body += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    compiled.set(key, regex);
  }
  return regex.test(value);
}

export function plain(text: string): ResolvedPattern {
  return { text, literal: new Set() };
}
