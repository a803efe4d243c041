/** One diagnostic of the pack, as `pulumi preview` would report it. */
export interface Violation {
  /** Policy name, e.g. `tenant-data-leaks`. */
  readonly policy: string;
  readonly level: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly urn: string;
  /** As the SDK sends it: the policy's description, a newline, then `[TI-LEAK-001] ...`. */
  readonly message: string;
}

/** The rule id a message line starts with (`TI-LEAK-001`), or undefined for SDK messages. */
export function ruleIdOf(violation: Pick<Violation, "message">): string | undefined {
  return /^\[(TI-[A-Z0-9]+-\d{3})\]/m.exec(violation.message)?.[1];
}
