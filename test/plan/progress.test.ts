import { expect } from "chai";
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
});
