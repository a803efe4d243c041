// Proof time for 10, 100 and 1,000 generated tenants: the probe set per tenant is fixed, so
// time should grow linearly with the tenant count (constant ms per tenant and per request).
import type { TenantSpec } from "../components/tenantsFile";
import { proofInputFromTenantSpecs } from "../proofs/fromTenantSpecs";
import { proveIsolation } from "../proofs/proveIsolation";

const PLATFORM = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "123456789012",
  namePrefix: "bench",
  tableName: "bench-tenant-data",
  bucketName: "bench-data-123456789012-eu-west-1",
};
const MODELS = ["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1"];

/** Tenants like real ones: mixed model counts, one in ten suspended, ids that extend each other. */
function tenants(count: number): Pick<TenantSpec, "id" | "status" | "models">[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i % 7 === 0 ? `customer-${i}-eu` : `customer-${i}`,
    status: i % 10 === 9 ? "suspended" : "active",
    models: MODELS.slice(0, i % 3),
  }));
}

async function main(): Promise<void> {
  // Warm the simulator's lazily loaded action data so the first size is not penalised.
  await proveIsolation(proofInputFromTenantSpecs(tenants(2), PLATFORM));
  const rows: string[][] = [
    ["tenants", "mode", "probes", "requests", "total s", "ms / tenant", "µs / request", "vs 10"],
  ];
  // "full" simulates every tenant; "shapes" simulates each document shape once (the default).
  for (const shareShapes of [false, true]) {
    let baseline: number | undefined;
    for (const count of [10, 100, 1000]) {
      const input = proofInputFromTenantSpecs(tenants(count), PLATFORM);
      const started = performance.now();
      const report = await proveIsolation(input, { shareShapes });
      const ms = performance.now() - started;
      if (!report.ok) throw new Error(`the proof failed for ${count} generated tenants`);
      const perTenant = ms / count;
      baseline ??= perTenant;
      rows.push([
        String(count),
        shareShapes ? "shapes" : "full",
        String(report.totals.probes),
        String(report.totals.simulations),
        (ms / 1000).toFixed(2),
        perTenant.toFixed(1),
        ((ms * 1000) / report.totals.simulations).toFixed(0),
        `${(perTenant / baseline).toFixed(2)}x per tenant`,
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c]!)).join("  "));
  console.log(
    "Linear growth shows as a flat ms / tenant column (ratio near 1.00x); shapes mode falls per tenant as tenants share shapes.",
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
