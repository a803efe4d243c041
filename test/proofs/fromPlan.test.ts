import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { deployTenancy } from "../../components/tenancy";
import type { PlannedResource } from "../../plan/plannedResource";
import { runPlan, type Plan } from "../../plan/runPlan";
import { proofInputFromPlan } from "../../proofs/fromPlan";
import { proveIsolation } from "../../proofs/proveIsolation";
import type { ProofReport } from "../../proofs/proofReport";
import { planFor, tenant, TEST_SETTINGS } from "../helpers/programUnderTest";
import { each, PLATFORM, verdicts } from "./support";

const SPECS = [tenant("acme"), tenant("beta")];
/** planFor runs on the mock engine's default region. */
const MOCK_PLATFORM = {
  ...PLATFORM,
  region: "us-east-1",
  bucketName: "dev-data-123456789012-us-east-1",
};
const BUCKET = `arn:aws:s3:::${MOCK_PLATFORM.bucketName}`;
const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/dev-tenant-data";
const ACME_ROLE = "dev-tenant-acme";
/** The probes an extra `s3:GetObject` on the whole bucket for acme's role must fail. */
const ACME_READS_EVERY_OBJECT = each(
  ["acme"],
  [
    "s3.get-object.extension",
    "s3.get-object.neighbour",
    "s3.get-object.outside-tenants",
    "s3.get-object.prefix",
    "s3.get-object.smuggled",
    "s3.get-object.suffix",
    "s3.get-object.unrelated",
  ],
);

/** A resource as the engine would record it, declared at the stack's top level. */
function resource(type: string, name: string, inputs: Record<string, unknown>): PlannedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:dev::tenancy::${type}::${name}`,
    custom: true,
    inputs,
    protect: false,
    retainOnDelete: false,
  };
}

function allow(sid: string, action: string, target: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Action: action, Resource: target }],
  });
}

async function proveWithExtra(
  extra: readonly PlannedResource[],
  change: (resources: PlannedResource[]) => PlannedResource[] = (r) => r,
): Promise<ProofReport> {
  const plan = await planFor(SPECS);
  const changed: Plan = {
    ...plan,
    resources: change([...plan.resources, ...extra]),
    tenants: plan.tenants.map((t) => ({ ...t, resources: change(t.resources) })),
  };
  return proveIsolation(proofInputFromPlan(changed, SPECS, MOCK_PLATFORM));
}

function brokenPremises(report: ProofReport): string[] {
  return report.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`);
}

describe("proofInputFromPlan", () => {
  it("evaluates a RolePolicy on T's role declared outside the tenant component", async () => {
    const report = await proveWithExtra([
      resource("aws:iam/rolePolicy:RolePolicy", "acme-read-all", {
        role: ACME_ROLE,
        policy: allow("ReadEverything", "s3:GetObject", `${BUCKET}/*`),
      }),
    ]);
    expect(verdicts(report, "fail")).to.deep.equal(ACME_READS_EVERY_OBJECT);
    const leak = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "s3.get-object.neighbour",
    )!;
    expect(leak.decidingStatement).to.equal("identity[acme-read-all]:ReadEverything");
    expect(brokenPremises(report)).to.deep.equal(["acme premise.grants-name-only-self"]);
    expect(report.ok).to.equal(false);
  });

  it("evaluates managed policies of the plan attached by RolePolicyAttachment and managedPolicyArns, and the role's inlinePolicies", async () => {
    const report = await proveWithExtra(
      [
        resource("aws:iam/policy:Policy", "acme-reports", {
          name: "acme-reports",
          path: "/tenants/",
          policy: allow("ScanForReports", "dynamodb:Scan", TABLE),
        }),
        resource("aws:iam/policy:Policy", "beta-exports", {
          policy: allow("ExportForBeta", "dynamodb:ExportTableToPointInTime", TABLE),
        }),
        resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "acme-reports", {
          role: ACME_ROLE,
          policyArn: "arn:aws:iam::123456789012:policy/tenants/acme-reports",
        }),
      ],
      (resources) =>
        resources.map((r) =>
          r.name === "beta-role"
            ? {
                ...r,
                inputs: {
                  ...r.inputs,
                  managedPolicyArns: ["arn:aws:iam::123456789012:policy/beta-exports"],
                  inlinePolicies: [
                    { name: "legacy", policy: allow("ListAll", "s3:ListBucket", BUCKET) },
                  ],
                },
              }
            : r,
        ),
    );
    expect(verdicts(report, "fail")).to.deep.equal([
      "acme dynamodb.scan.table",
      "beta dynamodb.export-table.table",
      "beta s3.list-bucket.all-tenants",
      "beta s3.list-bucket.empty-prefix",
      "beta s3.list-bucket.extension",
      "beta s3.list-bucket.neighbour",
      "beta s3.list-bucket.no-prefix",
      "beta s3.list-bucket.prefix",
      "beta s3.list-bucket.suffix",
      "beta s3.list-bucket.unrelated",
      "beta s3.list-bucket.without-slash",
    ]);
    const deciding = (tenantId: string, probe: string) =>
      report.results.find((r) => r.tenantId === tenantId && r.probe === probe)!.decidingStatement;
    expect(deciding("acme", "dynamodb.scan.table")).to.equal(
      "identity[acme-reports]:ScanForReports",
    );
    expect(deciding("beta", "dynamodb.export-table.table")).to.equal(
      "identity[beta-exports]:ExportForBeta",
    );
    expect(deciding("beta", "s3.list-bucket.no-prefix")).to.equal(
      "identity[beta-role.inlinePolicies.legacy]:ListAll",
    );
  });

  it("fails the premise for an attached policy it cannot read instead of skipping it", async () => {
    const report = await proveWithExtra([
      resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "acme-admin", {
        role: ACME_ROLE,
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
      // What the mock engine records when policyArn is another resource's ARN output.
      resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "acme-extra", {
        role: ACME_ROLE,
      }),
    ]);
    expect(verdicts(report, "fail")).to.deep.equal([]);
    expect(brokenPremises(report)).to.deep.equal(["acme premise.every-identity-document-read"]);
    expect(
      report.premises.find(
        (p) => p.tenantId === "acme" && p.premise === "premise.every-identity-document-read",
      )!.explanation,
    ).to.equal(
      "RolePolicyAttachment acme-admin attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess, whose document is not in the plan; " +
        "RolePolicyAttachment acme-extra attaches a policy whose ARN is not known in the plan, so its document cannot be read: " +
        "what it grants is unknown, so nothing is proved for this role",
    );
    expect(report.ok).to.equal(false);
  });
});

describe("proofInputFromPlan on a program that attaches a managed policy by its ARN output", () => {
  it("traces policy.arn to the Policy resource and fails the probes it opens", async () => {
    const plan = await runPlan(() => {
      const outputs = deployTenancy(TEST_SETTINGS, SPECS);
      const readAll = new aws.iam.Policy("read-all", {
        policy: allow("ReadEverything", "s3:GetObject", `${BUCKET}/*`),
      });
      new aws.iam.RolePolicyAttachment("acme-read-all", {
        role: ACME_ROLE,
        policyArn: readAll.arn,
      });
      return outputs;
    });
    const report = await proveIsolation(proofInputFromPlan(plan, SPECS, MOCK_PLATFORM));
    expect(report.ok).to.equal(false);
    expect(verdicts(report, "fail")).to.deep.equal(ACME_READS_EVERY_OBJECT);
    expect(brokenPremises(report)).to.deep.equal(["acme premise.grants-name-only-self"]);
  });
});
