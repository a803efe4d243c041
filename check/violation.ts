/** One diagnostic of the pack, as `pulumi preview` would report it. */
export interface Violation {
  /** Policy name, e.g. `tenant-dynamodb-leading-keys`. */
  readonly policy: string;
  readonly level: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly urn: string;
  /** Starts with the rule id, e.g. `[TI-DDB-001] ...`. */
  readonly message: string;
}

/** The rule id a message starts with (`TI-DDB-001`), or undefined for SDK messages. */
export function ruleIdOf(violation: Pick<Violation, "message">): string | undefined {
  return /^\[(TI-[A-Z0-9]+-\d{3})\]/.exec(violation.message)?.[1];
}
