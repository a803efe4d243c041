import { expect } from "chai";
import type { PolicyDocument, PolicyStatement } from "../../components/policies/policyDocument";
import { tenantRolePolicy, TenantRolePolicyArgs } from "../../components/policies/tenantRolePolicy";
import { POLICY_BUILDERS, proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import { proveIsolation } from "../../proofs/proveIsolation";
import type { ProofReport } from "../../proofs/proofReport";
import { exampleTenants, PLATFORM, verdicts, withStatement } from "./support";

const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;

/**
 * The example tenants plus acme-eu, with only globex-eu's inline policy rewritten. Each rewrite
 * reaches real tenants through wildcards where the id belongs, yet none of globex-eu's
 * representatives (initech, zz-unrelated, globex-eu-x, globex-eux, globex) has the shape it
 * matches: no probe can see it, so the premise check must.
 */
function proveWithGlobexEu(change: (document: PolicyDocument) => PolicyDocument) {
  const tenants = [
    ...exampleTenants(),
    { ...exampleTenants()[0]!, id: "acme-eu", displayName: "Acme Europe" },
  ];
  return proveIsolation(
    proofInputFromTenantSpecs(tenants, PLATFORM, {
      ...POLICY_BUILDERS,
      tenantRolePolicy: (args: TenantRolePolicyArgs) =>
        args.tenantId === "globex-eu" ? change(tenantRolePolicy(args)) : tenantRolePolicy(args),
    }),
  );
}

function brokenPremises(report: ProofReport): string[] {
  return report.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`);
}

function explanationOf(report: ProofReport, tenantId: string): string {
  return report.premises.find(
    (p) => p.tenantId === tenantId && p.premise === "premise.grants-name-only-self",
  )!.explanation;
}

const TAIL = ": the fixed foreign-id probes no longer cover every tenant";

describe("premise.grants-name-only-self", () => {
  it("holds on the example tenants and says exactly what it checked", async () => {
    const report = await proveWithGlobexEu((doc) => doc);
    expect(brokenPremises(report)).to.deep.equal([]);
    expect(explanationOf(report, "globex-eu")).to.equal(
      'every object ARN of the shared bucket and every s3:prefix in an Allow starts with the literal "tenants/globex-eu/", every dynamodb:LeadingKeys with "globex-eu#", every tenantId tag value is "globex-eu" and every tenant role is T\'s own',
    );
  });

  it("fails on an s3:prefix whose wildcards stand where the id belongs (tenant?/*-eu/* lists acme-eu)", async () => {
    const report = await proveWithGlobexEu((doc) =>
      withStatement(doc, "ListOwnPrefixOnly", (s) => ({
        ...s,
        Condition: { StringLike: { "s3:prefix": ["tenant?/*-eu/*"] } },
      })),
    );
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(brokenPremises(report)).to.deep.equal(["globex-eu premise.grants-name-only-self"]);
    expect(explanationOf(report, "globex-eu")).to.equal(
      `identity policy ListOwnPrefixOnly StringLike s3:prefix = tenant?/*-eu/* is not confined to "tenants/globex-eu/" (its literal text before any wildcard is "tenant")${TAIL}`,
    );
    expect(report.ok).to.equal(false);
  });

  it("fails on an object ARN that matches every tenant id of the same length (tenant?/?????????/*)", async () => {
    const report = await proveWithGlobexEu((doc) =>
      withStatement(doc, "OwnObjectsOnly", (s) => ({
        ...s,
        Resource: `${BUCKET}/tenant?/?????????/*`,
      })),
    );
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(brokenPremises(report)).to.deep.equal(["globex-eu premise.grants-name-only-self"]);
    expect(explanationOf(report, "globex-eu")).to.equal(
      `identity policy OwnObjectsOnly Resource ${BUCKET}/tenant?/?????????/* is not confined to "${BUCKET}/tenants/globex-eu/" (its literal text before any wildcard is "${BUCKET}/tenant")${TAIL}`,
    );
  });

  it("fails on an object ARN that can reach the bucket through a wildcard before the bucket name", async () => {
    const report = await proveWithGlobexEu((doc) =>
      withStatement(doc, "OwnObjectsOnly", (s) => ({
        ...s,
        Resource: "arn:aws:s3:::*/tenants/globex-eu/*",
      })),
    );
    // The probes see it only through the smuggled key: tenants/initech/tenants/globex-eu/….
    expect(verdicts(report, "fail")).to.deep.equal(["globex-eu s3.get-object.smuggled"]);
    expect(brokenPremises(report)).to.deep.equal(["globex-eu premise.grants-name-only-self"]);
  });

  it("fails on leading keys, tenant tags and tenant roles matched by wildcards instead of the id", async () => {
    const report = await proveWithGlobexEu((doc) => {
      const changed = withStatement(
        withStatement(doc, "OwnItemsOnly", (s) => ({
          ...s,
          Condition: {
            ...s.Condition,
            "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["?????????#*"] },
          },
        })),
        "OwnInferenceProfilesOnly",
        (s) => ({
          ...s,
          Condition: {
            StringLike: { "aws:ResourceTag/tenantId": "*-eu" },
            StringEquals: { "aws:ResourceTag/tenancyStack": "dev" },
          },
        }),
      );
      const assume: PolicyStatement = {
        Sid: "BecomeEuTenants",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::123456789012:role/tenants/dev-tenant-*-eu",
      };
      return { ...changed, Statement: [...changed.Statement, assume] };
    });
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(brokenPremises(report)).to.deep.equal(["globex-eu premise.grants-name-only-self"]);
    expect(explanationOf(report, "globex-eu")).to.equal(
      [
        'identity policy OwnItemsOnly ForAllValues:StringLike dynamodb:LeadingKeys = ?????????#* is not confined to "globex-eu#" (its literal text before any wildcard is "")',
        'identity policy OwnInferenceProfilesOnly StringLike aws:ResourceTag/tenantId = *-eu is not exactly "globex-eu"',
        "identity policy BecomeEuTenants Resource arn:aws:iam::123456789012:role/tenants/dev-tenant-*-eu can match tenant roles other than arn:aws:iam::123456789012:role/tenants/dev-tenant-globex-eu",
      ].join("; ") + TAIL,
    );
  });

  it("names the foreign id when the literal text already gives it away", async () => {
    const report = await proveWithGlobexEu((doc) =>
      withStatement(doc, "OwnItemsOnly", (s) => ({
        ...s,
        Condition: {
          ...s.Condition,
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["globex-eu#*", "acme-eu#*"] },
        },
      })),
    );
    expect(explanationOf(report, "globex-eu")).to.equal(
      `identity policy OwnItemsOnly ForAllValues:StringLike dynamodb:LeadingKeys = acme-eu#* names "acme-eu"${TAIL}`,
    );
  });
});
