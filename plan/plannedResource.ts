/** One resource the program registered, as the engine (or the offline mock engine) saw it. */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:iam/role:Role` or `tenancy:index:Tenant`. */
  readonly type: string;
  /** Logical name given to the constructor. */
  readonly name: string;
  readonly urn: string;
  /** URN of the parent resource; undefined for resources parented by the stack. */
  readonly parent?: string;
  /** Whether it is a provider resource (true) or a component (false). */
  readonly custom: boolean;
  /** Inputs as sent to the engine (plain JSON; secrets unwrapped). */
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Whether a replacement deletes the old resource first (needed when it reuses a unique name). */
  readonly deleteBeforeReplace?: boolean;
  /** Physical id the engine adopts instead of creating the resource (`import` option). */
  readonly importId?: string;
  /** URNs the resource waits for (`dependsOn` and the resources its inputs come from). */
  readonly dependencies?: readonly string[];
}
