import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Area } from "../../mutation/areas";
import { changedSources } from "../../mutation/fingerprints";
import {
  readRecordedReport,
  type RecordedReport,
  withoutFiles,
  withoutTimeouts,
  writeRecordedReport,
} from "../../mutation/recordedReports";

const AREA: Area = {
  name: "demo",
  goal: 100,
  mutate: ["src/*.ts"],
  specs: ["test/*.test.ts"],
  equivalents: "mutation/equivalents/demo.json",
};

const mutant = (status: string) => ({
  mutatorName: "BooleanLiteral",
  replacement: "false",
  status,
  location: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } },
});

const REPORT = {
  schemaVersion: "2",
  files: {
    "src/a.ts": { source: "true", mutants: [mutant("Killed")] },
    "src/b.ts": { source: "true", mutants: [mutant("Survived")] },
  },
  testFiles: { "test/a.test.ts": { source: "it()", tests: [{ id: "0", name: "a" }] } },
  config: { cwd: "/somewhere/else" },
  projectRoot: "/somewhere/else",
} as RecordedReport;

describe("recorded mutation reports (incremental --changed)", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), "recorded-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("reads back the mutants and spec files Stryker's incremental mode needs", () => {
    expect(readRecordedReport(directory, AREA)).to.equal(undefined);
    writeRecordedReport(directory, AREA, REPORT);
    expect(readRecordedReport(directory, AREA)).to.deep.equal({
      schemaVersion: "2",
      files: REPORT.files,
      testFiles: REPORT.testFiles,
    });
  });

  it("keeps the run's configuration and absolute paths out of the committed file", () => {
    writeRecordedReport(directory, AREA, REPORT);
    const stored = gunzipSync(readFileSync(path.join(directory, "demo.json.gz"))).toString();
    expect(stored).not.to.contain("/somewhere/else");
  });

  it("drops every changed file, so all of its mutants run again", () => {
    const recorded = { tests: "t", files: { "src/a.ts": "1", "src/b.ts": "2" } };
    const now = { tests: "t", files: { "src/a.ts": "1", "src/b.ts": "3", "src/c.ts": "4" } };
    const changed = changedSources(recorded, now);
    expect(changed).to.deep.equal(["src/b.ts", "src/c.ts"]);
    expect(Object.keys(withoutFiles(REPORT, changed).files)).to.deep.equal(["src/a.ts"]);
    expect(withoutFiles(REPORT, changed).testFiles).to.deep.equal(REPORT.testFiles);
  });

  it("drops the timed-out mutants (--reuse-last), so Stryker judges them again", () => {
    const loaded = {
      ...REPORT,
      files: { "src/a.ts": { source: "true", mutants: [mutant("Timeout"), mutant("Killed")] } },
    };
    expect(withoutTimeouts(loaded).files).to.deep.equal({
      "src/a.ts": { source: "true", mutants: [mutant("Killed")] },
    });
    expect(withoutTimeouts(REPORT).files).to.deep.equal(REPORT.files);
  });
});
