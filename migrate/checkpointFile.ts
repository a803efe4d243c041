import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { CheckpointMismatchError } from "./errors";

interface StoredCheckpoint<T> {
  readonly run: string;
  readonly state: T;
}

/**
 * Where an interrupted run resumes. `run` identifies the run (step, source, destination,
 * mapping): a checkpoint of another run is refused rather than silently applied. Saved by
 * rename, so a crash mid-write leaves the previous checkpoint, never a torn one.
 */
export class CheckpointFile<T> {
  constructor(
    readonly file: string,
    private readonly run: string,
  ) {}

  /** The saved state, or undefined when the run starts afresh. */
  load(): T | undefined {
    if (!existsSync(this.file)) return undefined;
    const stored = JSON.parse(readFileSync(this.file, "utf8")) as StoredCheckpoint<T>;
    if (stored.run !== this.run) {
      throw new CheckpointMismatchError(this.file, `it was written by "${stored.run}"`);
    }
    return stored.state;
  }

  save(state: T): void {
    const stored: StoredCheckpoint<T> = { run: this.run, state };
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, this.file);
  }

  /** A finished run leaves no checkpoint: the next run checks every record again. */
  remove(): void {
    rmSync(this.file, { force: true });
  }
}
