// `npm start` end to end at 10, 100 and 1,000 generated tenants, each in a fresh process (the
// real command, --json), with its per-phase timings and peak memory. Growth is reported against
// the 10-tenant run; the goal for 1,000 tenants is 40 s in all, proofs within 10 s, under 1 GB.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SIZES = [10, 100, 1000];
const GOAL = { totalMs: 40_000, proofsMs: 10_000, peakRssMb: 1024 };

function tenantsFile(count: number): string {
  const tenants = Array.from({ length: count }, (_, i) => ({
    id: `tenant-${i}`,
    displayName: `Generated tenant ${i}`,
    status: i % 10 === 9 ? "suspended" : "active",
    admins: [`admin@tenant-${i}.example`],
    bedrock: { models: ["anthropic.claude-3-haiku-20240307-v1:0"] },
  }));
  const file = join(mkdtempSync(join(tmpdir(), "plan-bench-")), "tenants.json");
  writeFileSync(file, JSON.stringify({ tenants }));
  return file;
}

interface Row {
  readonly count: number;
  readonly resources: number;
  readonly plan: number;
  readonly pack: number;
  readonly proofs: number;
  readonly totalMs: number;
  readonly peakRssMb: number;
}

function measure(count: number): Row {
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(__dirname, "../scripts/plan.ts"),
      "--tenants",
      tenantsFile(count),
      "--json",
    ],
    { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`npm start on ${count} tenants failed:\n${run.stderr}`);
  const report = JSON.parse(run.stdout);
  return { count, resources: report.resources.length, ...report.timings };
}

const rows = SIZES.map(measure);
const base = rows[0]!;
console.log("npm start end to end (scripts/plan.ts --json, fresh process per size)");
console.log(
  "tenants  resources   plan (ms)   pack (ms)  proofs (ms)  total (ms)  total vs 10x  peak RSS (MB)",
);
for (const row of rows) {
  console.log(
    [
      String(row.count).padStart(7),
      String(row.resources).padStart(9),
      String(row.plan).padStart(10),
      String(row.pack).padStart(10),
      String(row.proofs).padStart(11),
      String(row.totalMs).padStart(10),
      `${(row.totalMs / base.totalMs).toFixed(1)}x`.padStart(12),
      String(row.peakRssMb).padStart(13),
    ].join("  "),
  );
}
const largest = rows[rows.length - 1]!;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
console.log(
  `goal at ${largest.count} tenants: total <= ${GOAL.totalMs / 1000} s ${verdict(largest.totalMs <= GOAL.totalMs)}, ` +
    `proofs <= ${GOAL.proofsMs / 1000} s ${verdict(largest.proofs <= GOAL.proofsMs)}, ` +
    `peak < ${GOAL.peakRssMb} MB ${verdict(largest.peakRssMb < GOAL.peakRssMb)}`,
);
