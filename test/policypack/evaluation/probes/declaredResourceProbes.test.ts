import { expect } from "chai";
import {
  declaredResourceProbes,
  serviceOf,
} from "../../../../policypack/lib/evaluation/declaredResourceProbes";
import { tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings, TenantResourcePattern } from "../../../../policypack/lib/settings";
import { referenceAction } from "./fixtures";

// A declared per-tenant resource is either a template with `{tenantId}` (another tenant's
// instance is the template with its id) or a pattern whose instances carry the tenant's id in a
// tag (another tenant's instance is tagged with its id, and an untagged one is nobody's).

const target = tenantTarget("acme", readSettings({}), []);
const base = target.session;
const QUEUES = "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs";
const KEYS = "arn:aws:kms:eu-west-1:123456789012:key/*";

describe("serviceOf", () => {
  it("reads the service from the ARN's third field", () => {
    expect(serviceOf({ arn: QUEUES })).to.equal("sqs");
    expect(serviceOf({ arn: KEYS, tag: "tenantId" })).to.equal("kms");
  });

  it("gives no service for text that is not an ARN", () => {
    expect(serviceOf({ arn: "dev-jobs" })).to.equal("");
  });
});

describe("declaredResourceProbes on a {tenantId} template", () => {
  it("probes every other tenant's instance of the template", () => {
    const send = referenceAction("sqs:SendMessage");
    const pattern = { arn: QUEUES };
    expect(declaredResourceProbes(send, target, base, pattern)).to.deep.equal(
      target.others.map((other) => ({
        action: "sqs:SendMessage",
        reference: send,
        resource: `arn:aws:sqs:eu-west-1:123456789012:dev-${other.id}-jobs`,
        context: base,
        rule: RULES.leakTenantResource,
        stands: `${other.stands}'s ${QUEUES}`,
        // The fix names the tenant's own instance.
        fix: 'name only "arn:aws:sqs:eu-west-1:123456789012:dev-acme-jobs"',
      })),
    );
    expect(target.others.map((other) => other.id)).to.include("zz-other");
  });

  it("fills the template's wildcards with a sample name", () => {
    const pattern = { arn: "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-*-v?" };
    const resources = declaredResourceProbes(
      referenceAction("sqs:SendMessage"),
      target,
      base,
      pattern,
    ).map((probe) => probe.resource);
    expect(resources).to.deep.equal(
      target.others.map(
        (other) => `arn:aws:sqs:eu-west-1:123456789012:dev-${other.id}-sample-vsample`,
      ),
    );
  });

  it("probes every action on the resource's type, reads of content and metadata alike", () => {
    // The instance is the tenant's alone: reading another tenant's secret value, object or
    // parameter is its data, and describing its key or queue is still reaching it.
    const cases: [string, string, string][] = [
      [
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-{tenantId}-*",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-zz-other-sample",
      ],
      [
        "s3:GetObject",
        "arn:aws:s3:::dev-{tenantId}-uploads/*",
        "arn:aws:s3:::dev-zz-other-uploads/sample",
      ],
      [
        "ssm:GetParameter",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/dev/{tenantId}/*",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/dev/zz-other/sample",
      ],
      ["sqs:GetQueueAttributes", QUEUES, "arn:aws:sqs:eu-west-1:123456789012:dev-zz-other-jobs"],
      [
        "kms:DescribeKey",
        "arn:aws:kms:eu-west-1:123456789012:key/{tenantId}-*",
        "arn:aws:kms:eu-west-1:123456789012:key/zz-other-sample",
      ],
    ];
    for (const [name, arn, zzOthers] of cases) {
      const probes = declaredResourceProbes(referenceAction(name), target, base, { arn });
      expect(
        probes.map((probe) => probe.rule),
        name,
      ).to.deep.equal(target.others.map(() => RULES.leakTenantResource));
      expect(probes[0]?.resource, name).to.equal(zzOthers);
    }
  });

  it("leaves actions that act on no resource or on other types", () => {
    // Listings take `*`, and a layer is not a function: IAM never asks about the instance for them.
    const cases: [string, string][] = [
      ["sqs:ListQueues", QUEUES],
      ["secretsmanager:ListSecrets", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*"],
      ["kms:ListKeys", KEYS],
      ["lambda:GetLayerVersion", "arn:aws:lambda:eu-west-1:123456789012:function:dev-{tenantId}"],
    ];
    for (const [name, arn] of cases) {
      expect(
        declaredResourceProbes(referenceAction(name), target, base, { arn }),
        name,
      ).to.deep.equal([]);
      expect(
        declaredResourceProbes(referenceAction(name), target, base, { arn, tag: "tenantId" }),
        name,
      ).to.deep.equal([]);
    }
  });
});

describe("declaredResourceProbes on a tagged pattern", () => {
  const pattern: TenantResourcePattern = { arn: KEYS, tag: "tenantId" };
  const TAG = "aws:ResourceTag/tenantId";

  it("probes a sample of the pattern tagged with each other tenant's id", () => {
    const decrypt = referenceAction("kms:Decrypt");
    const probes = declaredResourceProbes(decrypt, target, base, pattern);
    const tagged = probes.slice(0, target.others.length);

    expect(probes).to.have.length(target.others.length + 1);
    tagged.forEach((probe, at) => {
      const other = target.others[at];
      expect(probe.action).to.equal("kms:Decrypt");
      expect(probe.reference).to.equal(decrypt);
      expect(probe.resource).to.equal("arn:aws:kms:eu-west-1:123456789012:key/sample");
      expect(probe.context.values(TAG)).to.deep.equal([other?.id]);
      expect(probe.rule).to.equal(RULES.leakTenantResource);
      expect(probe.stands).to.equal(`${other?.stands}'s resource (tag tenantId)`);
      expect(probe.fix).to.equal('add "StringEquals": {"aws:ResourceTag/tenantId": "acme"}');
    });
  });

  it("probes an untagged sample, whose tag is known to be absent", () => {
    // A tag the session knows nothing of otherwise: only this probe tells that it is absent.
    const owned: TenantResourcePattern = { arn: KEYS, tag: "TenantOwner" };
    const probes = declaredResourceProbes(referenceAction("kms:Decrypt"), target, base, owned);
    const untagged = probes[probes.length - 1];

    expect(untagged?.resource).to.equal("arn:aws:kms:eu-west-1:123456789012:key/sample");
    // Absent, not unknown: a condition on the tag then fails as in IAM (tag keys in any case).
    expect(base.isModelled("aws:ResourceTag/TenantOwner")).to.equal(false);
    expect(untagged?.context.values("aws:ResourceTag/TenantOwner")).to.equal(undefined);
    expect(untagged?.context.isModelled("aws:resourcetag/TENANTOWNER")).to.equal(true);
    expect(untagged?.rule).to.equal(RULES.leakTenantResource);
    expect(untagged?.stands).to.equal(`a resource of ${KEYS} without a TenantOwner tag`);
    expect(untagged?.fix).to.equal('add "StringEquals": {"aws:ResourceTag/TenantOwner": "acme"}');
    expect(probes[0]?.context.values("aws:resourcetag/tenantowner")).to.deep.equal(["zz-other"]);
  });

  it("gives nothing for a pattern with neither a template nor a tag", () => {
    expect(
      declaredResourceProbes(referenceAction("kms:Decrypt"), target, base, { arn: KEYS }),
    ).to.deep.equal([]);
  });
});
