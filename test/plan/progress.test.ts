import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { Progress } from "../../plan/progress";

function streamFor(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) };
  return { written, stream: stream as unknown as NodeJS.WriteStream };
}

describe("Progress", () => {
  it("reports each phase and its time on a terminal", async () => {
    const { written, stream } = streamFor(true);
    const progress = new Progress(stream);
    expect(await progress.phase("plan", () => 42)).to.equal(42);
    expect(written.join("")).to.match(/^plan \.\.\. \d+\.\d s\n$/);
    expect(progress.timings).to.have.keys("plan");
  });

  it("writes nothing when stderr is not a terminal, and still times the phase", async () => {
    const { written, stream } = streamFor(false);
    const progress = new Progress(stream);
    await progress.phase("pack", async () => undefined);
    expect(written).to.deep.equal([]);
    expect(progress.timings.pack).to.be.a("number");
  });

  it("counts the CPU time a phase spends, apart from its wall time", async () => {
    const progress = new Progress(streamFor(false).stream);
    await progress.phase("busy", () => {
      // Spins until it has used 30 ms of CPU, however long a loaded machine makes that take.
      const start = process.cpuUsage();
      while (process.cpuUsage(start).user < 30_000);
    });
    await progress.phase("idle", () => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(progress.cpuMs.busy).to.be.at.least(30);
    expect(progress.cpuMs.idle).to.be.below(progress.timings.idle!);
  });

  it("counts the CPU time of the child processes a phase ran (the policy pack's), on Linux", async function () {
    if (process.platform !== "linux") this.skip();
    const progress = new Progress(streamFor(false).stream);
    const spin = "const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300000);";
    await progress.phase("child", () => spawnSync(process.execPath, ["-e", spin]));
    // /proc counts in 10 ms ticks; the parent itself only waits.
    expect(progress.cpuMs.child).to.be.at.least(250);
  });
});
