import { StepReport } from "./stepReport";

/** Longest list printed in the terminal summary; the JSON report has them all. */
const LISTED = 20;

/**
 * A terminal summary of any step's report: scalar fields and totals as lines, lists as their
 * first entries. The JSON report (--json, --report) is the complete record.
 */
export function formatReport(report: StepReport): string {
  const title = `${report.step}: ${report.applied ? "applied" : "plan only (nothing written; add --apply to write)"}`;
  return [title, ...describe(report as unknown as Record<string, unknown>, "  ")].join("\n");
}

function describe(value: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (name === "step" || name === "applied") continue;
    if (Array.isArray(field)) {
      if (field.length === 0) continue;
      lines.push(`${indent}${name} (${field.length}):`);
      for (const entry of field.slice(0, LISTED)) lines.push(`${indent}  ${JSON.stringify(entry)}`);
      if (field.length > LISTED)
        lines.push(`${indent}  ... ${field.length - LISTED} more in the report`);
    } else if (typeof field === "object" && field !== null) {
      lines.push(`${indent}${name}:`, ...describe(field as Record<string, unknown>, `${indent}  `));
    } else {
      lines.push(`${indent}${name}: ${String(field)}`);
    }
  }
  return lines;
}
