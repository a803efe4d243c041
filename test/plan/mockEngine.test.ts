import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

describe("RecordingMockEngine", () => {
  it("refuses a second registration of one URN, as the real engine does", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "../fixtures/duplicateUrnProgram.ts")],
      { encoding: "utf8" },
    );
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.contain(
      "failed to register new resource same [aws:iam/role:Role]: Duplicate resource URN 'urn:pulumi:dev::tenancy::aws:iam/role:Role::same'",
    );
  });
});
