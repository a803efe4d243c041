// The checked-in list of equivalent mutants (mutation/equivalents/*.json): mutants that no input
// can tell from the original. They count neither as killed nor as survived.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface EquivalentEntry {
  readonly file: string;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  readonly reason: string;
  /** The equivalents file that lists it, for error messages. */
  readonly listedIn: string;
}

/** What a mutant is, as an entry matches it: never its line, so edits elsewhere keep entries. */
export interface MutantIdentity {
  readonly file: string;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
}

export function readEquivalents(directory: string): EquivalentEntry[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap((name) => {
      const listedIn = path.join(directory, name);
      const parsed = JSON.parse(readFileSync(listedIn, "utf8")) as {
        equivalents?: Omit<EquivalentEntry, "listedIn">[];
      };
      return (parsed.equivalents ?? []).map((entry) => {
        for (const field of ["file", "mutator", "original", "replacement", "reason"] as const) {
          if (typeof entry[field] !== "string" || entry[field] === "")
            throw new Error(`${listedIn}: an entry has no ${field}: ${JSON.stringify(entry)}`);
        }
        return { ...entry, listedIn };
      });
    });
}

export function matches(entry: EquivalentEntry, mutant: MutantIdentity): boolean {
  return (
    entry.file === mutant.file &&
    entry.mutator === mutant.mutator &&
    entry.original === mutant.original &&
    entry.replacement === mutant.replacement
  );
}
