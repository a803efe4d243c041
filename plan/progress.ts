import { cpuTimeMs } from "./cpuTime";

/**
 * Times the phases of an offline command and reports them on stderr, only when stderr is a
 * terminal: stdout carries the result alone, and logs in CI stay quiet.
 */
export class Progress {
  private readonly started = process.hrtime.bigint();
  readonly timings: Record<string, number> = {};
  /** CPU milliseconds per phase, its child processes' included: wall time on an idle machine. */
  readonly cpuMs: Record<string, number> = {};

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  async phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const start = process.hrtime.bigint();
    const cpuStart = cpuTimeMs();
    if (this.stream.isTTY) this.stream.write(`${name} ...`);
    const result = await work();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    this.timings[name] = Math.round(ms);
    this.cpuMs[name] = Math.round(cpuTimeMs() - cpuStart);
    if (this.stream.isTTY) this.stream.write(` ${(ms / 1000).toFixed(1)} s\n`);
    return result;
  }

  get totalMs(): number {
    return Math.round(Number(process.hrtime.bigint() - this.started) / 1e6);
  }
}
