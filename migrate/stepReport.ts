import { writeFileSync } from "node:fs";

/** What every step's report holds, whatever it migrated. */
export interface StepReport {
  readonly step: "users" | "dynamodb" | "s3" | "verify";
  /** False for a plan (--dry-run, the default): nothing was written. */
  readonly applied: boolean;
}

export function writeReport(file: string | undefined, report: StepReport): void {
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Counts per tenant, keyed by tenant id, in a stable order for reports and diffs. */
export function sortedCounts(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}
