import { expect } from "chai";
import type { ConditionBlock, PolicyDocument } from "../../components/policies/policyDocument";
import { tenantRolePolicy, TenantRolePolicyArgs } from "../../components/policies/tenantRolePolicy";
import {
  tenantTrustPolicy,
  TenantTrustPolicyArgs,
} from "../../components/policies/tenantTrustPolicy";
import {
  POLICY_BUILDERS,
  PolicyBuilders,
  proofInputFromTenantSpecs,
} from "../../proofs/fromTenantSpecs";
import { proveIsolation } from "../../proofs/proveIsolation";
import type { ProofReport } from "../../proofs/proofReport";
import { each, exampleTenants, PLATFORM, verdicts, withStatement } from "./support";

/** The example tenants: acme and globex-eu are active, initech is suspended. */
const ACTIVE = ["acme", "globex-eu"];
const ALL = [...ACTIVE, "initech"];
const REPRESENTATIVES = ["neighbour", "unrelated", "extension", "suffix", "prefix"];

function proveWith(builders: Partial<PolicyBuilders>): Promise<ProofReport> {
  return proveIsolation(
    proofInputFromTenantSpecs(exampleTenants(), PLATFORM, { ...POLICY_BUILDERS, ...builders }),
  );
}

function brokenRolePolicy(change: (document: PolicyDocument) => PolicyDocument) {
  return { tenantRolePolicy: (args: TenantRolePolicyArgs) => change(tenantRolePolicy(args)) };
}

function without(condition: ConditionBlock | undefined, operator: string): ConditionBlock {
  const { [operator]: _removed, ...rest } = condition ?? {};
  return rest;
}

describe("isolation proofs against deliberately broken policy builders", () => {
  it("catch a dropped LeadingKeys condition with every foreign-key probe (the suspended tenant stays denied)", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnItemsOnly", (s) => ({
          ...s,
          Condition: without(s.Condition, "ForAllValues:StringLike"),
        })),
      ),
    );
    const foreignKeys = REPRESENTATIVES.flatMap((rep) =>
      ["get-item", "put-item", "query"].map((op) => `dynamodb.${op}.${rep}`),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, [
        ...foreignKeys,
        "dynamodb.batch-get-item.mixed",
        "dynamodb.batch-write-item.mixed",
        "dynamodb.get-item.smuggled",
      ]),
    );
    expect(report.ok).to.equal(false);
  });

  it("catch ForAnyValue instead of ForAllValues with the mixed-batch probes", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnItemsOnly", (s) => {
          const anyValue = { ...without(s.Condition, "ForAllValues:StringLike") };
          anyValue["ForAnyValue:StringLike"] = s.Condition!["ForAllValues:StringLike"]!;
          return { ...s, Condition: anyValue };
        }),
      ),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, ["dynamodb.batch-get-item.mixed", "dynamodb.batch-write-item.mixed"]),
    );
  });

  it("catch a missing / after the S3 prefix with the extension, suffix and without-slash probes", async () => {
    const dropSlash = (value: string) => value.replace(/\/\*$/, "*");
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(
          withStatement(doc, "OwnObjectsOnly", (s) => ({
            ...s,
            Resource: dropSlash(s.Resource as string),
          })),
          "ListOwnPrefixOnly",
          (s) => ({
            ...s,
            Condition: {
              StringLike: {
                "s3:prefix": (s.Condition!["StringLike"]!["s3:prefix"] as string[]).map(dropSlash),
              },
            },
          }),
        ),
      ),
    );
    const neighbours = ["extension", "suffix"].flatMap((rep) =>
      ["get-object", "put-object", "list-bucket"].map((op) => `s3.${op}.${rep}`),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, [...neighbours, "s3.list-bucket.without-slash"]),
    );
  });

  it("catch Scan granted in a statement of its own with the table-wide probes", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) => ({
        ...doc,
        Statement: [
          {
            Sid: "ScanForReports",
            Effect: "Allow",
            Action: "dynamodb:Scan",
            Resource: doc.Statement[0]!.Resource!,
          },
          ...doc.Statement,
        ],
      })),
    );
    // The item statement names no undeclared index, so the index Scan probe stays denied.
    expect(verdicts(report, "fail")).to.deep.equal(each(ACTIVE, ["dynamodb.scan.table"]));
    const failure = report.results.find(
      (r) => r.tenantId === "acme" && r.probe === "dynamodb.scan.table",
    )!;
    expect(failure.decidingStatement).to.equal("identity:ScanForReports");
  });

  it("catch Scan added to the item statement once the Null guard is gone, with the keyless probes", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnItemsOnly", (s) => ({
          ...s,
          Action: [...(s.Action as string[]), "dynamodb:Scan"],
          Condition: without(s.Condition, "Null"),
        })),
      ),
    );
    // ForAllValues is true when the key is absent: a keyless GetItem and every Scan get through.
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, ["dynamodb.get-item.no-leading-key", "dynamodb.scan.table"]),
    );
  });

  it("catch Resource * on the inference-profile statement with the other-account profile probe", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnInferenceProfilesOnly", (s) => ({ ...s, Resource: "*" })),
      ),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, ["bedrock.invoke-model.other-account-profile"]),
    );
  });

  it("catch a profile grant pinned by the tenant tag alone with the other-stack probes", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnInferenceProfilesOnly", (s) => {
          const { "aws:ResourceTag/tenancyStack": _stack, ...tenantTag } =
            s.Condition?.["StringEquals"] ?? {};
          return { ...s, Condition: { StringEquals: tenantTag } };
        }),
      ),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, [
        "bedrock.invoke-model.no-stack-tag-profile",
        "bedrock.invoke-model.other-stack-profile",
      ]),
    );
  });

  it("catch Resource * on the foundation-model statement with the unlisted-model probe", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "ModelsOnlyThroughProfiles", (s) => ({ ...s, Resource: "*" })),
      ),
    );
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ACTIVE, ["bedrock.invoke-model.unlisted-model"]),
    );
  });

  it("catch a trust policy without the tenant tag condition for every tenant, suspended included", async () => {
    const report = await proveWith({
      tenantTrustPolicy: (args: TenantTrustPolicyArgs) =>
        withStatement(tenantTrustPolicy(args), "WorkloadAssumesWithTenantTag", (s) => ({
          ...s,
          Condition: without(s.Condition, "StringEquals"),
        })),
    });
    const wrongTags = REPRESENTATIVES.map((rep) => `trust.assume-role.tag-${rep}`);
    expect(verdicts(report, "fail")).to.deep.equal(
      each(ALL, [...wrongTags, "trust.assume-role.no-tag"]),
    );
  });

  it("catch a grant naming another tenant both by probe and by the premise check", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) =>
        withStatement(doc, "OwnObjectsOnly", (s) => ({
          ...s,
          Resource: [s.Resource as string, `arn:aws:s3:::${PLATFORM.bucketName}/tenants/initech/*`],
        })),
      ),
    );
    const broken = report.premises.filter((p) => !p.holds);
    expect(broken.map((p) => `${p.tenantId} ${p.premise}`)).to.deep.equal([
      "acme premise.grants-name-only-self",
      "globex-eu premise.grants-name-only-self",
    ]);
    expect(broken[0]!.explanation).to.equal(
      'identity policy OwnObjectsOnly Resource arn:aws:s3:::dev-data-123456789012-eu-west-1/tenants/initech/* names "initech": the fixed foreign-id probes no longer cover every tenant',
    );
    // globex-eu's neighbour is initech, so its probes see the leak there too.
    expect(verdicts(report, "fail")).to.deep.equal([
      "globex-eu s3.get-object.neighbour",
      "globex-eu s3.get-object.smuggled",
      "globex-eu s3.put-object.neighbour",
    ]);
  });

  it("refuse documents without Version 2012-10-17, which the simulator would misread", async () => {
    const report = await proveWith(
      brokenRolePolicy((doc) => ({ ...doc, Version: "2008-10-17" as "2012-10-17" })),
    );
    expect(
      report.premises.filter((p) => !p.holds).map((p) => `${p.tenantId} ${p.premise}`),
    ).to.deep.equal(each(ALL, ["premise.version-2012-10-17"]));
    expect(report.ok).to.equal(false);
  });
});
