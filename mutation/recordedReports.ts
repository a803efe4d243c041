// The Stryker report of each area's last recorded run, gzipped in mutation/reports/<area>.json.gz.
// `--changed` hands it to Stryker's incremental mode, which runs again only the mutants whose code,
// or whose killing or covering spec files, changed since, and reuses every other result.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Area } from "./areas";
import type { MutationReport } from "./scores";

/** What Stryker's incremental mode reads back: the mutants and the spec files with their sources. */
export interface RecordedReport extends MutationReport {
  readonly schemaVersion: string;
  readonly testFiles?: Record<string, unknown>;
}

function fileOf(directory: string, area: Area): string {
  return path.join(directory, `${area.name}.json.gz`);
}

export function readRecordedReport(directory: string, area: Area): RecordedReport | undefined {
  const file = fileOf(directory, area);
  if (!existsSync(file)) return undefined;
  return JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as RecordedReport;
}

/** Keeps what incremental mode reads; the run's configuration and absolute paths stay out. */
export function writeRecordedReport(directory: string, area: Area, report: RecordedReport): void {
  const { schemaVersion, files, testFiles } = report;
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    fileOf(directory, area),
    gzipSync(JSON.stringify({ schemaVersion, files, testFiles }), { level: 9 }),
  );
}

/**
 * The report without `files`: Stryker then runs every mutant of a changed file again. Its own
 * diff would rerun only the mutants inside changed lines, but a change elsewhere in the file (a
 * caller, a constant) can let a mutant that was killed survive.
 */
export function withoutFiles(report: RecordedReport, files: readonly string[]): RecordedReport {
  return {
    ...report,
    files: Object.fromEntries(
      Object.entries(report.files).filter(([file]) => !files.includes(file)),
    ),
  };
}

/**
 * The report without its timed-out mutants, which Stryker then runs again. A timeout counts as
 * killed, but on a loaded machine a surviving mutant's tests can time out too: only a run with
 * the cores to itself should vouch for one.
 */
export function withoutTimeouts(report: RecordedReport): RecordedReport {
  return {
    ...report,
    files: Object.fromEntries(
      Object.entries(report.files).map(([file, result]) => [
        file,
        { ...result, mutants: result.mutants.filter((mutant) => mutant.status !== "Timeout") },
      ]),
    ),
  };
}
