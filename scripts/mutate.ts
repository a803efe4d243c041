// `npm run mutate`: StrykerJS on the isolation-critical modules (mutation/areas.json), one area
// at a time with only that area's specs. Prints per-file scores with the listed equivalents
// (mutation/equivalents/*.json) taken out, fails on an equivalents entry that no longer matches
// a surviving mutant, and exits 1 when a file is under its area's goal or the run under the
// overall goal. An area whose every mutant was judged (a full run, or --changed reusing the
// recorded run) and that meets its goals records the fingerprint CI compares (--changed) in
// mutation/fingerprints/<area>.json and Stryker's report in mutation/reports/<area>.json.gz.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  type Area,
  mutatedFiles,
  readAreas,
  selectFiles,
  specFiles,
  specsInRunOrder,
} from "../mutation/areas";
import { type EquivalentEntry, readEquivalents } from "../mutation/equivalents";
import {
  type AreaFingerprint,
  changedFiles,
  changedSources,
  fingerprintArea,
  readFingerprint,
  writeFingerprint,
} from "../mutation/fingerprints";
import {
  readRecordedReport,
  type RecordedReport,
  withoutFiles,
  withoutTimeouts,
  writeRecordedReport,
} from "../mutation/recordedReports";
import { type FileScore, scoreFiles } from "../mutation/scores";

const USAGE = `Usage: npm run mutate -- [options]
  --area NAME    mutate only this area of mutation/areas.json (repeatable)
  --files GLOB   mutate only the area files matching GLOB, e.g. 'runtime/src/clients/tenantS3.ts'
                 (repeatable); GLOB:LINES mutates only those lines, e.g. 'policypack/lib/glob.ts:3-9'
  --changed      mutate only what changed since mutation/fingerprints/ (CI): Stryker's incremental
                 mode on the recorded report (mutation/reports/) runs every mutant of a changed
                 file and those whose killing or covering spec files changed, and reuses the
                 rest; an area with no recorded passing run is listed as not gated and skipped
  --reuse-last   the same incremental mode on this machine's last report of the area
                 (reports/mutation/<area>.json, passing or not): after adding tests for
                 survivors, reruns the survivors they cover, what edited specs killed and
                 every mutant that timed out
Exit codes: 0 goals met, 1 a goal missed or a stale equivalents entry, 2 bad arguments.
Each area whose every mutant was judged (not --files) that meets its goals, with no stale
equivalents entry, rewrites its mutation/fingerprints/<area>.json and mutation/reports/<area>.json.gz.`;

const ROOT = path.resolve(__dirname, "..");
const EQUIVALENTS = path.join(ROOT, "mutation/equivalents");
const FINGERPRINTS = path.join(ROOT, "mutation/fingerprints");
const RECORDED_REPORTS = path.join(ROOT, "mutation/reports");

interface Options {
  readonly areas: string[];
  readonly files: string[];
  changed: boolean;
  reuseLast: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { areas: [], files: [], changed: false, reuseLast: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === "--changed") options.changed = true;
    else if (arg === "--reuse-last") options.reuseLast = true;
    else if ((arg === "--area" || arg === "--files") && value !== undefined) {
      (arg === "--area" ? options.areas : options.files).push(value);
      i += 1;
    } else {
      console.error(arg === "--help" ? USAGE : `unknown or incomplete option ${arg}\n${USAGE}`);
      process.exit(arg === "--help" ? 0 : 2);
    }
  }
  return options;
}

function equivalentsFileOf(area: Area): string[] {
  return existsSync(path.join(ROOT, area.equivalents)) ? [area.equivalents] : [];
}

/** Runs Stryker on `files`; with `reuse`, in incremental mode on that earlier report. */
async function mutateArea(
  area: Area,
  files: readonly string[],
  reuse: RecordedReport | undefined,
): Promise<RecordedReport> {
  const config = (await import(pathToFileURL(path.join(ROOT, "stryker.config.mjs")).href)) as {
    default: { mochaOptions: Record<string, unknown> };
  };
  const report = `reports/mutation/${area.name}.json`;
  const incrementalFile = `reports/mutation/${area.name}.incremental.json`;
  if (reuse !== undefined) {
    mkdirSync(path.dirname(incrementalFile), { recursive: true });
    writeFileSync(incrementalFile, JSON.stringify(reuse));
  }
  // Stryker is ESM only, and one of its dependencies cannot be loaded through require().
  const { Stryker } = await import("@stryker-mutator/core");
  await new Stryker({
    configFile: "stryker.config.mjs",
    mutate: [...files],
    mochaOptions: {
      ...config.default.mochaOptions,
      spec: specsInRunOrder(ROOT, area),
    },
    incremental: reuse !== undefined,
    incrementalFile,
    reporters: ["progress", "json", "html"],
    jsonReporter: { fileName: report },
    htmlReporter: { fileName: `reports/mutation/${area.name}.html` },
  }).runMutationTest();
  return JSON.parse(readFileSync(path.join(ROOT, report), "utf8")) as RecordedReport;
}

/** The report without the files whose source differs from the working tree's: they run in full. */
function withoutEditedFiles(report: RecordedReport): RecordedReport {
  const edited = Object.entries(report.files)
    .filter(([file, { source }]) => {
      const current = path.join(ROOT, file);
      return !existsSync(current) || readFileSync(current, "utf8") !== source;
    })
    .map(([file]) => file);
  return withoutFiles(report, edited);
}

function formatScore(score: FileScore, goal: number): string {
  const mark = score.score >= goal ? "ok  " : "MISS";
  const counts = `${score.killed}/${score.killed + score.survivors.length} killed`;
  const equivalent = score.equivalent > 0 ? `, ${score.equivalent} equivalent` : "";
  return `${mark} ${score.score.toFixed(1).padStart(5)}%  ${score.file} (${counts}${equivalent})`;
}

async function main(): Promise<number> {
  process.chdir(ROOT);
  const options = parseArgs(process.argv.slice(2));
  const { areas, overallGoal } = readAreas(ROOT);
  const unknown = options.areas.filter((name) => !areas.some((area) => area.name === name));
  if (unknown.length > 0) {
    console.error(`unknown area ${unknown.join(", ")}: ${areas.map((a) => a.name).join(", ")}`);
    return 2;
  }
  const equivalents = readEquivalents(EQUIVALENTS);
  const used = new Set<EquivalentEntry>();
  const mutated = new Set<string>();
  let killed = 0;
  let counted = 0;
  let failed = false;
  const passed: { area: Area; fingerprint: AreaFingerprint; report: RecordedReport }[] = [];
  const ungated: string[] = [];
  for (const area of areas) {
    if (options.areas.length > 0 && !options.areas.includes(area.name)) continue;
    const fingerprint = fingerprintArea(ROOT, area, equivalentsFileOf(area));
    let files = mutatedFiles(ROOT, area);
    if (options.files.length > 0) files = selectFiles(files, options.files);
    let reuse: RecordedReport | undefined;
    if (options.changed) {
      const recorded = readFingerprint(FINGERPRINTS, area);
      // Mutating a never-recorded area in full takes hours on CI's cores: it is gated only once
      // a full run has passed and been committed.
      if (recorded === undefined) {
        ungated.push(area.name);
        continue;
      }
      const report = readRecordedReport(RECORDED_REPORTS, area);
      const changed = changedFiles(recorded, fingerprint);
      if (report !== undefined && changed.length > 0)
        reuse = withoutFiles(report, changedSources(recorded, fingerprint));
      else files = changed.filter((file) => files.includes(file));
    }
    if (options.reuseLast && !options.changed) {
      const last = path.join(ROOT, `reports/mutation/${area.name}.json`);
      if (existsSync(last))
        reuse = withoutTimeouts(withoutEditedFiles(JSON.parse(readFileSync(last, "utf8"))));
    }
    if (files.length === 0) {
      console.log(`== ${area.name}: nothing to mutate`);
      continue;
    }
    const reusing = reuse === undefined ? "" : ", reusing an earlier run's unchanged results";
    console.log(
      `== ${area.name}: ${files.length} files, ${specFiles(ROOT, area).length} specs${reusing}`,
    );
    const started = Date.now();
    const report = await mutateArea(area, files, reuse);
    const scores = scoreFiles(report, equivalents, used);
    console.log(`== ${area.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const whole = options.files.length === 0 && (!options.changed || reuse !== undefined);
    if (whole && scores.every((score) => score.score >= area.goal))
      passed.push({ area, fingerprint, report });
    for (const score of scores) {
      mutated.add(score.file);
      killed += score.killed;
      counted += score.killed + score.survivors.length;
      if (score.score < area.goal) failed = true;
      console.log(formatScore(score, area.goal));
      for (const s of score.survivors) {
        console.log(
          `       ${s.file}:${s.line}:${s.column} ${s.mutator} (${s.status}): ` +
            `${JSON.stringify(s.original)} -> ${JSON.stringify(s.replacement)}`,
        );
      }
    }
  }
  const stale = equivalents.filter((entry) => mutated.has(entry.file) && !used.has(entry));
  for (const entry of stale) {
    failed = true;
    console.log(
      `STALE ${entry.listedIn}: ${entry.file} ${entry.mutator} ` +
        `${JSON.stringify(entry.original)} -> ${JSON.stringify(entry.replacement)} ` +
        "matches no surviving mutant: remove it",
    );
  }
  if (mutated.size === 0) console.log("overall: nothing was mutated");
  else {
    const overall = counted === 0 ? 100 : (100 * killed) / counted;
    console.log(
      `overall ${overall.toFixed(1)}% (${killed}/${counted} non-equivalent mutants killed, ` +
        `goal ${overallGoal}%; each file at least its area's goal)`,
    );
    if (overall < overallGoal) failed = true;
  }
  if (ungated.length > 0)
    console.log(
      `not gated (no recorded passing run in mutation/fingerprints/): ${ungated.join(", ")}; ` +
        "record one with npm run mutate -- --area NAME",
    );
  // The fingerprint taken before the run: an edit made while Stryker ran is not vouched for.
  for (const { area, fingerprint, report } of passed) {
    if (stale.some((entry) => area.mutate.some((glob) => path.matchesGlob(entry.file, glob))))
      continue;
    writeFingerprint(FINGERPRINTS, area, fingerprint);
    writeRecordedReport(RECORDED_REPORTS, area, report);
    console.log(
      `recorded mutation/fingerprints/${area.name}.json and mutation/reports/${area.name}.json.gz`,
    );
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
