import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import * as aws from "@pulumi/aws";
import { deployTenancy } from "../../components/tenancy";
import { runPlan } from "../../plan/runPlan";
import { planFor, tenant, TEST_SETTINGS } from "../helpers/programUnderTest";

describe("the real program under the pack", () => {
  it("passes with tenant ids that also occur in shared names (data, users, app)", async () => {
    const plan = await planFor([tenant("data"), tenant("users"), tenant("app"), tenant("acme")]);
    const violations = await analyzeInProcess(
      plan.resources,
      derivePlatformSettings(plan.resources),
    );
    expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
  });

  it("passes with Bedrock invocation logging on (as Pulumi.dev.yaml sets it), with and without settings", async () => {
    const plan = await planFor([tenant("acme"), tenant("globex", { status: "suspended" })], {
      bedrockInvocationLogging: true,
    });
    for (const settings of [derivePlatformSettings(plan.resources), {}]) {
      const violations = await analyzeInProcess(plan.resources, settings);
      expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
    }
  });

  it("passes a stack with pooled tenants (active and suspended) beside dedicated ones, with and without settings", async () => {
    const plan = await planFor([
      tenant("acme"),
      tenant("initech", { status: "suspended" }),
      tenant("hooli", { isolation: "pooled" }),
      tenant("umbrella", { isolation: "pooled" }),
      tenant("vandelay", { isolation: "pooled", status: "suspended" }),
    ]);
    for (const settings of [derivePlatformSettings(plan.resources), {}]) {
      const violations = await analyzeInProcess(plan.resources, settings);
      expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
    }
  });

  it("still flags a tenant policy that names another tenant's role", async () => {
    const plan = await planFor([tenant("data"), tenant("acme")]);
    const resources = plan.resources.map((resource) => {
      if (resource.name !== "acme-data-access") return resource;
      const policy = JSON.parse(String(resource.inputs.policy));
      policy.Statement.push({
        Sid: "Sneaky",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::123456789012:role/tenants/dev-tenant-data",
      });
      return { ...resource, inputs: { ...resource.inputs, policy: JSON.stringify(policy) } };
    });
    const violations = await analyzeInProcess(resources, derivePlatformSettings(resources));
    expect(violations.map((v) => ruleIdOf(v))).to.include("TI-STACK-001");
  });

  it("traces an attachment's policy.arn output to the Policy on the mock engine", async () => {
    const plan = await runPlan(() => {
      const outputs = deployTenancy(TEST_SETTINGS, [tenant("acme"), tenant("beta")]);
      const readAcme = new aws.iam.Policy("read-acme", {
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "dynamodb:GetItem",
              Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/dev-tenant-data",
              Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } },
            },
          ],
        }),
      });
      new aws.iam.RolePolicyAttachment("beta-reads-acme", {
        role: "dev-tenant-beta",
        policyArn: readAcme.arn,
      });
      return outputs;
    });
    const violations = await analyzeInProcess(
      plan.resources,
      derivePlatformSettings(plan.resources),
    );
    expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn.split("::").pop()}`).sort()).to.deep.equal(
      ["TI-IAM-004 beta-reads-acme", "TI-LEAK-001 beta-reads-acme", "TI-SCOPE-001 read-acme"],
    );
  });
});
