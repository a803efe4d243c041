/**
 * The condition keys of one request. Keys are compared case-insensitively, as IAM does (tag keys
 * included). A key the pack does not model (aws:SourceIp, aws:CurrentTime, ...) is one whose value
 * an attacker or the environment chooses: an Allow condition on it may hold, a Deny condition may
 * not, so neither hides a leak.
 *
 * Probes differ from the session's context in a key or two, so a context is layered: it holds
 * only what it adds and asks the context it was made from for the rest (no copy per probe).
 */
/** A key as given and its values. */
interface ContextEntry {
  readonly key: string;
  readonly values: readonly string[];
}

export class RequestContext {
  private constructor(
    /** By lower-cased key. */
    private readonly own: ReadonlyMap<string, ContextEntry>,
    /** Lower-case keys, or prefixes ending in `/`, whose absence is known too. */
    private readonly modelledKeys: readonly string[],
    private readonly base: RequestContext | undefined,
    /** Whether messages show this layer's keys. */
    private readonly shown = true,
    /** By lower-cased key: keys present whose value the caller picks, after a fixed start. */
    private readonly picked: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** A context from single values or lists. */
  static of(
    values: Readonly<Record<string, string | readonly string[]>>,
    modelledKeys: readonly string[],
  ): RequestContext {
    return new RequestContext(listed(values), modelledKeys, undefined);
  }

  /**
   * Keys every request of a session carries (its account, its region): messages leave them out.
   * `picked` keys are present too with a value the pack cannot know beyond the given start
   * (`aws:PrincipalArn` is some role of the account): a condition on one is unmodelled and a
   * policy variable naming one resolves in the caller's favour (policyVariables.ts), as for any
   * key the context does not model.
   */
  static ambient(
    values: Readonly<Record<string, string>>,
    picked: Readonly<Record<string, string>> = {},
  ): RequestContext {
    const starts = new Map(
      Object.entries(picked).map(([key, start]) => [key.toLowerCase(), start]),
    );
    return new RequestContext(listed(values), [], undefined, false, starts);
  }

  values(key: string): readonly string[] | undefined {
    return this.lookup(key.toLowerCase());
  }

  /**
   * For a key whose value the pack cannot know, the start of it that is known ("" for none):
   * the caller picks it (`aws:SourceIdentity`, `aws:UserAgent`, a request tag), or the pack does
   * not read it (`aws:PrincipalArn`, the stack's default tags). Undefined for a key with a known
   * value or known to be absent.
   */
  pickedStart(key: string): string | undefined {
    const lowered = key.toLowerCase();
    return this.listedStart(lowered) ?? (this.isModelled(lowered) ? undefined : "");
  }

  isModelled(key: string): boolean {
    const wanted = key.toLowerCase();
    return this.lookup(wanted) !== undefined || this.modelsKey(wanted);
  }

  private listedStart(lowered: string): string | undefined {
    return this.own.has(lowered)
      ? undefined
      : (this.picked.get(lowered) ?? this.base?.listedStart(lowered));
  }

  /** The values of a lower-cased key, this layer's over its base's (one lower-casing per ask). */
  private lookup(lowered: string): readonly string[] | undefined {
    return this.own.get(lowered)?.values ?? this.base?.lookup(lowered);
  }

  private modelsKey(wanted: string): boolean {
    return (
      this.modelledKeys.some((known) =>
        known.endsWith("/") ? wanted.startsWith(known) : wanted === known,
      ) ||
      (this.base?.modelsKey(wanted) ?? false)
    );
  }

  /** A context with more (or replaced) keys, for requests that differ in one key. */
  with(
    values: Readonly<Record<string, string | readonly string[]>>,
    modelled: readonly string[] = [],
  ): RequestContext {
    return new RequestContext(listed(values), modelled, this);
  }

  /** `{"dynamodb:LeadingKeys": ["globex#r1"]}` for messages (only keys the request sets). */
  describe(): Readonly<Record<string, readonly string[]>> {
    return Object.fromEntries([...this.entries().values()].map(({ key, values }) => [key, values]));
  }

  /** Every shown key by its lower-cased form, this layer's over its base's. */
  private entries(): Map<string, ContextEntry> {
    const entries = this.base?.entries() ?? new Map<string, ContextEntry>();
    if (this.shown) for (const [lowered, entry] of this.own) entries.set(lowered, entry);
    return entries;
  }
}

function listed(
  values: Readonly<Record<string, string | readonly string[]>>,
): Map<string, ContextEntry> {
  const out = new Map<string, ContextEntry>();
  for (const key of Object.keys(values)) {
    const value = values[key] as string | readonly string[];
    out.set(key.toLowerCase(), { key, values: typeof value === "string" ? [value] : value });
  }
  return out;
}
