import { expect } from "chai";
import { pooledShardOf } from "@tenancy/runtime/naming";
import type { PolicyDocument } from "../../components/policies/policyDocument";
import { pooledRolePolicy, PooledRolePolicyArgs } from "../../components/policies/pooledRolePolicy";
import {
  pooledTrustPolicy,
  PooledTrustPolicyArgs,
} from "../../components/policies/pooledTrustPolicy";
import type { TenantSpec } from "../../components/tenantsFile";
import {
  POLICY_BUILDERS,
  PolicyBuilders,
  proofInputFromTenantSpecs,
} from "../../proofs/fromTenantSpecs";
import { platformLocation } from "../../components/tenantPlatform";
import { proofInputFromPlan } from "../../proofs/fromPlan";
import { proveIsolation } from "../../proofs/proveIsolation";
import { planFor, tenant } from "../helpers/programUnderTest";
import type { ProofReport } from "../../proofs/proofReport";
import { each, PLATFORM, verdicts, withStatement } from "./support";

type Spec = Pick<TenantSpec, "id" | "status" | "models" | "isolation">;
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

/** One shard: the example's dedicated tenants beside three pooled ones, one suspended. */
const SPECS: Spec[] = [
  { id: "acme", status: "active", models: [HAIKU], isolation: "dedicated" },
  { id: "beta", status: "active", models: [HAIKU], isolation: "pooled" },
  { id: "gamma", status: "active", models: [], isolation: "pooled" },
  { id: "delta", status: "suspended", models: [HAIKU], isolation: "pooled" },
];
const SHARDS = 1;
const POOLED_ACTIVE = ["beta", "gamma"];

function prove(builders: Partial<PolicyBuilders> = {}): Promise<ProofReport> {
  return proveIsolation(
    proofInputFromTenantSpecs(SPECS, PLATFORM, { ...POLICY_BUILDERS, ...builders }, SHARDS),
  );
}

function brokenPolicy(change: (document: PolicyDocument) => PolicyDocument) {
  return {
    pooledRolePolicy: (args: PooledRolePolicyArgs) => change(pooledRolePolicy(args)),
  };
}

function brokenTrust(change: (document: PolicyDocument) => PolicyDocument) {
  return {
    pooledTrustPolicy: (args: PooledTrustPolicyArgs) => change(pooledTrustPolicy(args)),
  };
}

function probesOf(report: ProofReport, tenantId: string): Map<string, string> {
  return new Map(
    report.results.filter((r) => r.tenantId === tenantId).map((r) => [r.probe, r.actual]),
  );
}

/** Pooled admission statements, for the broken-trust tests. */
const ADMITTING = ["WorkloadAssumesAsPooledTenant", "WorkloadTagsSessionWithPooledTenantId"];
function everyAdmitting(
  doc: PolicyDocument,
  change: Parameters<typeof withStatement>[2],
): PolicyDocument {
  return ADMITTING.reduce((d, sid) => withStatement(d, sid, change), doc);
}

describe("isolation proofs of the pooled tier", () => {
  let report: ProofReport;
  before(async () => {
    report = await prove();
  });

  it("prove every tenant, pooled and dedicated, with every premise holding", () => {
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(verdicts(report, "unproven")).to.deep.equal([]);
    expect(report.premises.filter((p) => !p.holds)).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.premises.map((p) => p.premise)).to.include(
      "premise.pooled-trust-admits-declared-active-pooled-ids-only",
    );
  });

  it("let an active pooled tenant reach its own data, and no other tenant's of either tier", () => {
    const beta = probesOf(report, "beta");
    expect(beta.get("dynamodb.get-item.own")).to.equal("allowed");
    expect(beta.get("s3.get-object.own")).to.equal("allowed");
    for (const rep of ["dedicated", "pooled-peer", "extension", "prefix", "suffix", "unrelated"]) {
      expect(beta.get(`dynamodb.get-item.${rep}`), rep).to.equal("denied");
    }
  });

  it("refuse a shared session for a dedicated, suspended or undeclared id, a transitive tag, and re-tagging by a pooled role", () => {
    const beta = probesOf(report, "beta");
    expect(beta.get("trust.assume-role.own-tag")).to.equal("allowed");
    for (const probe of [
      "trust.assume-role.tag-dedicated",
      "trust.assume-role.tag-suspended-pooled",
      "trust.assume-role.tag-undeclared",
      "trust.assume-role.transitive-tag",
      "trust.assume-role.from-own-role",
      "trust.tag-session.from-own-role",
      "trust.assume-role.from-other-shard",
    ]) {
      expect(beta.get(probe), probe).to.equal("denied");
    }
  });

  it("deny a suspended pooled tenant everything, and a new session, while its shard's other tenants keep access", () => {
    const delta = probesOf(report, "delta");
    expect(delta.get("dynamodb.get-item.own")).to.equal("denied");
    expect(delta.get("s3.get-object.own")).to.equal("denied");
    expect(delta.get("trust.assume-role.own-tag")).to.equal("denied");
    for (const id of POOLED_ACTIVE) {
      expect(probesOf(report, id).get("dynamodb.get-item.own"), id).to.equal("allowed");
    }
    expect(pooledShardOf("delta", SHARDS)).to.equal(pooledShardOf("beta", SHARDS));
  });

  describe("against deliberately broken pooled builders", () => {
    it("catch a LeadingKeys pattern without the # delimiter with the extension and suffix probes", async () => {
      const broken = await prove(
        brokenPolicy((doc) =>
          withStatement(doc, "OwnItemsOnly", (s) => ({
            ...s,
            Condition: {
              ...s.Condition,
              "ForAllValues:StringLike": {
                "dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenantId}*"],
              },
            },
          })),
        ),
      );
      expect(verdicts(broken, "fail")).to.deep.equal(
        each(POOLED_ACTIVE, [
          "dynamodb.get-item.extension",
          "dynamodb.get-item.suffix",
          "dynamodb.put-item.extension",
          "dynamodb.put-item.suffix",
          "dynamodb.query.extension",
          "dynamodb.query.suffix",
        ]),
      );
    });

    it("catch a trust that does not bind the tag's value with the other-tier, suspended and undeclared probes and the premise", async () => {
      const broken = await prove(
        brokenTrust((doc) =>
          everyAdmitting(doc, (s) => {
            const { StringEquals: _dropped, ...rest } = s.Condition ?? {};
            return { ...s, Condition: rest };
          }),
        ),
      );
      const opened = [
        "trust.assume-role.tag-dedicated",
        "trust.assume-role.tag-suspended-pooled",
        "trust.assume-role.tag-undeclared",
        "trust.assume-role.tag-extension",
        "trust.assume-role.tag-suffix",
        "trust.assume-role.tag-prefix",
        "trust.assume-role.tag-unrelated",
      ];
      const failed = verdicts(broken, "fail");
      for (const id of POOLED_ACTIVE) {
        for (const probe of opened) expect(failed, `${id} ${probe}`).to.include(`${id} ${probe}`);
      }
      // The suspended tenant is admitted again too.
      expect(failed).to.include("delta trust.assume-role.own-tag");
      expect(failed.every((f) => !f.startsWith("acme "))).to.equal(true);
      expect(
        broken.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`),
      ).to.deep.equal(
        ["beta", "gamma", "delta"].map(
          (id) => `${id} premise.pooled-trust-admits-declared-active-pooled-ids-only`,
        ),
      );
    });

    it("catch a trust that accepts any tag value (StringLike *) the same way", async () => {
      const broken = await prove(
        brokenTrust((doc) =>
          everyAdmitting(doc, (s) => {
            const { StringEquals: _dropped, ...rest } = s.Condition ?? {};
            return { ...s, Condition: { ...rest, StringLike: { "aws:RequestTag/tenantId": "*" } } };
          }),
        ),
      );
      const failed = verdicts(broken, "fail");
      expect(failed).to.include.members(
        each(POOLED_ACTIVE, [
          "trust.assume-role.tag-dedicated",
          "trust.assume-role.tag-undeclared",
        ]),
      );
      expect(broken.ok).to.equal(false);
    });

    it("catch a trust that does not bind the tag keys with the transitive-free extra-tag probe", async () => {
      const broken = await prove(
        brokenTrust((doc) =>
          everyAdmitting(doc, (s) => {
            const { "ForAllValues:StringEquals": _dropped, ...rest } = s.Condition ?? {};
            return { ...s, Condition: rest };
          }),
        ),
      );
      expect(verdicts(broken, "fail")).to.deep.equal(
        each(POOLED_ACTIVE, ["trust.assume-role.extra-tag"]),
      );
      expect(broken.premises.filter((p) => !p.holds)).to.have.length(3);
    });

    it("catch a policy without Version 2012-10-17 with the version premise (IAM would read the variables literally)", async () => {
      const broken = await prove(
        brokenPolicy((doc) => {
          const { Version: _dropped, ...rest } = doc;
          return rest as unknown as PolicyDocument;
        }),
      );
      expect(
        broken.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`),
      ).to.deep.equal(["beta", "gamma", "delta"].map((id) => `${id} premise.version-2012-10-17`));
      expect(broken.ok).to.equal(false);
    });
  });
});

describe("isolation proofs of a planned stack with pooled tenants", () => {
  it("reads each pooled tenant's shard documents from the plan and proves them", async () => {
    const specs = [
      tenant("acme"),
      tenant("beta", { isolation: "pooled" }),
      tenant("delta", { isolation: "pooled", status: "suspended" }),
    ];
    const plan = await planFor(specs);
    const platform = platformLocation("dev", "aws", "us-east-1", "123456789012");
    const input = proofInputFromPlan(plan, specs, platform);
    expect(input.tenants.map((t) => [t.tenantId, t.isolation ?? "dedicated"])).to.deep.equal([
      ["acme", "dedicated"],
      ["beta", "pooled"],
      ["delta", "pooled"],
    ]);
    const proved = await proveIsolation(input);
    expect(verdicts(proved, "fail")).to.deep.equal([]);
    expect(proved.ok).to.equal(true);
  });
});
