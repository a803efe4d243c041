import { expect } from "chai";
import {
  bedrockProfileProbes,
  directModelProbes,
  STACK_TAG_KEY,
} from "../../../../policypack/lib/evaluation/bedrockProbes";
import { decide, PlacedStatement } from "../../../../policypack/lib/evaluation/decide";
import { ProbeRequest } from "../../../../policypack/lib/evaluation/probeRequest";
import { KnownProfile, tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { TENANT_TAG_KEY } from "../../../../policypack/lib/naming";
import { PolicyDocument } from "../../../../policypack/lib/policyDocument";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { documentOf, placedStatements, referenceAction } from "./fixtures";

// Bedrock probes: application inference profiles that are not provably the tenant's (TI-LEAK-003)
// and model calls that bypass the tenant's profile (TI-CONTRACT-001).

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const PROFILES = `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/`;
const OWNER = `aws:ResourceTag/${TENANT_TAG_KEY}`;
const STACK = `aws:ResourceTag/${STACK_TAG_KEY}`;

const bedrock = (name: string) => referenceAction(`bedrock:${name}`);
const placed = (...statements: unknown[]) => placedStatements(statements);
const targetOf = (
  namePrefix?: string,
  documents: PolicyDocument[] = [],
  known: readonly KnownProfile[] = [],
) =>
  tenantTarget(
    "acme",
    readSettings({ region: REGION, accountId: ACCOUNT, ...(namePrefix && { namePrefix }) }),
    documents,
    known,
  );
/** The condition block a fix text tells the author to add, e.g. `"StringEquals": {...}`. */
const conditionIn = (fix: string, operator: string): Record<string, string> => {
  const block = new RegExp(`"${operator}": (\\{[^}]*\\})`).exec(fix)?.[1];
  if (block === undefined) throw new Error(`no ${operator} block in: ${fix}`);
  return JSON.parse(block) as Record<string, string>;
};
const kinds = (statements: PlacedStatement[], probes: ProbeRequest[]) =>
  probes.map((probe) => decide(statements, probe).kind);

describe("bedrockProfileProbes", () => {
  const invoke = bedrock("InvokeModel");
  const profileProbes = (namePrefix?: string, known: readonly KnownProfile[] = []) => {
    const target = targetOf(namePrefix, [], known);
    return { target, probes: bedrockProfileProbes(invoke, target, target.session, "tenancy") };
  };

  describe("profiles of other tenants", () => {
    it("tries one profile per other tenant, tagged as theirs and of this stack", () => {
      const { target, probes } = profileProbes("tenancy");
      for (const other of target.others) {
        const theirs = probes.filter((probe) => probe.context.values(OWNER)?.[0] === other.id);
        expect(theirs, other.id).to.have.length(1);
        const [probe] = theirs as [ProbeRequest];
        // Same stack, other tenant: only the tenantId tag tells them apart.
        expect(probe.context.describe()).to.deep.equal({
          ...target.session.describe(),
          [OWNER]: [other.id],
          [STACK]: ["tenancy"],
        });
        expect(probe.rule).to.equal(RULES.leakBedrock);
        expect(probe.action).to.equal("bedrock:InvokeModel");
        expect(probe.stands).to.include(other.stands);
      }
    });

    it("names each sample profile in the tenant's account and Region by a valid profile id", () => {
      const { probes } = profileProbes("tenancy");
      const ids = probes.map((probe) => probe.resource.slice(PROFILES.length));
      expect(probes.every((probe) => probe.resource.startsWith(PROFILES))).to.equal(true);
      // The id pattern of Bedrock's API (InferenceProfileSummary.inferenceProfileId).
      expect(ids.filter((id) => !/^[a-zA-Z0-9-:.]+$/.test(id))).to.deep.equal([]);
    });

    it("tries a profile without a tenantId tag, which nobody provably owns", () => {
      const { target, probes } = profileProbes("tenancy");
      const untagged = probes.filter((probe) => probe.context.values(OWNER) === undefined);
      expect(untagged).to.have.length(1);
      expect(untagged[0]?.context.describe()).to.deep.equal(target.session.describe());
      expect(untagged[0]?.stands).to.include(`without a ${TENANT_TAG_KEY} tag`);
    });

    it("asks nothing of metadata reads or actions without an application profile", () => {
      const target = targetOf("tenancy");
      for (const action of [bedrock("GetInferenceProfile"), bedrock("InvokeAgent")])
        expect(bedrockProfileProbes(action, target, target.session, "tenancy")).to.deep.equal([]);
    });
  });

  describe("the same tenant id in another stack", () => {
    it("tries the tenant's own id tagged with a stack whose prefix extends this one", () => {
      const { probes } = profileProbes("tenancy");
      const namesake = probes.filter((probe) => probe.context.values(OWNER)?.[0] === "acme");
      expect(namesake).to.have.length(1);
      const [probe] = namesake as [ProbeRequest];
      const stack = probe.context.values(STACK)?.[0] ?? "";
      expect(stack).to.not.equal("tenancy");
      expect(probe.stands).to.include('"acme"').and.to.include(stack);
      // A stack tag pinned by a prefix wildcard reaches `tenancy-...`: only that probe is allowed.
      const prefixPinned = placed({
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: `${PROFILES}*`,
        Condition: { StringEquals: { [OWNER]: "acme" }, StringLike: { [STACK]: "tenancy*" } },
      });
      expect(probes.filter((p) => decide(prefixPinned, p).kind === "allowed")).to.deep.equal([
        probe,
      ]);
    });

    it("is not tried when the stack's prefix is unknown", () => {
      const { probes } = profileProbes(undefined);
      expect(probes.filter((probe) => probe.context.values(OWNER)?.[0] === "acme")).to.deep.equal(
        [],
      );
    });
  });

  describe("profiles the stack's outputs show", () => {
    const own = {
      arn: `${PROFILES}ownprofile1`,
      tags: { tenantId: "acme", tenancyStack: "tenancy" },
    };
    const theirs = { arn: `${PROFILES}globexprof1`, tags: { tenantId: "globex", team: "x" } };
    const untagged = { arn: `${PROFILES}bareprofile1`, tags: {} };

    it("tries every known profile but the tenant's own, with its exact ARN and tags", () => {
      const { target, probes } = profileProbes("tenancy", [own, theirs, untagged]);
      const session = target.session.describe();
      const arns = [own.arn, theirs.arn, untagged.arn];
      const known = probes.filter((probe) => arns.includes(probe.resource));
      expect(known.map((probe) => probe.resource)).to.deep.equal([theirs.arn, untagged.arn]);
      expect(known.map((probe) => probe.context.describe())).to.deep.equal([
        { ...session, [OWNER]: ["globex"], "aws:ResourceTag/team": ["x"] },
        session,
      ]);
      expect(known[0]?.stands).to.include(theirs.arn).and.to.include('"globex"');
      expect(known.every((probe) => probe.rule === RULES.leakBedrock)).to.equal(true);
    });
  });

  describe("the fix", () => {
    const grantWith = (condition: Record<string, unknown>) =>
      placed({
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: `${PROFILES}*`,
        Condition: condition,
      });

    it("pins the tenant and the stack tag, which denies every probe", () => {
      const { probes } = profileProbes("tenancy");
      const pinned = conditionIn(probes[0]?.fix ?? "", "StringEquals");
      expect(pinned).to.deep.equal({ [OWNER]: "acme", [STACK]: "tenancy" });
      expect(new Set(probes.map((probe) => probe.fix)).size).to.equal(1);
      expect(kinds(grantWith({}), probes)).to.not.include("denied");
      expect(kinds(grantWith({ StringEquals: pinned }), probes)).to.not.include("allowed");
    });

    it("pins only the tenant when the stack's prefix is unknown", () => {
      const { probes } = profileProbes(undefined);
      const pinned = conditionIn(probes[0]?.fix ?? "", "StringEquals");
      expect(pinned).to.deep.equal({ [OWNER]: "acme" });
      expect(kinds(grantWith({ StringEquals: pinned }), probes)).to.not.include("allowed");
    });
  });
});

describe("directModelProbes", () => {
  const MODEL =
    "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
  const SYSTEM = `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0`;
  const target = targetOf("tenancy", [
    documentOf([
      {
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: [MODEL, SYSTEM, `${PROFILES}ownprofile1`],
      },
    ]),
  ]);
  const familyOf = (arn: string) => arn.split(":")[5]?.split("/")[0];

  it("tries a sample and every named ARN of each model family the action takes", () => {
    const probes = directModelProbes(bedrock("InvokeModel"), target, target.session);
    const resources = probes.map((probe) => probe.resource);
    expect(resources.map(familyOf)).to.deep.equal([
      "foundation-model",
      "foundation-model",
      "inference-profile",
      "inference-profile",
    ]);
    expect(resources[1]).to.equal(MODEL);
    expect(resources[3]).to.equal(SYSTEM);
    expect(resources[0]).to.match(new RegExp(`^arn:aws:bedrock:${REGION}::foundation-model/.`));
    expect(resources[2]).to.match(
      new RegExp(`^arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/.`),
    );
    expect(probes.every((probe) => probe.rule === RULES.contractDirectModel)).to.equal(true);
    expect(probes[0]?.stands).to.not.equal(probes[2]?.stands);
  });

  it("tries no family an Invoke action does not take, and nothing for other actions", () => {
    for (const name of ["InvokeAgent", "CreateInferenceProfile", "GetInferenceProfile"])
      expect(directModelProbes(bedrock(name), target, target.session), name).to.deep.equal([]);
  });

  it("fixes with an InferenceProfileArn condition that denies every direct call, not the tenant's", () => {
    const probes = directModelProbes(bedrock("InvokeModel"), target, target.session);
    const pinned = conditionIn(probes[0]?.fix ?? "", "ArnLike");
    expect(pinned).to.deep.equal({ "bedrock:InferenceProfileArn": `${PROFILES}*` });
    const grant = (condition: Record<string, unknown>) =>
      placed({
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: [
          `arn:aws:bedrock:*::foundation-model/*`,
          `arn:aws:bedrock:*:*:inference-profile/*`,
        ],
        Condition: condition,
      });
    expect(kinds(grant({}), probes)).to.not.include("denied");
    expect(kinds(grant({ ArnLike: pinned }), probes)).to.not.include("allowed");
    // The same model reached through the tenant's own profile stays allowed.
    const [first] = probes as [ProbeRequest];
    const throughProfile = {
      ...first,
      context: target.session.with({ "bedrock:InferenceProfileArn": `${PROFILES}ownprofile1` }),
    };
    expect(decide(grant({ ArnLike: pinned }), throughProfile).kind).to.equal("allowed");
  });
});
