import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProofReport } from "../../proofs/proofReport";
import { ROOT } from "./support";

/** Runs `npm run prove` the way a user does (the script behind it), with the same arguments. */
function prove(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "proofs/cli.ts"), ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run prove", () => {
  it("proves a tenants file from the offline plan and prints the whole matrix as JSON", () => {
    const { status, stdout, stderr } = prove(
      "--tenants",
      join(ROOT, "test/fixtures/proofs/tenants.json"),
      "--json",
    );
    expect(stderr).to.equal("");
    expect(status).to.equal(0);
    const report = JSON.parse(stdout) as ProofReport;
    expect(report.ok).to.equal(true);
    expect(report.tenants.map((t) => t.tenantId)).to.deep.equal(["acme", "acme-eu"]);
    expect(report.totals.probes).to.equal(report.results.length);
    // Own-data probes name Pulumi.dev.yaml's table and bucket (prefix dev, eu-west-1): they can
    // only pass if the documents taken from the plan name the same ones.
    expect(report.totals.passed).to.equal(report.totals.probes);
    const ownRead = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "dynamodb.get-item.own",
    );
    expect(ownRead?.decidingStatement).to.equal("identity:OwnItemsOnly");
  });

  it("exits 2 on an invalid tenants file before planning anything", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenancy-prove-"));
    const file = join(dir, "tenants.json");
    writeFileSync(
      file,
      JSON.stringify({ tenants: [{ id: "Acme", displayName: "A", status: "active", admins: [] }] }),
    );
    const { status, stdout, stderr } = prove("--tenants", file);
    expect(status).to.equal(2);
    expect(stdout).to.equal("");
    expect(stderr).to.contain("/tenants/0/id");
  });
});
