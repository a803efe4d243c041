import type { Outcome, ProbeRequest } from "./probe";

/**
 * pass: as expected. fail: not as expected, or a deny the simulator could not really test.
 * unproven: a must-allow probe the simulator could not evaluate faithfully (it dropped a context
 * key the real request carries); reported, but not an isolation failure.
 */
export type Verdict = "pass" | "fail" | "unproven";

export interface ProbeResult {
  readonly tenantId: string;
  readonly probe: string;
  readonly expected: Outcome;
  readonly actual: Outcome;
  readonly verdict: Verdict;
  /** `identity:OwnItemsOnly`, `trust:WorkloadAssumesWithTenantTag`; absent when no statement matched. */
  readonly decidingStatement?: string;
  /** One line: what the probe stands for and why IAM decided as it did. */
  readonly explanation: string;
  /** Only on results that are not a pass, so a 1,000-tenant JSON report stays small. */
  readonly request?: ProbeRequest;
}

/** A fact about the documents that the probes rely on, checked statically (see README). */
export interface PremiseResult {
  readonly tenantId: string;
  readonly premise: string;
  readonly holds: boolean;
  readonly explanation: string;
}

/** One IAM rule the simulator must reproduce for the proof to mean anything. */
export interface CalibrationResult {
  readonly rule: string;
  readonly iam: Outcome;
  readonly simulator: Outcome;
  readonly ok: boolean;
}

export interface TenantSummary {
  readonly tenantId: string;
  readonly status: "active" | "suspended";
  readonly probes: number;
  readonly failed: number;
  readonly unproven: number;
}

export interface ProofReport {
  /** True when every probe passed or is unproven-allow, every premise holds and calibration agrees. */
  readonly ok: boolean;
  readonly tenants: readonly TenantSummary[];
  readonly results: readonly ProbeResult[];
  readonly premises: readonly PremiseResult[];
  readonly calibration: readonly CalibrationResult[];
  readonly totals: {
    readonly probes: number;
    readonly passed: number;
    readonly failed: number;
    readonly unproven: number;
    readonly simulations: number;
    readonly durationMs: number;
  };
}
