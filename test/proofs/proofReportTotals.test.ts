import { expect } from "chai";
import { tenantTrustPolicy } from "../../components/policies/tenantTrustPolicy";
import { proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import type { ProofInput } from "../../proofs/proofInput";
import { proveIsolation } from "../../proofs/proveIsolation";
import { tenant } from "../helpers/programUnderTest";
import { PLATFORM, withSourceIdentityRequiredForTagSession } from "./support";

// The report's bookkeeping: per-tenant summaries, totals, what a failing result carries, and when
// the whole proof is ok.

const READ_EVERY_OBJECT = {
  name: "reports",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Sid: "AllReports", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  },
};

/** acme reads every object; beta's trust conditions TagSession on a key IAM omits for it. */
function input(): ProofInput {
  const base = proofInputFromTenantSpecs([tenant("acme"), tenant("beta")], PLATFORM);
  const [acme, beta] = base.tenants;
  return {
    ...base,
    tenants: [
      { ...acme!, otherIdentityPolicies: [READ_EVERY_OBJECT] },
      {
        ...beta!,
        trustPolicy: {
          ...withSourceIdentityRequiredForTagSession(
            tenantTrustPolicy({ tenantId: "beta", platform: PLATFORM }),
          ),
        },
      },
    ],
  };
}

describe("the proof report's totals", () => {
  it("counts each tenant's failed and unproven probes, and totals them", async () => {
    const report = await proveIsolation(input());
    const failed = report.results.filter((r) => r.verdict === "fail");
    const unproven = report.results.filter((r) => r.verdict === "unproven");
    expect(failed.map((r) => r.tenantId)).to.include("acme");
    expect(failed.every((r) => r.tenantId === "acme")).to.equal(true);
    expect(unproven.map((r) => `${r.tenantId} ${r.probe}`)).to.deep.equal([
      "beta trust.tag-session.own-tag",
    ]);
    expect(report.tenants).to.deep.equal([
      { tenantId: "acme", status: "active", probes: 104, failed: failed.length, unproven: 0 },
      { tenantId: "beta", status: "active", probes: 104, failed: 0, unproven: 1 },
    ]);
    expect(report.totals).to.deep.include({
      probes: 208,
      passed: 208 - failed.length - 1,
      failed: failed.length,
      unproven: 1,
    });
    // Neither tenant's documents are the builders' own: each is simulated on its own.
    expect(report.totals.simulations).to.equal(report.calibration.length + 208);
    expect(report.totals.durationMs).to.be.a("number").and.to.be.at.least(0);
    expect(report.ok).to.equal(false);
  });

  it("gives a failing or unproven result its request and the probe's reason before the simulator's", async () => {
    const report = await proveIsolation(input());
    const leak = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "s3.get-object.neighbour",
    )!;
    expect(leak).to.deep.include({
      expected: "denied",
      actual: "allowed",
      verdict: "fail",
      decidingStatement: "identity[reports]:AllReports",
      explanation:
        'reading neighbour tenant "beta"\'s object tenants/beta/probe.txt: identity[reports]:AllReports allows it',
    });
    expect(leak.request?.resource).to.equal(
      `arn:aws:s3:::${PLATFORM.bucketName}/tenants/beta/probe.txt`,
    );
    const unproven = report.results.find((r) => r.verdict === "unproven")!;
    expect(unproven.request?.action).to.equal("sts:TagSession");
    expect(unproven.explanation).to.match(
      /; the simulator dropped sts:SourceIdentity for sts:TagSession$/,
    );
    expect(unproven).to.not.have.property("decidingStatement");
    const passed = report.results.filter((r) => r.verdict === "pass");
    expect(passed.length).to.be.greaterThan(0);
    expect(passed.some((r) => "request" in r)).to.equal(false);
  });

  it("is ok with unproven probes alone, and not ok when a premise breaks though every probe passes", async () => {
    const base = input();
    const onlyUnproven = await proveIsolation({ ...base, tenants: [base.tenants[1]!] });
    expect([
      onlyUnproven.totals.unproven,
      onlyUnproven.totals.failed,
      onlyUnproven.ok,
    ]).to.deep.equal([1, 0, true]);
    const plain = proofInputFromTenantSpecs([tenant("acme")], PLATFORM);
    const unreadable = await proveIsolation({
      ...plain,
      tenants: [
        { ...plain.tenants[0]!, unreadablePolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      ],
    });
    expect(unreadable.totals.failed).to.equal(0);
    expect(unreadable.ok).to.equal(false);
  });
});

describe("a probe whose tested key the simulator dropped", () => {
  it("fails when it must be denied (the deny proves nothing) and is unproven when it must be allowed", async () => {
    const specs = [tenant("acme"), tenant("wonka", { isolation: "pooled" })];
    const base = proofInputFromTenantSpecs(specs, PLATFORM);
    const requireSourceIdentityToTag = (statement: Record<string, unknown>) =>
      [statement["Action"]].flat().includes("sts:TagSession")
        ? {
            ...statement,
            Condition: {
              ...(statement["Condition"] as object),
              Null: { "sts:SourceIdentity": "false" },
            },
          }
        : statement;
    const report = await proveIsolation({
      ...base,
      tenants: base.tenants.map((t) =>
        t.tenantId !== "wonka"
          ? t
          : {
              ...t,
              trustPolicy: {
                ...t.trustPolicy,
                Statement: (t.trustPolicy["Statement"] as Record<string, unknown>[]).map(
                  requireSourceIdentityToTag,
                ),
              },
            },
      ),
    });
    const verdict = (probe: string) =>
      report.results.find((r) => r.tenantId === "wonka" && r.probe === probe)?.verdict;
    expect(verdict("trust.tag-session.own-tag")).to.equal("unproven");
    expect(verdict("trust.tag-session.from-own-role")).to.equal("fail");
    expect(report.ok).to.equal(false);
  });

  it("proves a pooled tenant without declared tiers, its trust premise unjudged", async () => {
    const input = proofInputFromTenantSpecs(
      [tenant("acme"), tenant("wonka", { isolation: "pooled" })],
      PLATFORM,
    );
    const { tiers: _tiers, ...withoutTiers } = input;
    const report = await proveIsolation(withoutTiers);
    const wonka = report.results.filter((r) => r.tenantId === "wonka").map((r) => r.probe);
    expect(wonka).to.include("trust.assume-role.tag-neighbour");
    expect(wonka.filter((p) => /\.(dedicated|pooled-peer)$/.test(p))).to.deep.equal([]);
    expect(
      report.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`),
    ).to.deep.equal(["wonka premise.pooled-trust-admits-declared-active-pooled-ids-only"]);
  });
});

describe("tenants of one builder shape", () => {
  it("borrow only the first tenant's judgements: probes it lacked are simulated for each tenant", async () => {
    // "a" has no proper prefix, so no prefix probes; "bb" and "cc" each have theirs.
    const report = await proveIsolation(
      proofInputFromTenantSpecs([tenant("a"), tenant("bb"), tenant("cc")], PLATFORM),
    );
    const [a, bb, cc] = report.tenants;
    const prefixProbes = bb!.probes - a!.probes;
    expect(prefixProbes).to.be.greaterThan(0);
    expect(cc!.probes).to.equal(bb!.probes);
    expect(report.totals.simulations).to.equal(
      report.calibration.length + a!.probes + 2 * prefixProbes,
    );
    expect(report.ok).to.equal(true);
  });
});
