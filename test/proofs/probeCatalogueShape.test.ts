import { expect } from "chai";
import { wildcardMatcher } from "../../policypack/lib/evaluation/wildcards";
import { serviceActions } from "../../policypack/lib/evaluation/iamReference";
import { proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import type { Probe } from "../../proofs/probe";
import { probesFor, type CatalogueContext } from "../../proofs/probeCatalogue";
import { declaredTiers } from "../../proofs/proofInput";
import { pooledRepresentativesOf, representativesOf } from "../../proofs/representatives";
import { tenant } from "../helpers/programUnderTest";
import { PLATFORM } from "./support";

// What every probe of the catalogue must be, whatever the tenant: a name the results matrix can
// key on, a reason a failure can show, and a request IAM could really receive.

const PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
const US_EAST_2 = {
  ...PLATFORM,
  region: "us-east-2",
  bucketName: "dev-data-123456789012-us-east-2",
  indexNames: ["byOwner"],
};
const SPECS = [
  tenant("acme", { models: [PROFILE, "amazon.nova-lite-v1:0"] }),
  tenant("globex", { models: [] }),
  tenant("initech", { status: "suspended" }),
  tenant("wonka", { isolation: "pooled" }),
  tenant("willy", { isolation: "pooled", models: [] }),
  tenant("slugworth", { isolation: "pooled", status: "suspended" }),
];

function catalogues(): Map<string, { ctx: CatalogueContext; probes: Probe[] }> {
  const input = proofInputFromTenantSpecs(SPECS, US_EAST_2);
  const tiers = declaredTiers(SPECS);
  return new Map(
    input.tenants.map((documents, index) => {
      const neighbour = input.tenants[(index + 1) % input.tenants.length]!.tenantId;
      const ctx: CatalogueContext = {
        platform: US_EAST_2,
        workload: input.workload,
        tenant: documents,
        representatives: [
          ...representativesOf(documents.tenantId, neighbour),
          ...(documents.isolation === "pooled"
            ? pooledRepresentativesOf(documents.tenantId, tiers)
            : []),
        ],
        tiers,
      };
      return [documents.tenantId, { ctx, probes: probesFor(ctx) }];
    }),
  );
}

/** Global keys IAM sets on every request of a principal or for a resource's tags. */
const GLOBAL_KEY = /^aws:(principaltag\/.+|principalarn|resourcetag\/.+)$/;

/** An assumption with tags and a SourceIdentity is authorised as these three actions. */
const ASSUMPTION = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];

function referenceAction(name: string) {
  return serviceActions(name.split(":")[0]!)?.find((a) => a.name === name);
}

/** Context keys of the probe's request that IAM does not set for its action. */
function keysNotSet(probe: Probe): string[] {
  const action = referenceAction(probe.request.action);
  if (action === undefined) return [`${probe.request.action} is no action`];
  // A trust probe's context is the whole assumption's: each of its actions sees the call's keys.
  const actions = probe.documents.kind === "trust" ? ASSUMPTION.map(referenceAction) : [action];
  const known = actions.flatMap((a) => [...(a?.conditionKeys ?? [])]);
  return Object.keys(probe.request.context).filter((key) => {
    const lower = key.toLowerCase();
    if (GLOBAL_KEY.test(lower)) return false;
    return !known.some((pattern) => wildcardMatcher(pattern.replace(/\$\{[^}]+\}/g, "*"))(lower));
  });
}

describe("the probe catalogue, for every kind of tenant", () => {
  const all = catalogues();

  it("names each probe once, in the matrix's dotted form", () => {
    for (const [id, { probes }] of all) {
      const names = probes.map((p) => p.name);
      expect(new Set(names).size, id).to.equal(names.length);
      for (const name of names)
        expect(name, id).to.match(/^[a-z0-9-]+(\.[a-z0-9-]+)+(\[[^\]]+\])?$/);
    }
  });

  it("says why each probe exists, naming the foreign tenant of a representative's probe", () => {
    for (const [id, { ctx, probes }] of all) {
      for (const probe of probes) expect(probe.why, `${id} ${probe.name}`).to.match(/\S/);
      for (const rep of ctx.representatives) {
        const theirs = probes.filter((p) =>
          new RegExp(`(\\.|profile-|tag-)${rep.role}(\\[|$)`).test(p.name),
        );
        expect(theirs.length, `${id} ${rep.role}`).to.be.greaterThan(0);
        for (const probe of theirs) {
          expect(probe.expect, `${id} ${probe.name}`).to.equal("denied");
          expect(probe.why, `${id} ${probe.name}`).to.include(`"${rep.id}"`);
          expect(JSON.stringify(probe.request), `${id} ${probe.name}`).to.include(rep.id);
        }
      }
    }
  });

  it("asks only actions IAM knows, with only context keys IAM sets for them", () => {
    for (const [id, { probes }] of all) {
      for (const probe of probes)
        expect(keysNotSet(probe), `${id} ${probe.name}`).to.deep.equal([]);
    }
  });

  it("requests only ARNs of the stack's partition, in the platform's account or the foreign one", () => {
    for (const [id, { probes }] of all) {
      for (const probe of probes) {
        expect(probe.request.resource, `${id} ${probe.name}`).to.match(
          /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(123456789012|999999999999)?:.+$/,
        );
        expect(probe.request.principal, `${id} ${probe.name}`).to.match(
          /^arn:aws:sts::(123456789012|999999999999):assumed-role\/[^/]+\/[^/]+$/,
        );
      }
    }
  });

  it("expects an active tenant's own requests allowed and a suspended one's denied", () => {
    const own = (id: string) =>
      all
        .get(id)!
        .probes.filter((p) => /[.-]own(-|\[|$)/.test(p.name) && !p.name.startsWith("trust."))
        .map((p) => `${p.name} ${p.expect}`);
    expect(own("initech").every((line) => line.endsWith(" denied"))).to.equal(true);
    expect(own("slugworth").every((line) => line.endsWith(" denied"))).to.equal(true);
    expect(own("acme").every((line) => line.endsWith(" allowed"))).to.equal(true);
    // Without models, T's own profile grants nothing.
    expect(own("globex")).to.include.members([
      "bedrock.invoke-model.own-profile denied",
      "dynamodb.get-item.own allowed",
    ]);
    expect(own("acme")).to.include(
      `bedrock.invoke-model.through-own-profile[${PROFILE} us-east-2] allowed`,
    );
  });
});
