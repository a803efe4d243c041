import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { ruleIdOf } from "../../../check/violation";
import { TABLE } from "../corpus";
import { addStatement, findResource } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";

// TI-LEAK-003 on exact profile ARNs (checkKnownProfiles) reports only grants on a known profile:
// other resources whose ARN the outputs show are not profiles, and other leaks are the
// per-resource policy's to report.

const baseline = tenantStack(BASELINE_TENANTS);
const profileArn = (id: string) =>
  `arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/${id}`;
// A preview of an existing stack: globex's profile ARN is known (its tags include a non-string
// value), and so is the table's.
const withArns = baseline.map((resource) => {
  if (
    resource.type === "aws:bedrock/inferenceProfile:InferenceProfile" &&
    resource.name.startsWith("globex")
  )
    return {
      ...resource,
      inputs: {
        ...resource.inputs,
        arn: profileArn("globex0001"),
        tags: { ...(resource.inputs.tags as Record<string, unknown>), costCentre: 7 },
      },
    };
  if (resource.type === "aws:dynamodb/table:Table")
    return { ...resource, inputs: { ...resource.inputs, arn: TABLE } };
  return resource;
});
const settings = derivePlatformSettings(withArns);
const acmePolicy = findResource(withArns, "acme-data-access").urn;
const analyze = async (statement: Record<string, unknown>) =>
  analyzeInProcess(addStatement(withArns, "acme", statement), settings);

describe("checkKnownProfiles: only grants on a known profile ARN", () => {
  it("a leak on the table, whose ARN is known, is reported once, by the per-resource policy", async () => {
    const violations = await analyze({
      Effect: "Allow",
      Action: "dynamodb:Scan",
      Resource: TABLE,
    });
    expect(
      violations.map((v) => `${v.level} ${v.policy} ${ruleIdOf(v)} ${v.urn === acmePolicy}`),
    ).to.deep.equal(["mandatory tenant-data-leaks TI-LEAK-001 true"]);
  });

  it("another tenant's known profile is probed with its string tags only", async () => {
    const violations = await analyze({
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: profileArn("globex0001"),
    });
    expect(
      violations.map((v) => `${v.policy} ${ruleIdOf(v)} ${v.urn === acmePolicy}`),
    ).to.deep.equal(["tenant-stack-isolation TI-LEAK-003 true"]);
    const request = / Request: (\S+) on (\S+) with (\{.*?\}) \(/.exec(violations[0]?.message ?? "");
    expect(request?.slice(1, 3)).to.deep.equal(["bedrock:InvokeModel", profileArn("globex0001")]);
    expect(JSON.parse(request?.[3] ?? "{}")).to.deep.equal({
      "aws:PrincipalTag/tenantId": ["acme"],
      "aws:ResourceTag/tenantId": ["globex"],
      "aws:ResourceTag/tenancyStack": ["dev"],
    });
  });
});
