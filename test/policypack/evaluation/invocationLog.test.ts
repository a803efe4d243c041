import { expect } from "chai";
import { allow } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";

// TenantPlatform's bedrockInvocationLogging writes every tenant's prompts and completions to one
// log group, /<namePrefix>/bedrock/invocations: a tenant role that reads it reads every tenant.

const baseline = tenantStack(BASELINE_TENANTS);
const { region, accountId, namePrefix } = PLATFORM;
const LOGS = `arn:aws:logs:${region}:${accountId}:log-group:`;
const INVOCATIONS = `${LOGS}/${namePrefix}/bedrock/invocations`;

const mandatoryOf = (statement: Record<string, unknown>) =>
  mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access");

describe("leak evaluation: the Bedrock invocation log group", () => {
  it("finds a query of the log group, written with :*", async () => {
    const query = allow(["logs:StartQuery", "logs:GetQueryResults"], `${INVOCATIONS}:*`);
    expect(await mandatoryOf(query)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("finds filtering it by its bare ARN", async () => {
    expect(await mandatoryOf(allow("logs:FilterLogEvents", INVOCATIONS))).to.deep.equal([
      "TI-LEAK-003",
    ]);
  });

  it("finds reading its streams", async () => {
    const streams = allow("logs:GetLogEvents", `${INVOCATIONS}:log-stream:*`);
    expect(await mandatoryOf(streams)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("finds reading every log group", async () => {
    expect(await mandatoryOf(allow("logs:FilterLogEvents", "*"))).to.deep.equal(["TI-LEAK-003"]);
  });

  it("finds deleting a stream granted beside creating one", async () => {
    const createAndDelete = allow(["logs:CreateLogStream", "logs:DeleteLogStream"], "*");
    expect(await mandatoryOf(createAndDelete)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("passes appending records anywhere, as a Lambda's basic execution policy does", async () => {
    const basicExecution = allow(
      ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      "*",
    );
    expect(await mandatoryOf(basicExecution)).to.deep.equal([]);
  });

  it("passes listing log groups and reading another log group", async () => {
    expect(await mandatoryOf(allow("logs:DescribeLogGroups", "*"))).to.deep.equal([]);
    const other = allow("logs:FilterLogEvents", `${LOGS}/${namePrefix}/app/acme:*`);
    expect(await mandatoryOf(other)).to.deep.equal([]);
  });
});
