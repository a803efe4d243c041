/**
 * The condition keys of one request. Keys are compared case-insensitively, as IAM does (tag keys
 * included). A key the pack does not model (aws:SourceIp, aws:CurrentTime, ...) is one whose value
 * an attacker or the environment chooses: an Allow condition on it may hold, a Deny condition may
 * not, so neither hides a leak.
 */
export class RequestContext {
  private readonly entries: ReadonlyMap<string, readonly string[]>;
  private readonly given: Readonly<Record<string, readonly string[]>>;

  constructor(
    values: Readonly<Record<string, string | readonly string[]>>,
    /** Lower-case keys, or prefixes ending in `/`, whose absence is known too. */
    private readonly modelledKeys: readonly string[],
  ) {
    this.given = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        typeof value === "string" ? [value] : value,
      ]),
    );
    this.entries = new Map(
      Object.entries(this.given).map(([key, value]) => [key.toLowerCase(), value]),
    );
  }

  values(key: string): readonly string[] | undefined {
    return this.entries.get(key.toLowerCase());
  }

  isModelled(key: string): boolean {
    const wanted = key.toLowerCase();
    if (this.entries.has(wanted)) return true;
    return this.modelledKeys.some((known) =>
      known.endsWith("/") ? wanted.startsWith(known) : wanted === known,
    );
  }

  /** A copy with more (or replaced) keys, for requests that differ in one key. */
  with(
    values: Readonly<Record<string, string | readonly string[]>>,
    modelled: readonly string[] = [],
  ): RequestContext {
    return new RequestContext({ ...this.given, ...values }, [...this.modelledKeys, ...modelled]);
  }

  /** `{"dynamodb:LeadingKeys": ["globex#r1"]}` for messages (only keys the request sets). */
  describe(): Readonly<Record<string, readonly string[]>> {
    return this.given;
  }
}
