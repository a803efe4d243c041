import { PlannedResource } from "../plan/plannedResource";

/**
 * A resource as the checker hands it to the pack: what the plan records, plus the dependencies
 * the engine sends in AnalyzeStack when it knows them (`pulumi preview --json`, a stack export).
 * They are how the pack traces an unknown `policyArn` or `role` to the resource it came from.
 */
export interface CheckedResource extends PlannedResource {
  /** URNs this resource depends on. */
  readonly dependencies?: readonly string[];
  /** For each input, the URNs of the resources its value was computed from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}
