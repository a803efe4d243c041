import type { ProbeResult, ProofReport } from "./proofReport";

export interface FormatOptions {
  /** Up to this many tenants the matrix is printed probe x tenant; beyond, one line per tenant. */
  readonly maxMatrixTenants?: number;
  /** `none` prints totals and problems only; `matrix` the matrix whatever the tenant count. */
  readonly table?: "auto" | "matrix" | "none";
  /** Only these tenants in the table (problems of every tenant are always printed). */
  readonly tenants?: readonly string[];
}

const MARK = { pass: "", fail: " ✗", unproven: " ?" } as const;

/** The human form of a report: a compact matrix (or per-tenant summary), then every problem in full. */
export function formatProofReport(report: ProofReport, options: FormatOptions = {}): string {
  const maxMatrixTenants = options.maxMatrixTenants ?? 8;
  const lines: string[] = [];
  const focus = options.tenants;
  const shown: ProofReport =
    focus === undefined || focus.length === 0
      ? report
      : {
          ...report,
          tenants: report.tenants.filter((t) => focus.includes(t.tenantId)),
          results: report.results.filter((r) => focus.includes(r.tenantId)),
        };
  const table = options.table ?? "auto";
  if (table === "matrix" || (table === "auto" && shown.tenants.length <= maxMatrixTenants)) {
    lines.push(matrix(shown), "");
  } else if (table === "auto") {
    lines.push(
      summary(shown),
      `(one line per tenant above ${maxMatrixTenants} tenants; the probe x tenant matrix: --verbose, or --tenant ID)`,
      "",
    );
  }
  const t = report.totals;
  lines.push(
    `${t.probes} probes over ${report.tenants.length} tenants: ${t.passed} passed, ${t.failed} failed, ${t.unproven} unproven` +
      ` (${t.simulations} simulated requests in ${(t.durationMs / 1000).toFixed(1)} s)`,
  );
  const badCalibration = report.calibration.filter((c) => !c.ok);
  for (const c of badCalibration) {
    lines.push(
      `SIMULATOR DISAGREES WITH IAM: ${c.rule}: IAM ${c.iam}, simulator ${c.simulator}. No result above can be trusted.`,
    );
  }
  for (const p of report.premises.filter((p) => !p.holds)) {
    lines.push(`PREMISE BROKEN ${p.tenantId} ${p.premise}: ${p.explanation}`);
  }
  for (const r of report.results.filter((r) => r.verdict !== "pass")) {
    lines.push(problem(r));
  }
  lines.push(
    report.ok ? "Isolation proved: no tenant can reach another." : "Isolation NOT proved.",
  );
  return lines.join("\n");
}

function problem(r: ProbeResult): string {
  const head = r.verdict === "fail" ? "FAIL" : "UNPROVEN";
  const deciding = r.decidingStatement ?? "no statement matched";
  return `${head} ${r.tenantId} ${r.probe}: expected ${r.expected}, simulator says ${r.actual} [${deciding}]\n  ${r.explanation}`;
}

/** Rows are probes, columns tenants; a cell is what IAM decided, marked when it is not as expected. */
function matrix(report: ProofReport): string {
  const tenants = report.tenants.map((t) => t.tenantId);
  const probes = [...new Set(report.results.map((r) => r.probe))];
  const cells = new Map(
    report.results.map((r) => [`${r.tenantId}\u0000${r.probe}`, `${r.actual}${MARK[r.verdict]}`]),
  );
  const header = [
    "probe",
    ...report.tenants.map((t) =>
      t.status === "active" ? t.tenantId : `${t.tenantId} (${t.status})`,
    ),
  ];
  const rows = probes.map((probe) => [
    probe,
    ...tenants.map((tenant) => cells.get(`${tenant}\u0000${probe}`) ?? "-"),
  ]);
  return grid([header, ...rows]);
}

function summary(report: ProofReport): string {
  const header = ["tenant", "status", "probes", "failed", "unproven"];
  const rows = report.tenants.map((t) => [
    t.tenantId,
    t.status,
    String(t.probes),
    String(t.failed),
    String(t.unproven),
  ]);
  return grid([header, ...rows]);
}

function grid(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => [...(row[column] ?? "")].length)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [
    render(rows[0]!),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(render),
  ].join("\n");
}
