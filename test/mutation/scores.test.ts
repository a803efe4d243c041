import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EquivalentEntry, readEquivalents } from "../../mutation/equivalents";
import { changedFiles } from "../../mutation/fingerprints";
import { type MutationReport, scoreFiles } from "../../mutation/scores";

const ROOT = path.resolve(__dirname, "../..");
const FILE = "runtime/src/clients/example.ts";
const SOURCE = 'const a = x.startsWith("t");\nif (n > 0) {\n  go();\n}\n';

function mutant(
  status: string,
  mutatorName: string,
  at: [number, number, number, number],
  by: string,
) {
  const [line, column, endLine, endColumn] = at;
  return {
    mutatorName,
    replacement: by,
    status,
    location: { start: { line, column }, end: { line: endLine, column: endColumn } },
  };
}

const REPORT: MutationReport = {
  files: {
    [FILE]: {
      source: SOURCE,
      mutants: [
        mutant("Killed", "MethodExpression", [1, 11, 1, 28], 'x.endsWith("t")'),
        mutant("Timeout", "EqualityOperator", [2, 5, 2, 10], "n >= 0"),
        mutant("Survived", "StringLiteral", [1, 24, 1, 27], '""'),
        mutant("NoCoverage", "BlockStatement", [2, 12, 4, 2], "{}"),
        mutant("CompileError", "ConditionalExpression", [2, 5, 2, 10], "true"),
      ],
    },
  },
};

function entry(fields: Partial<EquivalentEntry>): EquivalentEntry {
  return {
    file: FILE,
    mutator: "BlockStatement",
    original: "{\n  go();\n}",
    replacement: "{}",
    reason: "test",
    listedIn: "test.json",
    ...fields,
  };
}

describe("mutation scores", () => {
  it("counts timeouts as killed, ignores errors, and reports each survivor with its source text", () => {
    const [score] = scoreFiles(REPORT, [], new Set());
    expect(score?.killed).to.equal(2);
    expect(score?.equivalent).to.equal(0);
    expect(score?.score).to.equal(50);
    expect(score?.survivors.map((s) => [s.mutator, s.original, s.line, s.column])).to.deep.equal([
      ["StringLiteral", '"t"', 1, 24],
      ["BlockStatement", "{\n  go();\n}", 2, 12],
    ]);
  });

  it("takes a listed equivalent out of the score, across lines, and marks the entry used", () => {
    const listed = entry({});
    const used = new Set<EquivalentEntry>();
    const [score] = scoreFiles(REPORT, [listed], used);
    expect(score?.equivalent).to.equal(1);
    expect(score?.survivors.map((s) => s.mutator)).to.deep.equal(["StringLiteral"]);
    expect(score?.score).to.be.closeTo(66.67, 0.01);
    expect([...used]).to.deep.equal([listed]);
  });

  it("matches an entry only on the same file, mutator, original text and replacement", () => {
    for (const miss of [
      { file: "runtime/src/other.ts" },
      { mutator: "StringLiteral" },
      { original: "{ go(); }" },
      { replacement: "{ }" },
    ]) {
      const used = new Set<EquivalentEntry>();
      const [score] = scoreFiles(REPORT, [entry(miss)], used);
      expect(score?.equivalent, JSON.stringify(miss)).to.equal(0);
      expect(used.size).to.equal(0);
    }
  });

  it("refuses an equivalents entry without a reason, naming the file", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "equivalents-"));
    const { reason: _reason, listedIn: _listedIn, ...noReason } = entry({});
    writeFileSync(path.join(directory, "a.json"), JSON.stringify({ equivalents: [noReason] }));
    expect(() => readEquivalents(directory)).to.throw(/a\.json: an entry has no reason/);
  });

  it("every checked-in equivalent names a file that still holds its original text", () => {
    const entries = readEquivalents(path.join(ROOT, "mutation/equivalents"));
    expect(entries.length).to.be.greaterThan(0);
    for (const listed of entries) {
      const source = readFileSync(path.join(ROOT, listed.file), "utf8");
      expect(source.includes(listed.original), `${listed.listedIn}: ${listed.file}`).to.equal(true);
    }
  });
});

describe("mutation fingerprints", () => {
  const recorded = { tests: "t1", files: { "a.ts": "1", "b.ts": "2" } };

  it("mutates only the files whose content changed while the tests stayed the same", () => {
    expect(
      changedFiles(recorded, { tests: "t1", files: { "a.ts": "1", "b.ts": "3" } }),
    ).to.deep.equal(["b.ts"]);
    expect(changedFiles(recorded, recorded)).to.deep.equal([]);
  });

  it("mutates every file when the specs or equivalents changed, or nothing was recorded", () => {
    const now = { tests: "t2", files: { "a.ts": "1", "b.ts": "2", "c.ts": "9" } };
    expect(changedFiles(recorded, now)).to.deep.equal(["a.ts", "b.ts", "c.ts"]);
    expect(changedFiles(undefined, recorded)).to.deep.equal(["a.ts", "b.ts"]);
  });
});
