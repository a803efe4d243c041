import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const PROJECT_DIR = join(__dirname, "../..");

describe("README's handler section", () => {
  it("shows the example app's notes function exactly as examples/app/notes.ts holds it", () => {
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    const notes = readFileSync(join(PROJECT_DIR, "examples/app/notes.ts"), "utf8");
    expect(readme).to.include("```ts\n" + notes + "```\n");
  });
});
