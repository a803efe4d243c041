// Policy pack throughput for 1,000 tenants' resources: the analyzer protocol the CLI speaks
// (child process + gRPC) against the same validators called in-process (the baseline), measured
// in rounds that alternate their order, so a busy neighbour on the machine hits every path alike.
// Medians over the rounds; the pack's own CPU time per resource is reported beside wall time,
// since it hardly grows when other work shares the cores.
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { analyzeInProcess } from "../check/analyzeInProcess";
import { analyzeResources } from "../check/analyzeResources";
import { derivePlatformSettings } from "../check/platformSettings";
import { startPolicyPack } from "../check/policyPackProcess";
import { MODEL, tenantStack } from "../test/policypack/tenantStackFixture";
import { median } from "./lib/median";
import { processCpuMs } from "./lib/processCpu";

const TENANTS = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GOAL_PER_SECOND = 2_000;
/** A directory for a V8 CPU profile of the pack's process (`node --cpu-prof`), to see where its time goes. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

interface Run {
  readonly ms: number;
  /** CPU milliseconds the pack's process used during the run (undefined in process, or off Linux). */
  readonly packCpuMs: number | undefined;
}

async function main(): Promise<void> {
  const resources = tenantStack(
    Array.from({ length: TENANTS }, (_, i) => ({
      id: `tenant-${String(i).padStart(4, "0")}`,
      status: i % 10 === 0 ? ("suspended" as const) : ("active" as const),
      models: [MODEL],
    })),
  );
  const settings = derivePlatformSettings(resources);
  const loadBefore = loadavg()[0] ?? 0;

  if (PROFILE_DIR !== undefined) {
    // The child inherits the environment: only it is profiled, this process has already started.
    const preload = join(__dirname, "lib", "exitOnTerm.cjs");
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${resolve(PROFILE_DIR)} --require ${preload}`;
  }
  const startedAt = performance.now();
  const pack = await startPolicyPack();
  const startupMs = performance.now() - startedAt;
  const measure = async (work: () => Promise<readonly unknown[]>, viaPack: boolean) => {
    const cpuBefore = viaPack ? processCpuMs(pack.pid) : undefined;
    const started = performance.now();
    const violations = await work();
    const ms = performance.now() - started;
    const cpuAfter = viaPack ? processCpuMs(pack.pid) : undefined;
    if (violations.length !== 0)
      throw new Error(`baseline stack produced ${violations.length} violations`);
    return {
      ms,
      packCpuMs:
        cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    };
  };
  const paths = {
    "in-process validators (baseline)": () =>
      measure(() => analyzeInProcess(resources, settings), false),
    "gRPC, one Analyze at a time": () =>
      measure(() => analyzeResources(resources, { pack, concurrency: 1 }), true),
    "gRPC, 16 Analyze in flight": () =>
      measure(() => analyzeResources(resources, { pack, concurrency: 16 }), true),
  };
  const names = Object.keys(paths) as (keyof typeof paths)[];
  const runs = new Map<keyof typeof paths, Run[]>(names.map((name) => [name, []]));
  try {
    // Warm both paths once so JIT and gRPC channel set-up do not colour the figures.
    await analyzeInProcess(resources.slice(0, 50), settings);
    await analyzeResources(resources.slice(0, 50), { pack });
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = names.map((_, i) => names[(i + round) % names.length] as keyof typeof paths);
      for (const name of order) runs.get(name)?.push(await paths[name]());
    }
  } finally {
    await pack.stop();
  }

  const perSecond = (ms: number) => Math.round((resources.length / ms) * 1000);
  const baseline = runs.get(names[0] as keyof typeof paths) ?? [];
  const rows = names.map((name): string[] => {
    const measured = runs.get(name) ?? [];
    const rates = measured.map((run) => perSecond(run.ms));
    // Each round's time against the baseline of the same round, then the median of those ratios.
    const ratio = median(measured.map((run, i) => run.ms / (baseline[i]?.ms ?? NaN)));
    const cpu = measured.flatMap((run) => (run.packCpuMs === undefined ? [] : [run.packCpuMs]));
    return [
      name,
      median(measured.map((run) => run.ms)).toFixed(0),
      median(rates).toLocaleString("en"),
      `${Math.min(...rates).toLocaleString("en")}-${Math.max(...rates).toLocaleString("en")}`,
      `${ratio.toFixed(2)}x`,
      cpu.length === 0 ? "-" : ((median(cpu) / resources.length) * 1000).toFixed(0),
    ];
  });
  const concurrent = runs.get("gRPC, 16 Analyze in flight") ?? [];
  const concurrentRate = perSecond(median(concurrent.map((run) => run.ms)));
  const cores = availableParallelism();
  const loadAfter = loadavg()[0] ?? 0;

  console.log(
    `${TENANTS} tenants -> ${resources.length} resources (Analyze each, then one AnalyzeStack); median of ${ROUNDS} rounds`,
  );
  console.log(
    `pack start-up (spawn to port, ts-node compile included): ${startupMs.toFixed(0)} ms (child-reported ${pack.startupMs.toFixed(0)} ms)`,
  );
  console.log(
    `machine: ${cores} cores, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after${Math.max(loadBefore, loadAfter) > cores ? " (busy: other work shared the cores, so wall-time figures are low; compare the ratios and pack CPU)" : ""}`,
  );
  console.log(
    `goal: >= ${GOAL_PER_SECOND.toLocaleString("en")} resources/s with 16 Analyze in flight (median): ${concurrentRate >= GOAL_PER_SECOND ? "met" : "not met"}`,
  );
  if (PROFILE_DIR !== undefined)
    console.log(
      `pack CPU profile (start-up and every round, profiler on) in ${resolve(PROFILE_DIR)}`,
    );
  console.log("");
  const header = [
    "path",
    "total ms",
    "resources/s",
    "range",
    "time vs baseline",
    "pack CPU µs/resource",
  ];
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
