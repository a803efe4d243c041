import { expect } from "chai";
import { calibrateSimulator } from "../../proofs/calibration";
import { formatProofReport } from "../../proofs/formatProofReport";
import { proofInputFromPlan } from "../../proofs/fromPlan";
import { proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import { proveIsolation } from "../../proofs/proveIsolation";
import { representativesOf } from "../../proofs/representatives";
import { planFor, tenant } from "../helpers/programUnderTest";
import { tenantTrustPolicy } from "../../components/policies/tenantTrustPolicy";
import {
  exampleTenants,
  PLATFORM,
  verdicts,
  withSourceIdentityRequiredForTagSession,
} from "./support";

describe("proveIsolation", () => {
  describe("on the example tenants of tenants.json", () => {
    it("proves them isolated, every probe passing", async () => {
      const report = await proveIsolation(proofInputFromTenantSpecs(exampleTenants(), PLATFORM));
      expect(verdicts(report, "fail")).to.deep.equal([]);
      expect(verdicts(report, "unproven")).to.deep.equal([]);
      expect(report.premises.every((p) => p.holds)).to.equal(true);
      expect(report.ok).to.equal(true);
      expect(report.tenants.map((t) => [t.tenantId, t.status, t.probes])).to.deep.equal([
        ["acme", "active", 105],
        ["globex-eu", "active", 104],
        ["initech", "suspended", 103],
        // Pooled: also a dedicated tenant's and a pooled peer's data, and its shard's tag probes.
        ["wonka", "active", 118],
      ]);
    });

    it("denies the suspended tenant everything through its TenantSuspended statement", async () => {
      const report = await proveIsolation(proofInputFromTenantSpecs(exampleTenants(), PLATFORM));
      const initech = report.results.filter(
        (r) => r.tenantId === "initech" && !r.probe.startsWith("trust."),
      );
      expect(initech.every((r) => r.actual === "denied" && r.verdict === "pass")).to.equal(true);
      const ownRead = initech.find((r) => r.probe === "dynamodb.get-item.own")!;
      expect(ownRead.decidingStatement).to.equal("identity:TenantSuspended");
    });
  });

  describe("evaluating each shape once", () => {
    // Ids related by prefix and extension, both statuses, with and without models.
    const specs = [
      tenant("acme"),
      tenant("acme-eu"),
      tenant("ac"),
      tenant("globex", { models: [] }),
      tenant("globex-2", { models: [] }),
      tenant("old", { status: "suspended" }),
      tenant("older", { status: "suspended" }),
      tenant("zeta"),
    ];

    it("gives every tenant of a builder shape exactly the verdicts a full evaluation gives", async () => {
      const input = proofInputFromTenantSpecs(specs, PLATFORM);
      const shared = await proveIsolation(input);
      const full = await proveIsolation(input, { shareShapes: false });
      expect(shared.results).to.deep.equal(full.results);
      expect(shared.ok).to.equal(true);
      // Three shapes (active with a model, active without, suspended) are simulated once each.
      const perShape = (r: typeof full) =>
        r.tenants.filter((t) => ["acme", "globex", "old"].includes(t.tenantId));
      const simulated = perShape(full).reduce((sum, t) => sum + t.probes, 0);
      expect(shared.totals.simulations).to.equal(simulated + shared.calibration.length);
      expect(full.totals.simulations).to.equal(full.results.length + full.calibration.length);
    });

    it("simulates a tenant whose documents differ from the builders' on its own", async () => {
      const input = proofInputFromTenantSpecs(specs, PLATFORM);
      // acme-eu's policy gains a grant on the whole bucket: same shape key, other documents.
      const leaky = {
        ...input,
        tenants: input.tenants.map((t) =>
          t.tenantId !== "acme-eu"
            ? t
            : {
                ...t,
                identityPolicy: {
                  ...t.identityPolicy,
                  Statement: [
                    ...(t.identityPolicy.Statement as unknown[]),
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" },
                  ],
                },
              },
        ),
      };
      const report = await proveIsolation(leaky);
      expect(report.ok).to.equal(false);
      expect(verdicts(report, "fail").every((v) => v.startsWith("acme-eu "))).to.equal(true);
      expect(verdicts(report, "fail")).to.include("acme-eu s3.get-object.neighbour");
    });
  });

  it("proves the documents the program registers on the mock engine", async () => {
    const specs = [
      tenant("acme"),
      tenant("acme-eu", { models: [] }),
      tenant("old", { status: "suspended" }),
    ];
    const plan = await planFor(specs);
    // planFor runs on the mock engine's default region.
    const platform = {
      ...PLATFORM,
      region: "us-east-1",
      bucketName: "dev-data-123456789012-us-east-1",
    };
    const report = await proveIsolation(proofInputFromPlan(plan, specs, platform));
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    // acme-eu extends acme: the real neighbour is also the adversarial one.
    const neighbour = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "dynamodb.get-item.neighbour",
    )!;
    expect(neighbour.explanation).to.equal(
      'GetItem on neighbour tenant "acme-eu"\'s key acme-eu#r1: identity:OwnItemsOnly does not apply: ForAllValues:StringLike dynamodb:LeadingKeys fails',
    );
  });

  it("costs the same probes per tenant for N and 2N tenants, up to one per declared model", async () => {
    const models = ["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1"];
    // Mixed model counts and statuses; the first N tenants repeat in the second N.
    const specs = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        tenant(`t${i}`, {
          models: models.slice(0, i % 3),
          status: i % 4 === 3 ? "suspended" : "active",
        }),
      );
    const probesPerTenant = async (count: number) => {
      const tenants = specs(count);
      const report = await proveIsolation(proofInputFromTenantSpecs(tenants, PLATFORM));
      expect(report.ok).to.equal(true);
      const modelProbes = tenants.reduce((sum, t) => sum + t.models.length, 0);
      return {
        // One probe per declared model (through the tenant's profile) is the only difference.
        average: (report.totals.probes - modelProbes) / count,
        each: report.tenants.map((t, i) => t.probes - tenants[i]!.models.length),
      };
    };
    const n = await probesPerTenant(6);
    const twice = await probesPerTenant(12);
    expect(twice.average).to.equal(n.average);
    expect(n.each).to.deep.equal(Array(6).fill(103));
    expect(twice.each).to.deep.equal(Array(12).fill(103));
  });
});

describe("representativesOf", () => {
  it("picks a real neighbour, an unrelated id, two extensions and a prefix", () => {
    expect(representativesOf("globex-eu", "initech")).to.deep.equal([
      { role: "neighbour", id: "initech" },
      { role: "unrelated", id: "zz-unrelated" },
      { role: "extension", id: "globex-eu-x" },
      { role: "suffix", id: "globex-eux" },
      { role: "prefix", id: "globex" },
    ]);
  });

  it("never picks an unrelated id that shares a prefix with the tenant, and has no prefix for one letter", () => {
    expect(representativesOf("z", undefined)).to.deep.equal([
      { role: "unrelated", id: "qq-unrelated" },
      { role: "extension", id: "z-x" },
      { role: "suffix", id: "zx" },
    ]);
  });
});

describe("calibrateSimulator", () => {
  it("finds the simulator agreeing with IAM on every rule the proof relies on", async () => {
    const results = await calibrateSimulator();
    expect(results.filter((r) => !r.ok)).to.deep.equal([]);
    expect(results).to.have.length(9);
  });
});

describe("formatProofReport", () => {
  it("prints the probe x tenant matrix, then each problem with its deciding statement", async () => {
    const report = await proveIsolation(proofInputFromTenantSpecs([tenant("acme")], PLATFORM));
    const text = formatProofReport(report);
    const lines = text.split("\n");
    expect(lines[0]).to.match(/^probe\s+acme$/);
    expect(lines).to.include.members([
      "dynamodb.get-item.own                                                             allowed",
      "trust.tag-session.own-tag                                                         allowed",
      "Isolation proved: no tenant can reach another.",
    ]);
  });

  it("marks a must-allow probe unproven when the simulator drops a key its statements test", async () => {
    const input = proofInputFromTenantSpecs([tenant("acme")], PLATFORM);
    const [acme] = input.tenants;
    const trustPolicy = withSourceIdentityRequiredForTagSession(
      tenantTrustPolicy({ tenantId: "acme", platform: PLATFORM }),
    );
    const report = await proveIsolation({
      ...input,
      tenants: [{ ...acme, trustPolicy: { ...trustPolicy } }],
    });
    expect(verdicts(report, "unproven")).to.deep.equal(["acme trust.tag-session.own-tag"]);
    expect(report.ok).to.equal(true);
    expect(formatProofReport(report).split("\n")).to.include.members([
      "trust.tag-session.own-tag                                                         denied ?",
      "UNPROVEN acme trust.tag-session.own-tag: expected allowed, simulator says denied [no statement matched]",
    ]);
  });

  it("switches to one line per tenant when the matrix would be too wide", async () => {
    const report = await proveIsolation(
      proofInputFromTenantSpecs([tenant("acme"), tenant("beta")], PLATFORM),
    );
    const lines = formatProofReport(report, { maxMatrixTenants: 1 }).split("\n");
    expect(lines.slice(0, 4)).to.deep.equal([
      "tenant  status  probes  failed  unproven",
      "------  ------  ------  ------  --------",
      "acme    active  104     0       0",
      "beta    active  104     0       0",
    ]);
  });
});
