import { Presets, SingleBar } from "cli-progress";

/** What a step reports as it goes; a no-op when stderr is not a terminal. */
export interface ProgressReporter {
  start(label: string, total: number): void;
  advance(by?: number): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = {
  start: () => undefined,
  advance: () => undefined,
  stop: () => undefined,
};

/**
 * A progress bar with rate and ETA on stderr when it is a terminal, silent otherwise: stdout
 * carries the result alone and CI logs stay clean.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return silentProgress;
  let bar: SingleBar | undefined;
  // cli-progress computes the ETA but offers no rate token: the rate is supplied as a payload.
  let done = 0;
  let startedAt = 0;
  return {
    start(label, total) {
      bar?.stop();
      bar = new SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
          etaBuffer: 200,
        },
        Presets.shades_classic,
      );
      done = 0;
      startedAt = Date.now();
      bar.start(total, 0, { rate: "0" });
    },
    advance(by = 1) {
      done += by;
      const seconds = (Date.now() - startedAt) / 1000;
      bar?.increment(by, { rate: seconds > 0 ? (done / seconds).toFixed(0) : "0" });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
