import { expect } from "chai";
import type { TenantResourcePattern } from "../../policypack/lib/settings";
import type { Probe } from "../../proofs/probe";
import type { TenantDocuments } from "../../proofs/proofInput";
import { representativesOf } from "../../proofs/representatives";
import { tenantResourceProbes } from "../../proofs/tenantResourceProbes";
import { PLATFORM } from "./support";

// The probe set for the per-tenant resources the pack settings declare, read without simulating.

const ROLE = "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme";
const QUEUES: TenantResourcePattern = {
  arn: "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs",
};
const KEYS: TenantResourcePattern = {
  arn: "arn:aws:kms:eu-west-1:123456789012:key/*",
  tag: "tenantId",
};
const queue = (id: string) => `arn:aws:sqs:eu-west-1:123456789012:dev-${id}-jobs`;

function probes(
  statements: object[],
  tenantResources: readonly TenantResourcePattern[],
  tenant: Partial<TenantDocuments> = {},
): Probe[] {
  return tenantResourceProbes({
    platform: PLATFORM,
    workload: { roleArn: "arn:aws:iam::123456789012:role/dev-workload", identityPolicy: {} },
    tenant: {
      tenantId: "acme",
      status: "active",
      models: [],
      roleArn: ROLE,
      identityPolicy: { Version: "2012-10-17", Statement: statements },
      trustPolicy: {},
      ...tenant,
    },
    representatives: representativesOf("acme", "beta").slice(0, 2),
    tenantResources,
  });
}

/** `name expect action resource tag` of each probe. */
const listed = (list: readonly Probe[]) =>
  list.map(
    (p) =>
      `${p.name} ${p.expect} ${p.request.action} ${p.request.resource} ${String(p.request.context["aws:ResourceTag/tenantId"])}`,
  );

describe("tenantResourceProbes", () => {
  it("probes each granted action on T's own instance and on each representative's, named by pattern, service, action and whose", () => {
    const list = probes(
      [
        {
          Sid: "Jobs",
          Effect: "Allow",
          Action: ["sqs:SendMessage", "s3:GetObject"],
          Resource: queue("acme"),
        },
      ],
      [KEYS, QUEUES],
    );
    expect(listed(list)).to.deep.equal([
      `tenant-resource-2.sqs.send-message.own allowed sqs:SendMessage ${queue("acme")} undefined`,
      `tenant-resource-2.sqs.send-message.neighbour denied sqs:SendMessage ${queue("beta")} undefined`,
      `tenant-resource-2.sqs.send-message.unrelated denied sqs:SendMessage ${queue("zz-unrelated")} undefined`,
    ]);
    expect(list[0]).to.deep.include({
      documents: { kind: "identity" },
      why: "T's sqs:SendMessage on its own arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs",
    });
    expect(list[0]!.request.principal).to.equal(
      "arn:aws:sts::123456789012:assumed-role/dev-tenant-acme/user@probe.example",
    );
    expect(list[1]!.why).to.equal(
      'sqs:SendMessage on neighbour tenant "beta"\'s arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs',
    );
  });

  it("expects T's own instance denied when T is suspended or no statement names it", () => {
    const grant = { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue("acme") };
    expect(probes([grant], [QUEUES], { status: "suspended" })[0]!.expect).to.equal("denied");
    const elsewhere = probes([{ ...grant, Resource: queue("shared") }], [QUEUES]);
    expect(elsewhere.map((p) => p.name)).to.deep.equal([
      "tenant-resource-1.sqs.send-message.neighbour",
      "tenant-resource-1.sqs.send-message.unrelated",
    ]);
  });

  it("reads grants by NotAction and NotResource, in any case of the action, and in further identity documents", () => {
    const byNot = probes(
      [{ Effect: "Allow", NotAction: "sqs:Delete*", NotResource: queue("beta") }],
      [{ arn: "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs" }],
    ).map((p) => p.name);
    expect(byNot).to.include("tenant-resource-1.sqs.send-message.own");
    expect(byNot).to.include("tenant-resource-1.sqs.receive-message.own");
    expect(byNot.filter((n) => n.includes(".delete-"))).to.deep.equal([]);
    const excluded = probes(
      [{ Effect: "Allow", Action: "sqs:SendMessage", NotResource: queue("acme") }],
      [QUEUES],
    );
    expect(excluded.map((p) => p.name)).to.not.include("tenant-resource-1.sqs.send-message.own");
    const otherDocument = probes([], [QUEUES], {
      otherIdentityPolicies: [
        {
          name: "jobs",
          policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "SQS:sendmessage", Resource: "*" }],
          },
        },
      ],
    });
    expect(otherDocument.map((p) => p.name)).to.deep.equal([
      "tenant-resource-1.sqs.send-message.own",
      "tenant-resource-1.sqs.send-message.neighbour",
      "tenant-resource-1.sqs.send-message.unrelated",
    ]);
  });

  it("ignores Deny statements, unreadable documents and actions on other resource types", () => {
    expect(
      probes([{ Effect: "Deny", Action: "sqs:SendMessage", Resource: "*" }], [QUEUES]),
    ).to.deep.equal([]);
    expect(
      probes([], [QUEUES], { identityPolicy: { Statement: "not a statement" } }),
    ).to.deep.equal([]);
    // ListQueues acts on no queue: nothing of a tenant's queue to probe.
    expect(
      probes([{ Effect: "Allow", Action: "sqs:ListQueues", Resource: "*" }], [QUEUES]),
    ).to.deep.equal([]);
  });

  it("probes the actions of a type the reference spells in mixed case (secretsmanager's Secret)", () => {
    const secret = (id: string) =>
      `arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-${id}-sample`;
    const list = probes(
      [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }],
      [{ arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-{tenantId}-*" }],
    );
    expect(listed(list)).to.deep.equal([
      `tenant-resource-1.secretsmanager.get-secret-value.own allowed secretsmanager:GetSecretValue ${secret("acme")} undefined`,
      `tenant-resource-1.secretsmanager.get-secret-value.neighbour denied secretsmanager:GetSecretValue ${secret("beta")} undefined`,
      `tenant-resource-1.secretsmanager.get-secret-value.unrelated denied secretsmanager:GetSecretValue ${secret("zz-unrelated")} undefined`,
    ]);
  });

  it("probes a tag-declared resource by tag, fills wildcards with sample, adds an untagged probe and the key policy KMS requires", () => {
    const list = probes(
      [
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
        },
      ],
      [{ ...KEYS, arn: "arn:aws:kms:eu-west-1:123456789012:key/?*" }],
    );
    const key = "arn:aws:kms:eu-west-1:123456789012:key/samplesample";
    expect(listed(list)).to.deep.equal([
      `tenant-resource-1.kms.decrypt.own allowed kms:Decrypt ${key} acme`,
      `tenant-resource-1.kms.decrypt.neighbour denied kms:Decrypt ${key} beta`,
      `tenant-resource-1.kms.decrypt.unrelated denied kms:Decrypt ${key} zz-unrelated`,
      `tenant-resource-1.kms.decrypt.untagged denied kms:Decrypt ${key} undefined`,
    ]);
    expect(list[3]!.why).to.equal(
      "kms:Decrypt on a resource of arn:aws:kms:eu-west-1:123456789012:key/?* without a tenantId tag",
    );
    for (const probe of list) {
      expect(probe.documents).to.deep.equal({
        kind: "identity",
        resourcePolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "EnableIamPolicies",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::123456789012:root" },
              Action: "kms:*",
              Resource: "*",
            },
          ],
        },
      });
    }
  });

  it("probes nothing of a pattern with neither {tenantId} nor a tag, of an unknown service, or without settings", () => {
    const everything = [{ Effect: "Allow", Action: "*", Resource: "*" }];
    expect(
      probes(everything, [{ arn: "arn:aws:sqs:eu-west-1:123456789012:shared-jobs" }]),
    ).to.deep.equal([]);
    expect(
      probes(everything, [{ arn: "arn:aws:nosuch:eu-west-1:123456789012:thing/{tenantId}" }]),
    ).to.deep.equal([]);
    expect(
      probes(everything, [{ arn: "arn:aws:../serviceNames:eu-west-1:123456789012:{tenantId}" }]),
    ).to.deep.equal([]);
    expect(probes(everything, [])).to.deep.equal([]);
  });
});
