import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../policypack/lib/ruleCatalog";

// policypack/README.md's rule table is generated from the catalog (check/ruleTable.ts, then
// Prettier); this keeps the two from drifting.

describe("policypack/README.md rule table", () => {
  it("lists every rule of the catalog with its kind, what, why and fix", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "policypack", "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .filter((line) => /^\| TI-[A-Z0-9]+-\d{3} /.test(line))
      .map((line) =>
        line
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((cell) => cell.trim().replace(/\\\|/g, "|")),
      );
    expect(rows).to.deep.equal(
      ALL_RULES.map((rule) => [rule.id, rule.kind, rule.what, rule.why, rule.fix]),
    );
  });
});
