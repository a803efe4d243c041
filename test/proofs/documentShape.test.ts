import { expect } from "chai";
import { tenantRolePolicy } from "../../components/policies/tenantRolePolicy";
import { tenantTrustPolicy } from "../../components/policies/tenantTrustPolicy";
import { workloadRolePolicy } from "../../components/policies/workloadRolePolicy";
import { builderShape, isGeneratedWorkload } from "../../proofs/documentShape";
import type { IamPolicyJson, TenantDocuments } from "../../proofs/proofInput";
import { PLATFORM } from "./support";

/** A built document as the JSON the program sends. */
const json = (document: object) => JSON.parse(JSON.stringify(document)) as IamPolicyJson;

const WORKLOAD_ARN = "arn:aws:iam::123456789012:role/dev-workload";

function generated(
  tenantId: string,
  status: "active" | "suspended",
  models: readonly string[],
): TenantDocuments {
  return {
    tenantId,
    status,
    models,
    roleArn: `arn:aws:iam::123456789012:role/tenants/dev-tenant-${tenantId}`,
    identityPolicy: json(tenantRolePolicy({ tenantId, status, models, platform: PLATFORM })),
    trustPolicy: json(tenantTrustPolicy({ tenantId, platform: PLATFORM })),
  };
}

const MODEL = "amazon.nova-lite-v1:0";

describe("isGeneratedWorkload", () => {
  it("holds for the workload builder's document, dedicated or pooled, and for nothing else", () => {
    const workload = (identityPolicy: object) => ({
      roleArn: WORKLOAD_ARN,
      identityPolicy: json(identityPolicy),
    });
    expect(isGeneratedWorkload(workload(workloadRolePolicy(PLATFORM)), PLATFORM)).to.equal(true);
    expect(
      isGeneratedWorkload(workload(workloadRolePolicy(PLATFORM, { pooled: true })), PLATFORM),
    ).to.equal(true);
    const edited = workloadRolePolicy(PLATFORM);
    expect(
      isGeneratedWorkload(workload({ ...edited, Statement: edited.Statement.slice(1) }), PLATFORM),
    ).to.equal(false);
    expect(
      isGeneratedWorkload(
        workload(workloadRolePolicy({ ...PLATFORM, namePrefix: "prod" })),
        PLATFORM,
      ),
    ).to.equal(false);
  });
});

describe("builderShape", () => {
  it("names a generated tenant's shape by its status and models, so tenants alike share it", () => {
    const acme = builderShape(generated("acme", "active", [MODEL]), PLATFORM);
    expect(acme).to.equal(JSON.stringify(["active", [MODEL]]));
    expect(builderShape(generated("globex", "active", [MODEL]), PLATFORM)).to.equal(acme);
    expect(builderShape(generated("initech", "suspended", []), PLATFORM)).to.equal(
      JSON.stringify(["suspended", []]),
    );
    expect(
      builderShape(
        { ...generated("acme", "active", []), otherIdentityPolicies: [], unreadablePolicies: [] },
        PLATFORM,
      ),
    ).to.equal(JSON.stringify(["active", []]));
  });

  it("has no shape for a pooled tenant, an extra or unreadable document, or a document not its builder's", () => {
    const acme = generated("acme", "active", [MODEL]);
    const other = generated("globex", "active", [MODEL]);
    const unshaped: TenantDocuments[] = [
      { ...acme, isolation: "pooled" },
      { ...acme, otherIdentityPolicies: [{ name: "extra", policy: other.identityPolicy }] },
      { ...acme, unreadablePolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      { ...acme, identityPolicy: other.identityPolicy },
      { ...acme, trustPolicy: other.trustPolicy },
      { ...acme, status: "suspended" },
      { ...acme, models: [] },
    ];
    for (const tenant of unshaped) {
      expect(builderShape(tenant, PLATFORM), JSON.stringify(tenant).slice(0, 200)).to.equal(
        undefined,
      );
    }
    expect(builderShape({ ...acme, isolation: "dedicated" }, PLATFORM)).to.equal(
      JSON.stringify(["active", [MODEL]]),
    );
  });
});
