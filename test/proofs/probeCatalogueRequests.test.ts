import { expect } from "chai";
import { KNOWN_MODELS } from "../../components/knownModels";
import { proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import type { Probe } from "../../proofs/probe";
import { probesFor } from "../../proofs/probeCatalogue";
import { type DeclaredTiers, declaredTiers, type TenantDocuments } from "../../proofs/proofInput";
import { type Representative, representativesOf } from "../../proofs/representatives";
import { tenant } from "../helpers/programUnderTest";
import { PLATFORM } from "./support";

// Requests whose exact form is what the probe tests: the tags, principals and ids a verdict on
// them alone would not pin down.

const SPECS = [
  tenant("acme"),
  tenant("wonka", { isolation: "pooled" }),
  tenant("willy", { isolation: "pooled", status: "suspended" }),
  tenant("slugworth", { isolation: "pooled", status: "suspended" }),
];
const INPUT = proofInputFromTenantSpecs(SPECS, PLATFORM);
const TIERS = declaredTiers(SPECS);

function documentsOf(id: string): TenantDocuments {
  return INPUT.tenants.find((t) => t.tenantId === id)!;
}

function catalogue(
  documents: TenantDocuments,
  representatives: readonly Representative[] = representativesOf(documents.tenantId, "acme"),
  tiers: DeclaredTiers | null = TIERS,
): Map<string, Probe> {
  const probes = probesFor({
    platform: PLATFORM,
    workload: INPUT.workload,
    tenant: documents,
    representatives,
    ...(tiers === null ? {} : { tiers }),
  });
  return new Map(probes.map((p) => [p.name, p]));
}

/** The request's context without the session's own keys, which every identity probe carries. */
function extraContext(probe: Probe | undefined): Record<string, unknown> {
  const {
    "aws:PrincipalTag/tenantId": _tag,
    "aws:PrincipalArn": _arn,
    ...rest
  } = probe!.request.context;
  return rest;
}

const ASSUMPTION = {
  "aws:RequestTag/tenantId": "acme",
  "aws:TagKeys": ["tenantId"],
  "sts:SourceIdentity": "user@probe.example",
};
const ADMIN_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

describe("the probe catalogue's exact requests", () => {
  it("tags the profile probes with the tenant and the stack as each one claims", () => {
    const probes = catalogue(documentsOf("acme"));
    expect(extraContext(probes.get("bedrock.invoke-model.untagged-profile"))).to.deep.equal({
      "aws:ResourceTag/tenancyStack": "dev",
    });
    expect(extraContext(probes.get("bedrock.invoke-model.other-stack-profile"))).to.deep.equal({
      "aws:ResourceTag/tenantId": "acme",
      "aws:ResourceTag/tenancyStack": "dev-other",
    });
    expect(extraContext(probes.get("bedrock.invoke-model.no-stack-tag-profile"))).to.deep.equal({
      "aws:ResourceTag/tenantId": "acme",
    });
  });

  it("asks each trust probe's assumption with exactly the tags and identity it names", () => {
    const probes = catalogue(documentsOf("acme"));
    const context = (name: string) => probes.get(name)!.request.context;
    expect(context("trust.assume-role.own-tag")).to.deep.equal(ASSUMPTION);
    expect(context("trust.assume-role.no-tag")).to.deep.equal({
      "sts:SourceIdentity": "user@probe.example",
    });
    expect(context("trust.assume-role.no-source-identity")).to.deep.equal({
      "aws:RequestTag/tenantId": "acme",
      "aws:TagKeys": ["tenantId"],
    });
    expect(context("trust.assume-role.extra-tag")).to.deep.equal({
      ...ASSUMPTION,
      "aws:TagKeys": ["tenantId", "role"],
      "aws:RequestTag/role": "admin",
    });
    expect(probes.get("trust.assume-role.other-role")!.request.principal).to.equal(
      "arn:aws:sts::123456789012:assumed-role/dev-admin-probe/probe",
    );
    expect(probes.get("trust.assume-role.foreign-account")!.request.principal).to.equal(
      `arn:aws:sts::999999999999:assumed-role/${INPUT.workload.roleArn.split("/").pop()}/probe`,
    );
    for (const name of ["trust.assume-role.other-role", "trust.assume-role.foreign-account"]) {
      expect(probes.get(name)!.documents, name).to.deep.equal({
        kind: "trust",
        callerPolicy: ADMIN_POLICY,
      });
    }
  });

  it("leaves out the probes that need another tenant when there is no representative", () => {
    const names = [...catalogue(documentsOf("acme"), []).keys()];
    expect(names.filter((n) => /mixed|smuggled|from-other-tenant/.test(n))).to.deep.equal([]);
    expect(names).to.include("dynamodb.get-item.no-leading-key");
    expect([...catalogue(documentsOf("acme")).keys()]).to.include.members([
      "dynamodb.batch-get-item.mixed",
      "dynamodb.get-item.smuggled",
      "s3.get-object.smuggled",
      "trust.assume-role.from-other-tenant",
    ]);
  });

  describe("for a pooled tenant", () => {
    const transitive = { ...ASSUMPTION, "aws:RequestTag/tenantId": "wonka" };

    it("asks a transitive tag, and sessions of its own and the next shard's role", () => {
      const wonka = documentsOf("wonka");
      const probes = catalogue(wonka);
      expect(probes.get("trust.assume-role.transitive-tag")!.request.context).to.deep.equal({
        ...transitive,
        "sts:TransitiveTagKeys": ["tenantId"],
      });
      const shard = Number(wonka.roleArn.split("-").pop());
      expect(probes.get("trust.assume-role.from-other-shard")!.request.principal).to.equal(
        `arn:aws:sts::123456789012:assumed-role/dev-pooled-${shard + 1}/user@probe.example`,
      );
      expect(probes.get("trust.tag-session.from-own-role")!.request.principal).to.equal(
        `arn:aws:sts::123456789012:assumed-role/dev-pooled-${shard}/user@probe.example`,
      );
    });

    it("tags with another suspended pooled id, an undeclared one, and skips declared active pooled peers", () => {
      const tag = (probes: Map<string, Probe>, name: string) =>
        probes.get(name)?.request.context["aws:RequestTag/tenantId"];
      const willy = catalogue(documentsOf("willy"));
      expect(tag(willy, "trust.assume-role.tag-suspended-pooled")).to.equal("slugworth");
      expect(tag(willy, "trust.assume-role.tag-undeclared")).to.equal("zz-undeclared");
      const alone = catalogue(documentsOf("willy"), representativesOf("willy", "acme"), {
        ...TIERS,
        suspendedPooled: ["willy"],
      });
      expect(alone.has("trust.assume-role.tag-suspended-pooled")).to.equal(false);
      const declaringZz = catalogue(documentsOf("wonka"), representativesOf("wonka", "acme"), {
        ...TIERS,
        dedicated: [...TIERS.dedicated, "zz-undeclared"],
      });
      expect(tag(declaringZz, "trust.assume-role.tag-undeclared")).to.equal("qq-undeclared");
      // wonka is a declared active pooled tenant: willy's shard may admit it by design.
      const peer = catalogue(documentsOf("willy"), [{ role: "pooled-peer", id: "wonka" }]);
      expect(peer.has("trust.assume-role.tag-pooled-peer")).to.equal(false);
    });

    it("is catalogued without declared tiers, every representative's tag refused", () => {
      const probes = catalogue(documentsOf("wonka"), representativesOf("wonka", "acme"), null);
      expect(probes.get("trust.assume-role.tag-undeclared")!.request.context).to.deep.include({
        "aws:RequestTag/tenantId": "zz-undeclared",
      });
      expect(probes.has("trust.assume-role.tag-suspended-pooled")).to.equal(false);
      expect(probes.has("trust.assume-role.tag-neighbour")).to.equal(true);
    });
  });

  describe("the unlisted-model probe", () => {
    const unlisted = (models: readonly string[], platform = PLATFORM) =>
      probesFor({
        platform,
        workload: INPUT.workload,
        tenant: { ...documentsOf("acme"), models },
        representatives: representativesOf("acme", "globex"),
      }).find((p) => p.name === "bedrock.invoke-model.unlisted-model")?.request.resource;

    it("tries the first model T does not declare", () => {
      expect(unlisted(["anthropic.claude-3-haiku-20240307-v1:0"])).to.equal(
        "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0",
      );
      expect(unlisted(["amazon.nova-pro-v1:0"])).to.equal(
        "arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-8b-instruct-v1:0",
      );
      const first = [...KNOWN_MODELS.foundationModels][0]!;
      expect(unlisted(["amazon.nova-pro-v1:0", "meta.llama3-8b-instruct-v1:0"])).to.equal(
        `arn:aws:bedrock:eu-west-1::foundation-model/${first}`,
      );
    });

    it("counts the foundation model of a declared cross-Region profile as declared, and is left out when nothing is left", () => {
      // The one cross-Region profile whose Regions the data records, from us-east-2.
      const usEast2 = { ...PLATFORM, region: "us-east-2" };
      const haiku = "anthropic.claude-3-haiku-20240307-v1:0";
      const allButHaiku = [...KNOWN_MODELS.foundationModels].filter((model) => model !== haiku);
      expect(unlisted(allButHaiku, usEast2)).to.equal(
        `arn:aws:bedrock:us-east-2::foundation-model/${haiku}`,
      );
      expect(unlisted([...allButHaiku, `us.${haiku}`], usEast2)).to.equal(undefined);
    });
  });
});
