import { expect } from "chai";
import type { TenantRolePolicyArgs } from "../../components/policies/tenantRolePolicy";
import { tenantRolePolicy } from "../../components/policies/tenantRolePolicy";
import { POLICY_BUILDERS, proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import { probesFor } from "../../proofs/probeCatalogue";
import { proveIsolation } from "../../proofs/proveIsolation";
import { representativesOf } from "../../proofs/representatives";
import { tenant } from "../helpers/programUnderTest";
import { each, exampleTenants, PLATFORM, verdicts, withStatement } from "./support";

describe("the probe catalogue's request context", () => {
  it("lists the bucket root with an empty s3:prefix as well as with none, and catches a grant of it", async () => {
    const report = await proveIsolation(
      proofInputFromTenantSpecs(exampleTenants(), PLATFORM, {
        ...POLICY_BUILDERS,
        tenantRolePolicy: (args: TenantRolePolicyArgs) =>
          withStatement(tenantRolePolicy(args), "ListOwnPrefixOnly", (s) => ({
            ...s,
            Condition: {
              StringLike: {
                "s3:prefix": [...(s.Condition!["StringLike"]!["s3:prefix"] as string[]), ""],
              },
            },
          })),
      }),
    );
    // The request without s3:prefix stays denied: only the empty-prefix probe sees the root listing.
    expect(verdicts(report, "fail")).to.deep.equal(
      each(["acme", "globex-eu"], ["s3.list-bucket.empty-prefix"]),
    );
    expect(report.premises.filter((p) => !p.holds).map((p) => p.tenantId)).to.deep.equal([
      "acme",
      "globex-eu",
      "initech",
    ]);
  });

  it("probes an undeclared index only with must-deny requests when the stack declares none", () => {
    const input = proofInputFromTenantSpecs([tenant("acme")], PLATFORM);
    const probes = probesFor({
      platform: PLATFORM,
      workload: input.workload,
      tenant: input.tenants[0]!,
      representatives: representativesOf("acme", undefined),
    });
    expect(
      probes
        .filter((p) => p.request.resource.includes("/index/"))
        .map((p) => `${p.name} ${p.expect}`),
    ).to.deep.equal(["dynamodb.scan.index denied", "dynamodb.query.undeclared-index denied"]);
    const root = probes.filter(
      (p) => p.name.startsWith("s3.list-bucket.") && !("s3:prefix" in p.request.context),
    );
    expect(root.map((p) => p.name)).to.deep.equal(["s3.list-bucket.no-prefix"]);
    expect(
      probes.find((p) => p.name === "s3.list-bucket.empty-prefix")?.request.context["s3:prefix"],
    ).to.equal("");
  });

  it("proves each declared index: T's own partition allowed, foreign ones, keyless queries and Scan denied", async () => {
    const indexed = { ...PLATFORM, indexNames: ["byOwner"] };
    const input = proofInputFromTenantSpecs([tenant("acme"), tenant("globex")], indexed);
    const probes = probesFor({
      platform: indexed,
      workload: input.workload,
      tenant: input.tenants[0]!,
      representatives: representativesOf("acme", "globex"),
    });
    const onIndex = probes.filter((p) => p.request.resource.endsWith("/index/byOwner"));
    const report = await proveIsolation(input);

    expect(onIndex.map((p) => `${p.name} ${p.expect}`)).to.include.members([
      "dynamodb.query.own[index byOwner] allowed",
      "dynamodb.query.no-leading-key[index byOwner] denied",
      "dynamodb.scan[index byOwner] denied",
    ]);
    expect(onIndex.filter((p) => p.expect === "denied").length).to.be.greaterThan(2);
    expect(report.ok).to.equal(true);
    expect(
      report.results.filter((r) => r.probe.includes("[index byOwner]")).map((r) => r.verdict),
    ).to.not.include("fail");
  });

  it("fails the proof when the index grant loses its LeadingKeys condition", async () => {
    const indexed = { ...PLATFORM, indexNames: ["byOwner"] };
    const report = await proveIsolation(
      proofInputFromTenantSpecs([tenant("acme")], indexed, {
        ...POLICY_BUILDERS,
        tenantRolePolicy: (args: TenantRolePolicyArgs) => {
          const built = tenantRolePolicy(args);
          return {
            ...built,
            Statement: [
              ...built.Statement,
              {
                Sid: "IndexWithoutKeys",
                Effect: "Allow",
                Action: "dynamodb:Query",
                Resource: `arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data/index/byOwner`,
              },
            ],
          };
        },
      }),
    );
    expect(verdicts(report, "fail").filter((v) => v.includes("[index byOwner]"))).to.include(
      "acme dynamodb.query.no-leading-key[index byOwner]",
    );
  });

  describe("cross-Region models", () => {
    const PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    const US_EAST_2 = {
      ...PLATFORM,
      region: "us-east-2",
      bucketName: "dev-data-123456789012-us-east-2",
    };
    const specs = [tenant("acme", { models: [PROFILE] }), tenant("globex")];

    it("allows the system profile and the model in every destination Region only through T's profile", async () => {
      const input = proofInputFromTenantSpecs(specs, US_EAST_2);
      const probes = probesFor({
        platform: US_EAST_2,
        workload: input.workload,
        tenant: input.tenants[0]!,
        representatives: representativesOf("acme", "globex"),
      });
      const report = await proveIsolation(input);

      expect(
        probes.filter((p) => p.name.includes(PROFILE)).map((p) => `${p.name} ${p.expect}`),
      ).to.deep.equal([
        `bedrock.invoke-model.through-own-profile[${PROFILE} system profile] allowed`,
        `bedrock.invoke-model.through-own-profile[${PROFILE} us-east-1] allowed`,
        `bedrock.invoke-model.through-own-profile[${PROFILE} us-east-2] allowed`,
        `bedrock.invoke-model.through-own-profile[${PROFILE} us-west-2] allowed`,
        `bedrock.invoke-model.direct[${PROFILE} system profile] denied`,
        `bedrock.invoke-model.direct[${PROFILE} us-east-1] denied`,
        `bedrock.invoke-model.direct[${PROFILE} us-east-2] denied`,
        `bedrock.invoke-model.direct[${PROFILE} us-west-2] denied`,
        `bedrock.invoke-model.outside-destinations[${PROFILE}] denied`,
      ]);
      expect(verdicts(report, "fail")).to.deep.equal([]);
      expect(report.ok).to.equal(true);
    });

    it("fails when the model statement names only the source Region (the profile would be denied elsewhere)", async () => {
      const report = await proveIsolation(
        proofInputFromTenantSpecs(specs, US_EAST_2, {
          ...POLICY_BUILDERS,
          tenantRolePolicy: (args: TenantRolePolicyArgs) =>
            withStatement(tenantRolePolicy(args), "ModelsOnlyThroughProfiles", (s) => ({
              ...s,
              Resource: (s.Resource as string[]).filter(
                (arn) => !/:us-(east-1|west-2)::/.test(arn),
              ),
            })),
        }),
      );
      expect(verdicts(report, "fail")).to.deep.equal([
        `acme bedrock.invoke-model.through-own-profile[${PROFILE} us-east-1]`,
        `acme bedrock.invoke-model.through-own-profile[${PROFILE} us-west-2]`,
      ]);
    });

    it("fails when the model statement loses its profile pin: the model is callable directly in every Region", async () => {
      const report = await proveIsolation(
        proofInputFromTenantSpecs(specs, US_EAST_2, {
          ...POLICY_BUILDERS,
          tenantRolePolicy: (args: TenantRolePolicyArgs) =>
            withStatement(
              tenantRolePolicy(args),
              "ModelsOnlyThroughProfiles",
              ({ Condition: _c, ...s }) => s,
            ),
        }),
      );
      expect(verdicts(report, "fail").filter((v) => v.startsWith("acme"))).to.include.members([
        `acme bedrock.invoke-model.direct[${PROFILE} system profile]`,
        `acme bedrock.invoke-model.direct[${PROFILE} us-west-2]`,
      ]);
    });
  });
});
