// Offline plan at 10, 100 and 1,000 generated tenants, each size in a fresh process so peak
// memory belongs to that size alone. Growth is reported against the 10-tenant run.
import { spawnSync } from "node:child_process";
import { TenantSpec } from "../components/tenantsFile";
import { planFor } from "../test/helpers/programUnderTest";

const SIZES = [10, 100, 1000];

function generatedTenants(count: number): TenantSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `tenant-${i}`,
    displayName: `Generated tenant ${i}`,
    status: i % 10 === 9 ? "suspended" : "active",
    admins: [`admin@tenant-${i}.example`],
    models: ["anthropic.claude-3-haiku-20240307-v1:0"],
  }));
}

async function measure(count: number): Promise<void> {
  const tenants = generatedTenants(count);
  const started = process.hrtime.bigint();
  const plan = await planFor(tenants);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      count,
      ms,
      resources: plan.resources.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function main(): void {
  const rows = SIZES.map((count) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", __filename, String(count)], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`plan of ${count} tenants failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
  });
  const base = rows[0];
  console.log("Offline plan on the mock engine (fresh process per size)");
  console.log("tenants  resources   time (ms)  ms/tenant  time vs 10x  peak RSS (MB)");
  for (const row of rows) {
    console.log(
      `${String(row.count).padStart(7)}  ${String(row.resources).padStart(9)}  ${row.ms.toFixed(0).padStart(10)}  ${(row.ms / row.count).toFixed(2).padStart(9)}  ${(row.ms / base.ms).toFixed(1).padStart(10)}x  ${row.peakRssMb.toFixed(0).padStart(13)}`,
    );
  }
}

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) {
  measure(size).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
