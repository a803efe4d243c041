import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** Runs `npm start` the way a user does (the script behind it), with the same arguments. */
function start(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "scripts/plan.ts"), ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm start (offline plan)", () => {
  it("prints the plan, the pack's verdict and the proof for people", () => {
    const { status, stdout } = start();
    expect(status).to.equal(0);
    expect(stdout).to.match(/^Offline plan for stack "dev" from tenants\.json/);
    expect(stdout).to.contain("Tenant initech (Initech), suspended");
    expect(stdout).to.contain("    no violations in 35 resources");
    expect(stdout).to.match(/\nIsolation proved: no tenant can reach another\.\n$/);
  });

  it("plans tenants.json, checks it with the policy pack and proves it, as JSON", () => {
    const { status, stdout, stderr } = start("--json");
    expect(stderr).to.equal("");
    expect(status).to.equal(0);
    const plan = JSON.parse(stdout);
    expect(plan.tenants.map((t: { id: string; status: string }) => [t.id, t.status])).to.deep.equal(
      [
        ["acme", "active"],
        ["globex-eu", "active"],
        ["initech", "suspended"],
      ],
    );
    // Pulumi.dev.yaml sets the region and leaves account-wide Bedrock invocation logging off.
    expect(plan.totals.resources).to.equal(plan.resources.length);
    expect(plan.resources).to.have.length(35);
    expect(plan.outputs.bucketName).to.equal("tenancy-dev-euw1-data-123456789012-eu-west-1");
    expect(plan.violations).to.deep.equal([]);
    expect(plan.proofs.ok).to.equal(true);
    expect(plan.proofs.failures).to.deep.equal([]);
    expect(plan.proofs.tenants.map((t: { tenantId: string }) => t.tenantId)).to.deep.equal([
      "acme",
      "globex-eu",
      "initech",
    ]);
    for (const resource of plan.resources)
      expect(resource).to.have.keys("type", "name", "urn", "parent", "protect", "retainOnDelete");
  });

  it("refuses, against a stack export, an edit that would replace a protected store (exit 2)", () => {
    const { stdout } = start("--json");
    const planned = JSON.parse(stdout).resources as Array<{ type: string; urn: string }>;
    const table = planned.find((r) => r.type === "aws:dynamodb/table:Table");
    // The deployed table was keyed "id": the planned "pk" could only come by replacing it.
    const exported = {
      version: 3,
      deployment: {
        resources: [
          {
            urn: table?.urn,
            type: table?.type,
            custom: true,
            protect: true,
            inputs: {
              __defaults: [],
              name: "tenancy-dev-euw1-tenant-data",
              hashKey: "id",
              rangeKey: "sk",
            },
          },
        ],
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), "against-")), "stack.json");
    writeFileSync(file, JSON.stringify(exported));
    const refused = start("--against", file);
    expect(refused.status).to.equal(2);
    expect(refused.stdout).to.equal(
      `Refused: 1 edit(s) that pulumi up could never apply to ${file}:\n  aws:dynamodb/table:Table ${table?.urn} input "hashKey" would change from "id" to "pk", but DynamoDB fixes a table's name and key schema at creation, and the store is protected. Fix: keep "hashKey" as deployed\n`,
    );
    const unreadable = start("--against", join(tmpdir(), "no-such-export.json"));
    expect([unreadable.status, unreadable.stdout]).to.deep.equal([2, ""]);
    expect(unreadable.stderr).to.match(/^--against: cannot read /);
  });

  it("exits 2 on a stack without a Pulumi.<stack>.yaml instead of planning with defaults", () => {
    const { status, stderr } = start("--stack", "prdo");
    expect(status).to.equal(2);
    expect(stderr).to.equal(
      "--stack: there is no Pulumi.prdo.yaml. Fix: name an existing stack, or create it with pulumi stack init prdo\n",
    );
  });

  it("exits 2 with every problem of a bad tenants file and registers nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenancy-plan-"));
    const file = join(dir, "tenants.json");
    writeFileSync(
      file,
      JSON.stringify({ tenants: [{ id: "Acme", displayName: "A", status: "on", admins: [] }] }),
    );
    const { status, stdout, stderr } = start("--tenants", file, "--json");
    expect(stderr).to.equal("");
    expect(status).to.equal(2);
    const report = JSON.parse(stdout);
    expect(report).to.have.keys("error");
    const { error } = report;
    expect(error.code).to.equal("ERR_INVALID_TENANTS_FILE");
    expect(
      error.issues.map((i: { path: string; code: string }) => `${i.path} ${i.code}`),
    ).to.deep.equal([
      "/tenants/0/id ERR_INVALID_TENANT_ID",
      "/tenants/0/status ERR_INVALID_VALUE",
      "/tenants/0/admins ERR_INVALID_VALUE",
    ]);
  });
});
