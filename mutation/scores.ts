// Per-file mutation scores from Stryker's JSON report, with the listed equivalents taken out.
import { type EquivalentEntry, matches, type MutantIdentity } from "./equivalents";

interface Position {
  readonly line: number;
  readonly column: number;
}

/** The part of Stryker's JSON report (mutation-testing-report-schema) read here. */
export interface MutationReport {
  readonly files: Record<
    string,
    {
      readonly source: string;
      readonly mutants: readonly {
        readonly mutatorName: string;
        readonly replacement?: string;
        readonly status: string;
        readonly location: { readonly start: Position; readonly end: Position };
      }[];
    }
  >;
}

export interface Survivor extends MutantIdentity {
  readonly line: number;
  readonly column: number;
  readonly status: string;
}

export interface FileScore {
  readonly file: string;
  readonly killed: number;
  /** Survived or not covered by any test, and not listed as equivalent. */
  readonly survivors: readonly Survivor[];
  readonly equivalent: number;
  /** Killed / (killed + survivors), in percent; 100 when every mutant is equivalent. */
  readonly score: number;
}

// Timeout counts as killed (the mutant made the tests hang), as in Stryker's own score; errors
// and ignored mutants count neither way.
const KILLED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** The source text between two 1-based positions of the report. */
function textAt(lines: readonly string[], start: Position, end: Position): string {
  if (start.line === end.line)
    return (lines[start.line - 1] ?? "").slice(start.column - 1, end.column - 1);
  return [
    (lines[start.line - 1] ?? "").slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    (lines[end.line - 1] ?? "").slice(0, end.column - 1),
  ].join("\n");
}

/**
 * Scores every file of the report; `used` collects the entries that matched an undetected
 * mutant, so that the caller can fail on stale ones.
 */
export function scoreFiles(
  report: MutationReport,
  equivalents: readonly EquivalentEntry[],
  used: Set<EquivalentEntry>,
): FileScore[] {
  return Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, { source, mutants }]) => {
      const lines = source.split("\n");
      let killed = 0;
      let equivalent = 0;
      const survivors: Survivor[] = [];
      for (const mutant of mutants) {
        if (KILLED.has(mutant.status)) killed += 1;
        if (!UNDETECTED.has(mutant.status)) continue;
        const identity: MutantIdentity = {
          file,
          mutator: mutant.mutatorName,
          original: textAt(lines, mutant.location.start, mutant.location.end),
          replacement: mutant.replacement ?? "",
        };
        const entry = equivalents.find((candidate) => matches(candidate, identity));
        if (entry === undefined) {
          survivors.push({ ...identity, ...mutant.location.start, status: mutant.status });
        } else {
          used.add(entry);
          equivalent += 1;
        }
      }
      const counted = killed + survivors.length;
      return {
        file,
        killed,
        survivors,
        equivalent,
        score: counted === 0 ? 100 : (100 * killed) / counted,
      };
    });
}
