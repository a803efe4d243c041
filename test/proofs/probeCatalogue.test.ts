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

  it("probes secondary indexes only with must-deny requests: the table defines none", () => {
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
    ).to.deep.equal(["dynamodb.scan.index denied"]);
    const root = probes.filter(
      (p) => p.name.startsWith("s3.list-bucket.") && !("s3:prefix" in p.request.context),
    );
    expect(root.map((p) => p.name)).to.deep.equal(["s3.list-bucket.no-prefix"]);
    expect(
      probes.find((p) => p.name === "s3.list-bucket.empty-prefix")?.request.context["s3:prefix"],
    ).to.equal("");
  });
});
