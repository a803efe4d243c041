/**
 * The condition keys of one request. Keys are compared case-insensitively, as IAM does (tag keys
 * included). A key the pack does not model (aws:SourceIp, aws:CurrentTime, ...) is one whose value
 * an attacker or the environment chooses: an Allow condition on it may hold, a Deny condition may
 * not, so neither hides a leak.
 */
export class RequestContext {
  private lowerCased: ReadonlyMap<string, readonly string[]> | undefined;

  constructor(
    private readonly given: Readonly<Record<string, readonly string[]>>,
    /** Lower-case keys, or prefixes ending in `/`, whose absence is known too. */
    private readonly modelledKeys: readonly string[],
  ) {}

  /** A context from single values or lists. */
  static of(
    values: Readonly<Record<string, string | readonly string[]>>,
    modelledKeys: readonly string[],
  ): RequestContext {
    return new RequestContext(listed(values), modelledKeys);
  }

  values(key: string): readonly string[] | undefined {
    // Built on first use: most requests are decided by action and resource alone.
    this.lowerCased ??= new Map(
      Object.entries(this.given).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return this.lowerCased.get(key.toLowerCase());
  }

  isModelled(key: string): boolean {
    if (this.values(key) !== undefined) return true;
    const wanted = key.toLowerCase();
    return this.modelledKeys.some((known) =>
      known.endsWith("/") ? wanted.startsWith(known) : wanted === known,
    );
  }

  /** A copy with more (or replaced) keys, for requests that differ in one key. */
  with(
    values: Readonly<Record<string, string | readonly string[]>>,
    modelled: readonly string[] = [],
  ): RequestContext {
    return new RequestContext(
      { ...this.given, ...listed(values) },
      modelled.length === 0 ? this.modelledKeys : [...this.modelledKeys, ...modelled],
    );
  }

  /** `{"dynamodb:LeadingKeys": ["globex#r1"]}` for messages (only keys the request sets). */
  describe(): Readonly<Record<string, readonly string[]>> {
    return this.given;
  }
}

function listed(
  values: Readonly<Record<string, string | readonly string[]>>,
): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const key of Object.keys(values)) {
    const value = values[key] as string | readonly string[];
    out[key] = typeof value === "string" ? [value] : value;
  }
  return out;
}
