// `npm start` (plan, pack, proofs) on the pooled tier at scale: 9 pooled tenants for every
// dedicated one, with realistic ids, on the stack Pulumi.scale.yaml (the quota settings a team
// sets after raising its quotas for 10,000 tenants). Each size runs in a fresh process, so its
// peak RSS is its own. The 10,000-tenant size outgrows Node's default heap and is opt-in:
// NODE_OPTIONS=--max-old-space-size=16384 BENCH_POOLED_10K=1 npm run bench -- pooledScale. Goals: each part grows linearly, proofs at
// 10x the tenants within 10x the time. Growth is judged on CPU time, which a loaded machine
// hardly changes, and printed next to wall time and the load average.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { stackPrefix } from "../components/physicalNames";
import { pooledTrustPolicy } from "../components/policies/pooledTrustPolicy";
import { pooledShards } from "../components/pooledShards";
import { iamPolicyChars } from "../components/quotas";
import { platformLocation } from "../components/tenantPlatform";
import { TenantSpec } from "../components/tenantsFile";

const STACK = "scale";
const POOLED_SHARE = 0.9;
const SIZES = process.env.BENCH_POOLED_10K === "1" ? [1000, 10_000] : [100, 1000];
/** Growth of a part's CPU time at 10x the tenants that still counts as linear. */
const LINEAR_RATIO = 12;
const PROOFS_RATIO = 10;
const PARTS = ["plan", "pack", "proofs"] as const;
type Part = (typeof PARTS)[number];

/** Deterministic ids of 8 to 12 characters, like `kqvrzt-4f0a`: letters, a hyphen, 4 base-36 digits. */
function tenantIds(count: number): string[] {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const ids = new Set<string>();
  while (ids.size < count) {
    const letters = Array.from({ length: 3 + Math.floor(random() * 5) }, () =>
      String.fromCharCode(97 + Math.floor(random() * 26)),
    ).join("");
    const digits = Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, "0");
    ids.add(`${letters}-${digits}`);
  }
  return [...ids];
}

/** One in 20 tenants suspended, one model each; the first 90% pooled, the rest dedicated. */
function tenantSpecs(count: number): TenantSpec[] {
  return tenantIds(count).map((id, i) => ({
    id,
    displayName: `Tenant ${id}`,
    status: i % 20 === 19 ? "suspended" : "active",
    isolation: i < count * POOLED_SHARE ? "pooled" : "dedicated",
    admins: [`admin@${id}.example`],
    models: ["amazon.nova-lite-v1:0"],
  }));
}

function tenantsFile(specs: readonly TenantSpec[]): string {
  const tenants = specs.map(({ models, ...tenant }) => ({ ...tenant, bedrock: { models } }));
  const file = join(mkdtempSync(join(tmpdir(), "pooled-bench-")), "tenants.json");
  writeFileSync(file, JSON.stringify({ tenants }));
  return file;
}

/** The stack file's settings, as `key: value` lines. */
function stackSettings(): Record<string, string> {
  const text = readFileSync(join(__dirname, `../Pulumi.${STACK}.yaml`), "utf8");
  return Object.fromEntries(
    [...text.matchAll(/^\s+([\w:]+):\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );
}

/** The largest pooled shard's trust policy, in IAM's characters, as the plan will build it. */
function largestTrust(specs: readonly TenantSpec[], settings: Record<string, string>) {
  const region = settings["aws:region"]!;
  const prefix = stackPrefix(settings["tenancy:namePrefix"] ?? "tenancy", STACK, region);
  const platform = platformLocation(prefix, "aws", region, "123456789012", []);
  const shards = pooledShards(specs, Number(settings["tenancy:pooledShards"]));
  return shards
    .map((shard) => ({
      shard: shard.shard,
      active: shard.activeTenantIds.length,
      chars: iamPolicyChars(
        pooledTrustPolicy({ activeTenantIds: shard.activeTenantIds, platform }),
      ),
    }))
    .reduce((a, b) => (b.chars > a.chars ? b : a));
}

interface Row {
  readonly count: number;
  readonly resources: number;
  readonly wallMs: Record<Part, number>;
  readonly cpuMs: Record<Part, number>;
  readonly peakRssMb: number;
  readonly load: string;
  /** The proofs' probes and the simulations they took: pooled tenants share (proofs/README.md). */
  readonly probes: number;
  readonly simulations: number;
}

function measure(count: number, file: string): Row {
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(__dirname, "../scripts/plan.ts"),
      "--stack",
      STACK,
      "--tenants",
      file,
      "--json",
    ],
    { encoding: "utf8", maxBuffer: 4 * 1024 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(
      `npm start on ${count} tenants exited ${run.status}:\n${run.stdout.slice(0, 4000)}\n${run.stderr}`,
    );
  }
  const report = JSON.parse(run.stdout);
  if (!report.proofs.ok) throw new Error(`the proofs failed on ${count} tenants`);
  const { timings } = report;
  return {
    count,
    resources: report.resources.length,
    wallMs: { plan: timings.plan, pack: timings.pack, proofs: timings.proofs },
    cpuMs: timings.cpuMs,
    peakRssMb: timings.peakRssMb,
    probes: report.proofs.totals.probes,
    simulations: report.proofs.totals.simulations,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(" "),
  };
}

const settings = stackSettings();
console.log(
  `stack Pulumi.${STACK}.yaml: ${Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}`,
);
const rows: Row[] = [];
for (const count of SIZES) {
  const specs = tenantSpecs(count);
  const pooled = specs.filter((t) => t.isolation === "pooled").length;
  const trust = largestTrust(specs, settings);
  console.log(
    `${count} tenants: ${pooled} pooled, ${count - pooled} dedicated, ids ${Math.min(...specs.map((t) => t.id.length))}-${Math.max(...specs.map((t) => t.id.length))} chars; ` +
      `largest shard trust policy ${trust.chars} of ${settings["tenancy:trustPolicySizeQuota"]} chars (shard ${trust.shard}, ${trust.active} active ids)`,
  );
  rows.push(measure(count, tenantsFile(specs)));
}

console.log(
  "\nnpm start --json per size (fresh process); CPU = user + system of the part; peak RSS of the process",
);
console.log(
  "tenants  resources  part      wall (ms)   CPU (ms)  CPU/tenant (ms)  peak RSS (MB)  load (1/5/15 min)",
);
for (const row of rows) {
  for (const part of PARTS) {
    console.log(
      [
        String(row.count).padStart(7),
        String(row.resources).padStart(9),
        part.padEnd(6),
        String(row.wallMs[part]).padStart(11),
        String(row.cpuMs[part]).padStart(10),
        (row.cpuMs[part] / row.count).toFixed(1).padStart(15),
        String(row.peakRssMb).padStart(13),
        row.load.padStart(18),
      ].join("  "),
    );
  }
}

for (const row of rows) {
  console.log(
    `${row.count} tenants: ${row.probes} probes, ${row.simulations} simulations (${(row.simulations / row.count).toFixed(1)} per tenant)`,
  );
}

const [small, large] = [rows[0]!, rows[rows.length - 1]!];
const scale = large.count / small.count;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
console.log(`\ngrowth ${large.count} vs ${small.count} tenants (${scale}x), on CPU time:`);
for (const part of PARTS) {
  const ratio = large.cpuMs[part] / small.cpuMs[part];
  const goals = [
    `linear (<= ${(LINEAR_RATIO * scale) / 10}x) ${verdict(ratio <= (LINEAR_RATIO * scale) / 10)}`,
  ];
  if (part === "proofs") {
    goals.push(`within ${scale}x ${verdict(ratio <= (PROOFS_RATIO * scale) / 10)}`);
  }
  console.log(`  ${part.padEnd(6)} ${ratio.toFixed(1)}x  ${goals.join(", ")}`);
}
console.log(`  peak RSS ${(large.peakRssMb / small.peakRssMb).toFixed(1)}x`);
if (SIZES.includes(10_000) === false) {
  console.log(
    "(10,000 tenants: NODE_OPTIONS=--max-old-space-size=16384 BENCH_POOLED_10K=1 npm run bench -- pooledScale)",
  );
}
