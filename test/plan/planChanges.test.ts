import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareBaseRun } from "../../plan/baseRun";
import { formatChanges } from "../../plan/formatChanges";
import { planProgram, prepareOfflineRun } from "../../plan/offlineRun";
import { planChanges, PlanChanges } from "../../plan/planChanges";

const ROOT = join(__dirname, "../..");
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const TITAN = "amazon.titan-text-express-v1";

function tenantEntry(id: string, status = "active", models = [HAIKU]) {
  return {
    id,
    displayName: `Tenant ${id}`,
    status,
    admins: [`admin@${id}.example`],
    bedrock: { models },
  };
}

function git(repo: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
    cwd: repo,
    stdio: "ignore",
  });
}

/** A repository with the project's dev config and a tenants file committed at HEAD. */
function repositoryWith(tenants: unknown[]): string {
  const repo = mkdtempSync(join(tmpdir(), "tenancy-base-test-"));
  git(repo, "init", "-q");
  writeFileSync(join(repo, "Pulumi.dev.yaml"), readFileSync(join(ROOT, "Pulumi.dev.yaml")));
  writeFileSync(join(repo, "tenants.json"), JSON.stringify({ tenants }, null, 2));
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "base");
  return repo;
}

async function changesAgainstHead(repo: string, tenants: unknown[]): Promise<PlanChanges> {
  writeFileSync(join(repo, "tenants.json"), JSON.stringify({ tenants }));
  const base = await planProgram(prepareBaseRun("HEAD", "dev", repo));
  const head = await planProgram(
    prepareOfflineRun({ stack: "dev", configDir: repo, tenantsFile: join(repo, "tenants.json") }),
  );
  return planChanges(base.resources, head.resources);
}

describe("planChanges against a git revision (--base)", () => {
  let changes: PlanChanges;
  before(async () => {
    const repo = repositoryWith([
      tenantEntry("acme"),
      tenantEntry("globex"),
      tenantEntry("initech"),
    ]);
    changes = await changesAgainstHead(repo, [
      tenantEntry("acme", "active", [HAIKU, TITAN]),
      tenantEntry("globex", "suspended"),
      tenantEntry("hooli"),
    ]);
  });

  it("shows exactly the tenants added and removed", () => {
    expect([changes.tenantsAdded, changes.tenantsRemoved]).to.deep.equal([["hooli"], ["initech"]]);
  });

  it("shows per tenant what is created, updated (which inputs) and deleted, and nothing on the platform", () => {
    const lines = changes.changes.map((c) =>
      `${c.tenant ?? "platform"} ${c.kind} ${c.name} ${(c.inputs ?? []).join(",")}`.trim(),
    );
    expect(lines).to.deep.equal([
      "acme update acme-data-access policy",
      "acme create acme-profile-amazon-titan-text-express-v1",
      "globex update admin-013ceae3 enabled,messageAction",
      "globex update globex-data-access policy",
      "hooli create hooli-profile-anthropic-claude-3-haiku-20240307-v1-0",
      "hooli create admin-b3f5e8ac",
      "hooli create hooli-group",
      "hooli create admin-b3f5e8ac-membership",
      "hooli create hooli-role",
      "hooli create hooli-data-access",
      "initech delete initech-profile-anthropic-claude-3-haiku-20240307-v1-0",
      "initech delete admin-745f4568",
      "initech delete initech-group",
      "initech delete admin-745f4568-membership",
      "initech delete initech-role",
      "initech delete initech-data-access",
    ]);
  });

  it("warns of the removed tenant (its data stays) and the suspended one", () => {
    expect(changes.warnings).to.deep.equal([
      {
        tenant: "initech",
        message:
          'tenant initech is removed: its role, group, 1 admin user and 1 inference profile are deleted (6 resources); its data under "initech#" and "tenants/initech/" stays in the table and bucket.',
      },
      {
        tenant: "globex",
        message:
          "tenant globex is suspended: its role denies every request and its admin users are disabled.",
      },
    ]);
  });

  it("prints the warnings first, then one line per tenant with counts and each change", () => {
    expect(formatChanges(changes, "HEAD").split("\n").slice(0, 8)).to.deep.equal([
      "Changes against HEAD",
      "  Warnings (2):",
      '  ! tenant initech is removed: its role, group, 1 admin user and 1 inference profile are deleted (6 resources); its data under "initech#" and "tenants/initech/" stays in the table and bucket.',
      "  ! tenant globex is suspended: its role denies every request and its admin users are disabled.",
      "  tenant acme: 1 created, 1 updated",
      "    ~  acme-data-access (RolePolicy): policy",
      "    +  acme-profile-amazon-titan-text-express-v1 (InferenceProfile)",
      "  tenant globex: 2 updated",
    ]);
    expect(formatChanges(changes, "HEAD", 3)).to.contain(
      "  tenant hooli (new tenant): 6 created\n  tenant initech (tenant removed): 6 deleted\n  (16 changes; --json or --verbose lists each)",
    );
  });
});

describe("planChanges warnings", () => {
  it("warns of an admin removed, an admin moving, a model removed", async () => {
    const repo = repositoryWith([
      {
        ...tenantEntry("acme", "active", [HAIKU, TITAN]),
        admins: ["a@acme.example", "b@acme.example"],
      },
      { ...tenantEntry("globex"), admins: ["g@globex.example", "lead@shared.example"] },
    ]);
    const changes = await changesAgainstHead(repo, [
      { ...tenantEntry("acme"), admins: ["a@acme.example", "lead@shared.example"] },
      { ...tenantEntry("globex"), admins: ["g@globex.example"] },
    ]);
    expect(changes.warnings.map((w) => w.message)).to.have.members([
      "admin user b@acme.example of tenant acme is deleted: they can no longer sign in.",
      "admin user lead@shared.example moves from tenant globex to tenant acme: they lose access to globex's data.",
      `tenant acme loses Bedrock model ${TITAN}: its inference profile is deleted.`,
    ]);
  });

  it("warns that a protected store would be deleted when the name prefix changes", async () => {
    const repo = repositoryWith([tenantEntry("acme")]);
    writeFileSync(
      join(repo, "Pulumi.dev.yaml"),
      `${readFileSync(join(repo, "Pulumi.dev.yaml"), "utf8")}  tenancy:namePrefix: other\n`,
    );
    const changes = await changesAgainstHead(repo, [tenantEntry("acme")]);
    expect(changes.warnings.map((w) => w.message)).to.include(
      "aws:dynamodb/table:Table tenancy-dev-euw1-data would be deleted: it is protected, so pulumi up will refuse.",
    );
  });
});
