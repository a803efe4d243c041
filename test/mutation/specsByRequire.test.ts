import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const MOCHA = path.join(ROOT, "node_modules/mocha/bin/mocha.js");

// A spec that fails to load through require() but loads as an ES module, as a spec did when a
// mutant made a runtime module throw: its import() resolved @tenancy/runtime to runtime/dist.
const SPEC = [
  'import { strict as assert } from "node:assert";',
  'if (typeof require === "function") throw new Error("load failed under require");',
  'it("ran", () => assert.ok(true));',
  "",
].join("\n");

function runMocha(requires: readonly string[]) {
  const spec = path.join(mkdtempSync(path.join(tmpdir(), "specs-by-require-")), "spec.test.ts");
  writeFileSync(spec, SPEC);
  const args = [MOCHA, "--no-config", ...requires.flatMap((r) => ["--require", r]), spec];
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
}

describe("mutation/specsByRequire.ts", function () {
  this.timeout(30_000);

  it("without it, mocha retries a spec that failed to load as an ES module", () => {
    const run = runMocha(["tsx/cjs"]);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.contain("1 passing");
  });

  it("with it, the load error fails the run and the spec is not loaded again", () => {
    const run = runMocha(["tsx/cjs", "./mutation/specsByRequire.ts"]);
    expect(run.status).to.not.equal(0);
    expect(run.stdout + run.stderr).to.contain("load failed under require");
    expect(run.stdout).to.not.contain("passing");
  });
});
