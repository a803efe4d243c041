// StrykerJS on the isolation-critical modules. `npx stryker run` mutates every area of
// mutation/areas.json with every area's specs; `npm run mutate` (scripts/mutate.ts) runs one
// area at a time with only its own specs, which is faster, and checks the goals.
import { readFileSync } from "node:fs";
import { URL } from "node:url";

const { areas } = JSON.parse(
  readFileSync(new URL("./mutation/areas.json", import.meta.url), "utf8"),
);

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
  testRunner: "mocha",
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: "perTest",
  mutate: areas.flatMap((area) => area.mutate),
  mochaOptions: {
    config: ".mocharc.json",
    spec: areas.flatMap((area) => area.specs),
    ignore: areas.flatMap((area) => area.excludeSpecs ?? []),
    // The tests import @tenancy/runtime, built to runtime/dist: test the mutated sources instead,
    // and never retry a spec that failed to load as an ES module (which would reach the dist).
    // The pack's and the proofs' caches are dropped before each test, so that no answer computed
    // by the unmutated code or by another mutant in the same process stands for a mutant's.
    require: [
      "tsx/cjs",
      "./mutation/runtimeFromSources.ts",
      "./mutation/specsByRequire.ts",
      "./mutation/freshCaches.ts",
    ],
  },
  // The emulator-backed runtime tests are slow to start; a mutant's timeout is its tests' time
  // in the dry run times this factor plus timeoutMS.
  timeoutMS: 10000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  concurrency: 2,
};
