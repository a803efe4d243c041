import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlannedResource } from "../../plan/plannedResource";
import type { Plan } from "../../plan/runPlan";
import type { TenantResourcePattern } from "../../policypack/lib/settings";
import { proofInputFromPlan } from "../../proofs/fromPlan";
import type { ProofReport } from "../../proofs/proofReport";
import { proveIsolation } from "../../proofs/proveIsolation";
import { planFor, tenant } from "../helpers/programUnderTest";
import { each, PLATFORM, ROOT, verdicts } from "./support";

// Per-tenant resources the pack settings declare (tenantResources) are proved like the shared
// stores: T's role reaches its own instance and no representative's.

const SPECS = [tenant("acme"), tenant("beta")];
/** planFor runs on the mock engine's default region. */
const MOCK_PLATFORM = {
  ...PLATFORM,
  region: "us-east-1",
  bucketName: "dev-data-123456789012-us-east-1",
};
const QUEUES: TenantResourcePattern = {
  arn: "arn:aws:sqs:us-east-1:123456789012:dev-{tenantId}-jobs",
};
const KEYS: TenantResourcePattern = {
  arn: "arn:aws:kms:us-east-1:123456789012:key/*",
  tag: "tenantId",
};
const WHOSE = ["extension", "neighbour", "prefix", "suffix", "unrelated"];

/** A RolePolicy on each tenant's role, declared at the stack's top level as a platform team would. */
function grantEach(statement: (id: string) => Record<string, unknown>): PlannedResource[] {
  return SPECS.map(({ id }) => {
    const type = "aws:iam/rolePolicy:RolePolicy";
    return {
      type,
      name: `${id}-jobs`,
      urn: `urn:pulumi:dev::tenancy::${type}::${id}-jobs`,
      custom: true,
      inputs: {
        role: `dev-tenant-${id}`,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Sid: "Jobs", Effect: "Allow", ...statement(id) }],
        }),
      },
      protect: false,
      retainOnDelete: false,
    };
  });
}

async function prove(
  extra: readonly PlannedResource[],
  tenantResources?: readonly TenantResourcePattern[],
): Promise<ProofReport> {
  const plan = await planFor(SPECS);
  const withExtra: Plan = { ...plan, resources: [...plan.resources, ...extra] };
  return proveIsolation({
    ...proofInputFromPlan(withExtra, SPECS, MOCK_PLATFORM),
    tenantResources,
  });
}

const sendAndReceive = (resource: (id: string) => string) =>
  grantEach((id) => ({
    Action: ["sqs:SendMessage", "sqs:ReceiveMessage"],
    Resource: resource(id),
  }));
const ownQueue = (id: string) => `arn:aws:sqs:us-east-1:123456789012:dev-${id}-jobs`;

describe("declared tenant resources in the proofs", () => {
  it("passes a plan whose tenant roles each reach their own queue, probing it and the representatives'", async () => {
    const report = await prove(sendAndReceive(ownQueue), [QUEUES]);
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    const acme = report.results.filter(
      (r) => r.tenantId === "acme" && r.probe.startsWith("tenant-resource-1."),
    );
    expect(acme.map((r) => `${r.probe} ${r.actual}`).sort()).to.deep.equal(
      ["send-message", "receive-message"]
        .flatMap((action) => [
          `tenant-resource-1.sqs.${action}.own allowed`,
          ...WHOSE.map((whose) => `tenant-resource-1.sqs.${action}.${whose} denied`),
        ])
        .sort(),
    );
    const own = acme.find((r) => r.probe === "tenant-resource-1.sqs.send-message.own");
    expect(own?.decidingStatement).to.equal("identity[acme-jobs]:Jobs");
  });

  it("fails a grant on every queue of the prefix, naming the probes that reach other tenants", async () => {
    const report = await prove(
      sendAndReceive(() => "arn:aws:sqs:us-east-1:123456789012:dev-*"),
      [QUEUES],
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(
        ["acme", "beta"],
        ["send-message", "receive-message"].flatMap((action) =>
          WHOSE.map((whose) => `tenant-resource-1.sqs.${action}.${whose}`),
        ),
      ),
    );
    expect(report.ok).to.equal(false);
    const leak = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "tenant-resource-1.sqs.send-message.neighbour",
    );
    expect(leak?.decidingStatement).to.equal("identity[acme-jobs]:Jobs");
    expect(leak?.request?.resource).to.equal(ownQueue("beta"));
  });

  it("probes nothing of a resource the settings do not declare", async () => {
    const report = await prove(sendAndReceive(() => "arn:aws:sqs:us-east-1:123456789012:dev-*"));
    expect(report.results.filter((r) => r.probe.startsWith("tenant-resource-"))).to.deep.equal([]);
    expect(report.ok).to.equal(true);
  });

  it("proves a tag-declared key: pinned by tenantId passes, unpinned reaches others' and untagged keys", async () => {
    const decrypt = (pinned: boolean) =>
      grantEach((id) => ({
        Action: "kms:Decrypt",
        Resource: "arn:aws:kms:us-east-1:123456789012:key/*",
        ...(pinned ? { Condition: { StringEquals: { "aws:ResourceTag/tenantId": id } } } : {}),
      }));
    const pinned = await prove(decrypt(true), [KEYS]);
    expect(verdicts(pinned, "fail")).to.deep.equal([]);
    const own = pinned.results.find(
      (r) => r.tenantId === "beta" && r.probe === "tenant-resource-1.kms.decrypt.own",
    );
    // Evaluated under AWS's default key policy, so the tenant role's statement decides.
    expect([own?.actual, own?.decidingStatement]).to.deep.equal([
      "allowed",
      "identity[beta-jobs]:Jobs",
    ]);
    const unpinned = await prove(decrypt(false), [KEYS]);
    expect(verdicts(unpinned, "fail")).to.deep.equal(
      each(
        ["acme", "beta"],
        [...WHOSE, "untagged"].map((whose) => `tenant-resource-1.kms.decrypt.${whose}`),
      ),
    );
  });
});

describe("npm run prove --policy-config", () => {
  it("exits 2 on a pack configuration the schema refuses, before planning", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenancy-prove-config-"));
    const file = join(dir, "settings.json");
    writeFileSync(file, JSON.stringify({ tenantResources: [{ arn: "not-an-arn" }] }));
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "proofs/cli.ts"), "--policy-config", file],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(run.status).to.equal(2);
    expect(run.stdout).to.equal("");
    expect(run.stderr).to.contain("pack config /tenantResources/0/arn");
  });
});
