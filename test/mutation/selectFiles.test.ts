import { expect } from "chai";
import { selectFiles } from "../../mutation/areas";

describe("npm run mutate --files (selectFiles)", () => {
  const files = ["policypack/lib/glob.ts", "policypack/lib/checks/leakChecks.ts"];

  it("keeps the area files a glob matches, each once", () => {
    expect(selectFiles(files, ["policypack/lib/**/*.ts", "policypack/lib/glob.ts"])).to.deep.equal(
      files,
    );
    expect(selectFiles(files, ["runtime/**"])).to.deep.equal([]);
  });

  it("passes a line range on to Stryker, with or without columns", () => {
    expect(selectFiles(files, ["policypack/lib/checks/*.ts:89-91"])).to.deep.equal([
      "policypack/lib/checks/leakChecks.ts:89-91",
    ]);
    expect(selectFiles(files, ["policypack/lib/glob.ts:3:5-9:2"])).to.deep.equal([
      "policypack/lib/glob.ts:3:5-9:2",
    ]);
  });
});
