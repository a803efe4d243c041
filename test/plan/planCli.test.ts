import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeResources } from "../../check/analyzeResources";
import { resourcesFromPreview } from "../../check/pulumiJson";

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

/** The `pulumi preview --json` file the JSON test emits, reused by the tests after it. */
let emittedPreview: string | undefined;

describe("npm start (offline plan)", () => {
  it("prints the plan, the pack's verdict and the proof for people", () => {
    const { status, stdout } = start();
    expect(status).to.equal(0);
    expect(stdout).to.match(/^Offline plan for stack "dev" from tenants\.json/);
    // Few tenants: one line each; --tenant shows one in full.
    expect(stdout).to.match(
      /\n {2}initech +suspended +1 admin\(s\), 0 profile\(s\), 5 resources\n/,
    );
    expect(stdout).not.to.contain("Tenant initech (Initech), suspended");
    expect(stdout).to.match(/\n {2}wonka +active +1 admin\(s\), 1 profile\(s\), 4 resources\n/);
    expect(stdout).to.contain("    no violations in 43 resources");
    expect(stdout).to.match(/\nIsolation proved: no tenant can reach another\.\n$/);
  });

  it("shows one tenant in full with --tenant, and its probe column", () => {
    const { status, stdout } = start("--tenant", "initech");
    expect(status).to.equal(0);
    expect(stdout).to.contain("Tenant initech (Initech), suspended");
    expect(stdout).not.to.contain("Tenant acme (");
    expect(stdout).to.match(/\nprobe +initech \(suspended\)\n/);
  });

  it("exits 2 with the usage on an unknown option or an unknown --tenant, planning nothing", () => {
    const unknown = start("--verbos");
    expect([unknown.status, unknown.stdout]).to.deep.equal([2, ""]);
    expect(unknown.stderr).to.match(
      /^Unknown option '--verbos'.*\n\nUsage: npm start -- \[options\]/s,
    );
    const tenant = start("--tenant", "nobody");
    expect([tenant.status, tenant.stderr]).to.deep.equal([
      2,
      "--tenant: nobody is not a tenant of tenants.json.\n",
    ]);
  });

  it("shows no changes against the committed revision of an unchanged stack (--base HEAD)", () => {
    // The tenants file as committed, so local edits of tenants.json do not count as changes.
    const committed = join(mkdtempSync(join(tmpdir(), "base-")), "tenants.json");
    writeFileSync(
      committed,
      spawnSync("git", ["show", "HEAD:./tenants.json"], { cwd: ROOT }).stdout,
    );
    const { status, stdout } = start("--base", "HEAD", "--tenants", committed, "--tenant", "acme");
    expect(status).to.equal(0);
    expect(stdout).to.match(
      /^Changes against HEAD\n {2}no changes\n\nOffline plan for stack "dev"/,
    );
    const bad = start("--base", "no-such-revision");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/^--base: cannot read Pulumi\.dev\.yaml at "no-such-revision"/);
  });

  it("plans tenants.json, checks it with the policy pack and proves it, as JSON alone on stdout (npm start --silent)", () => {
    const preview = join(mkdtempSync(join(tmpdir(), "emit-")), "preview.json");
    const run = spawnSync("npm", ["start", "--silent", "--", "--json", "--emit-preview", preview], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const { status, stdout } = run;
    expect(status, run.stderr).to.equal(0);
    const plan = JSON.parse(stdout);
    const emitted = JSON.parse(readFileSync(preview, "utf8"));
    emittedPreview = preview;
    expect(emitted.steps.map((s: { urn: string }) => s.urn)).to.deep.equal(
      plan.resources.map((r: { urn: string }) => r.urn),
    );
    expect(emitted.changeSummary).to.deep.equal({ create: plan.resources.length });
    expect(plan.tenants.map((t: { id: string; status: string }) => [t.id, t.status])).to.deep.equal(
      [
        ["acme", "active"],
        ["globex-eu", "active"],
        ["initech", "suspended"],
        ["wonka", "active"],
      ],
    );
    // Pulumi.dev.yaml sets the region and leaves account-wide Bedrock invocation logging off.
    expect(plan.totals.resources).to.equal(plan.resources.length);
    expect(plan.resources).to.have.length(43);
    expect(plan.outputs.bucketName).to.equal("tenancy-dev-euw1-data-123456789012-eu-west-1");
    expect(plan.violations).to.deep.equal([]);
    expect(plan.proofs.ok).to.equal(true);
    expect(plan.proofs.failures).to.deep.equal([]);
    expect(plan.proofs.tenants.map((t: { tenantId: string }) => t.tenantId)).to.deep.equal([
      "acme",
      "globex-eu",
      "initech",
      "wonka",
    ]);
    for (const resource of plan.resources)
      expect(resource).to.have.keys("type", "name", "urn", "parent", "protect", "retainOnDelete");
  });

  it("emits a preview that npm run check judges as the in-process pack judges the plan", async () => {
    expect(emittedPreview).to.be.a("string");
    const preview = JSON.parse(readFileSync(String(emittedPreview), "utf8"));
    // One tenant's policy opened to the whole table: the pack must see it through either path.
    const policy = preview.steps.find(
      (s: { newState: { type: string; inputs: { name?: string } } }) =>
        s.newState.type === "aws:iam/rolePolicy:RolePolicy" &&
        s.newState.inputs.name === "acme-data-access",
    );
    const document = JSON.parse(policy.newState.inputs.policy);
    document.Statement.push({ Effect: "Allow", Action: "dynamodb:Scan", Resource: "*" });
    policy.newState.inputs.policy = JSON.stringify(document);
    const file = join(mkdtempSync(join(tmpdir(), "mutated-")), "preview.json");
    writeFileSync(file, JSON.stringify(preview));
    const check = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "check/cli.ts"), "--preview", file, "--json"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(check.status, check.stderr).to.equal(1);
    const viaCheck = JSON.parse(check.stdout).violations as Array<{ urn: string; policy: string }>;
    const inProcess = await analyzeResources(resourcesFromPreview(preview));
    const verdicts = (list: Array<{ urn: string; policy: string }>) =>
      list.map((v) => `${v.policy} ${v.urn}`).sort();
    expect(verdicts(viaCheck)).to.deep.equal(verdicts(inProcess));
    expect(viaCheck.map((v) => v.policy)).to.include("tenant-data-leaks");
  });

  it("compares with a stack export: a tenant removed is deleted, its data stays", () => {
    expect(emittedPreview).to.be.a("string");
    const preview = JSON.parse(readFileSync(String(emittedPreview), "utf8"));
    const exported = {
      version: 3,
      deployment: {
        // Inputs as deployed; ids and outputs are the mock engine's own (see deployedStack.test.ts).
        resources: preview.steps.map((s: { newState: Record<string, unknown> }) => s.newState),
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "against-"));
    writeFileSync(join(dir, "stack.json"), JSON.stringify(exported));
    const tenants = JSON.parse(readFileSync(join(ROOT, "tenants.json"), "utf8"));
    tenants.tenants = tenants.tenants.filter((t: { id: string }) => t.id !== "initech");
    writeFileSync(join(dir, "tenants.json"), JSON.stringify(tenants));
    const run = start(
      "--against",
      join(dir, "stack.json"),
      "--tenants",
      join(dir, "tenants.json"),
      "--json",
    );
    expect(run.status, run.stderr).to.equal(0);
    const { changes } = JSON.parse(run.stdout);
    expect(changes.tenantsRemoved).to.deep.equal(["initech"]);
    expect(
      changes.changes.map((c: { kind: string; tenant?: string }) => `${c.kind} ${c.tenant}`),
    ).to.deep.equal(Array(5).fill("delete initech"));
    expect(changes.warnings.map((w: { message: string }) => w.message)).to.deep.equal([
      'tenant initech is removed: its role, group, 1 admin user and 0 inference profiles are deleted (5 resources); its data under "initech#" and "tenants/initech/" stays in the table and bucket.',
    ]);
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

  it("exits 2 with the IAM roles quota, the count and the fix for 1,200 dedicated tenants, before planning", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenancy-plan-"));
    const file = join(dir, "tenants.json");
    const tenants = Array.from({ length: 1200 }, (_, i) => ({
      id: `t${i}`,
      displayName: `Tenant ${i}`,
      status: "active",
      admins: [`admin@t${i}.example`],
    }));
    writeFileSync(file, JSON.stringify({ tenants }));
    const { status, stdout, stderr } = start("--tenants", file);
    expect([status, stdout]).to.deep.equal([2, ""]);
    expect(stderr).to.match(
      /^The plan exceeds 1 quota; nothing was deployed:\n {2}\[IAM roles per account\] needs 1201, the quota is 1000\. Fix: move 217 dedicated tenants to pooled/,
    );
  });
});
