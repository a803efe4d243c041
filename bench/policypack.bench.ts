// Policy pack throughput for 1,000 tenants' resources: the analyzer protocol the CLI speaks
// (child process + gRPC) against the same validators called in-process, measured in one run.
import { analyzeInProcess } from "../check/analyzeInProcess";
import { analyzeResources } from "../check/analyzeResources";
import { derivePlatformSettings } from "../check/platformSettings";
import { startPolicyPack } from "../check/policyPackProcess";
import { MODEL, tenantStack } from "../test/policypack/tenantStackFixture";

const TENANTS = 1_000;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
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

  const startup = await timed(() => startPolicyPack());
  const pack = startup.result;
  try {
    // Warm both paths once so JIT and gRPC channel set-up do not colour the figures.
    await analyzeInProcess(resources.slice(0, 50), settings);
    await analyzeResources(resources.slice(0, 50), { pack });

    const inProcess = await timed(() => analyzeInProcess(resources, settings));
    const sequential = await timed(() => analyzeResources(resources, { pack, concurrency: 1 }));
    const concurrent = await timed(() => analyzeResources(resources, { pack, concurrency: 16 }));
    for (const run of [inProcess, sequential, concurrent]) {
      if (run.result.length !== 0)
        throw new Error(`baseline stack produced ${run.result.length} violations`);
    }

    const perSecond = (ms: number) => Math.round((resources.length / ms) * 1000);
    const rows: Array<[string, string, string, string]> = [
      [
        "in-process validators (baseline)",
        inProcess.ms.toFixed(0),
        perSecond(inProcess.ms).toLocaleString("en"),
        "1.00x",
      ],
      [
        "gRPC, one Analyze at a time",
        sequential.ms.toFixed(0),
        perSecond(sequential.ms).toLocaleString("en"),
        `${(sequential.ms / inProcess.ms).toFixed(2)}x`,
      ],
      [
        "gRPC, 16 Analyze in flight",
        concurrent.ms.toFixed(0),
        perSecond(concurrent.ms).toLocaleString("en"),
        `${(concurrent.ms / inProcess.ms).toFixed(2)}x`,
      ],
    ];
    console.log(
      `${TENANTS} tenants -> ${resources.length} resources (Analyze each, then one AnalyzeStack)`,
    );
    console.log(
      `pack start-up (spawn to port, ts-node compile included): ${startup.ms.toFixed(0)} ms (child-reported ${pack.startupMs.toFixed(0)} ms)`,
    );
    const goal = 2_000;
    console.log(
      `goal: >= ${goal.toLocaleString("en")} resources/s with 16 Analyze in flight: ${perSecond(concurrent.ms) >= goal ? "met" : "not met"}`,
    );
    console.log("");
    const header: [string, string, string, string] = [
      "path",
      "total ms",
      "resources/s",
      "time vs baseline",
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
  } finally {
    await pack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
