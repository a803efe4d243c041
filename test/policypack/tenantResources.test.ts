import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { addStatement } from "./stackMutations";
import { BASELINE_TENANTS, tenantStack } from "./tenantStackFixture";

// Per-tenant resources a platform team adds (a queue or key per tenant), declared in the settings,
// are probed like the shared stores: grants on the tenant's own pass, grants beyond it leak.

const QUEUES = "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs";
const KEYS = "arn:aws:kms:eu-west-1:123456789012:key/*";
const baseline = tenantStack(BASELINE_TENANTS);
const settings = {
  ...derivePlatformSettings(baseline),
  tenantResources: [{ arn: QUEUES }, { arn: KEYS, tag: "tenantId" }],
};
const rules = async (statement: Record<string, unknown>) =>
  (await analyzeInProcess(addStatement(baseline, "acme", statement), settings)).map(
    (violation) => ruleIdOf(violation) ?? violation.message,
  );

describe("declared tenant resources (settings tenantResources)", () => {
  it("passes the tenant's own queue named by the template", async () => {
    expect(
      await rules({
        Effect: "Allow",
        Action: ["sqs:SendMessage", "sqs:ReceiveMessage"],
        Resource: "arn:aws:sqs:eu-west-1:123456789012:dev-acme-jobs",
      }),
    ).to.deep.equal([]);
  });

  it("shows another tenant's queue reached through a wildcard", async () => {
    expect(
      await rules({
        Effect: "Allow",
        Action: "sqs:ReceiveMessage",
        Resource: "arn:aws:sqs:eu-west-1:123456789012:dev-*-jobs",
      }),
    ).to.deep.equal(["TI-LEAK-005"]);
  });

  it("passes keys pinned by the tenant tag and shows keys that are not", async () => {
    const decrypt = (Condition?: unknown) => ({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: KEYS,
      ...(Condition === undefined ? {} : { Condition }),
    });
    expect(
      await rules(decrypt({ StringEquals: { "aws:ResourceTag/tenantId": "acme" } })),
    ).to.deep.equal([]);
    expect(await rules(decrypt())).to.deep.equal(["TI-LEAK-005"]);
  });
});

describe("inference profiles known by ARN from outputs", () => {
  const profileArn = (id: string) =>
    `arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/${id}`;
  // A stack export or a preview of an existing stack: the profiles' ARNs are known.
  const withArns = baseline.map((resource) =>
    resource.type === "aws:bedrock/inferenceProfile:InferenceProfile"
      ? {
          ...resource,
          inputs: { ...resource.inputs, arn: profileArn(`${resource.name.split("-")[0]}0001`) },
        }
      : resource,
  );
  const invoke = (arn: string) =>
    addStatement(withArns, "acme", {
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: arn,
    });
  const rulesOf = async (stack: typeof baseline) =>
    (await analyzeInProcess(stack, derivePlatformSettings(stack))).map(
      (violation) => `${violation.policy} ${ruleIdOf(violation)}`,
    );

  it("passes the tenant's own profile named by its exact ARN", async () => {
    expect(await rulesOf(invoke(profileArn("acme0001")))).to.deep.equal([]);
  });

  it("shows another tenant's profile named by its exact ARN", async () => {
    const violations = await analyzeInProcess(
      invoke(profileArn("globex0001")),
      derivePlatformSettings(withArns),
    );
    expect(
      violations.map((violation) => `${violation.policy} ${ruleIdOf(violation)}`),
    ).to.deep.equal(["tenant-stack-isolation TI-LEAK-003"]);
    expect(violations[0]?.message).to.contain(
      `Request: bedrock:InvokeModel on ${profileArn("globex0001")} with {"aws:PrincipalTag/tenantId":["acme"],"aws:ResourceTag/tenantId":["globex"],"aws:ResourceTag/tenancyStack":["dev"]}`,
    );
  });
});
