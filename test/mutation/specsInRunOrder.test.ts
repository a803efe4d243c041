import { expect } from "chai";
import path from "node:path";
import { type Area, readAreas, specFiles, specsInRunOrder } from "../../mutation/areas";

// What npm run mutate hands mocha: the area's spec files in the order its patterns list them,
// each once, so an area's direct tests run (and stop a killed mutant's run) first.

const ROOT = path.resolve(__dirname, "../..");

describe("npm run mutate's spec order (specsInRunOrder)", () => {
  const area = (name: string): Area => {
    const found = readAreas(ROOT).areas.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no area ${name} in mutation/areas.json`);
    return found;
  };

  it("runs pack-stack's own folder first, then the pack's shared specs", () => {
    const order = specsInRunOrder(ROOT, area("pack-stack"));
    const firstOther = order.findIndex((file) => !file.startsWith("test/policypack/stack/"));
    expect(firstOther).to.be.greaterThan(0);
    expect(
      order.slice(firstOther).filter((file) => file.startsWith("test/policypack/stack/")),
    ).to.deep.equal([]);
  });

  it("holds each spec file once, and the same files as the area's sorted list", () => {
    for (const { name } of readAreas(ROOT).areas) {
      const order = specsInRunOrder(ROOT, area(name));
      expect(new Set(order).size, name).to.equal(order.length);
      expect([...order].sort(), name).to.deep.equal(specFiles(ROOT, area(name)));
    }
  });

  it("a file two patterns match runs where the first one put it; excluded files never run", () => {
    const demo: Area = {
      ...area("pack-stack"),
      specs: ["test/mutation/specsInRunOrder.test.ts", "test/mutation/*.test.ts"],
      excludeSpecs: ["test/mutation/scores.test.ts"],
    };
    const order = specsInRunOrder(ROOT, demo);
    expect(order[0]).to.equal("test/mutation/specsInRunOrder.test.ts");
    expect(order.filter((file) => file === "test/mutation/specsInRunOrder.test.ts")).to.have.length(
      1,
    );
    expect(order).to.include("test/mutation/selectFiles.test.ts");
    expect(order).not.to.include("test/mutation/scores.test.ts");
  });
});
