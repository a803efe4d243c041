import { expect } from "chai";
import { allow } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";

// Account-wide settings take no resource: `"Resource": "*"` grants them, and every tenant's
// requests go through them.

const baseline = tenantStack(BASELINE_TENANTS);

const mandatoryOf = (statement: Record<string, unknown>) =>
  mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access");

describe("leak evaluation: account-wide settings", () => {
  it("finds pointing Bedrock's invocation logging elsewhere", async () => {
    const redirect = allow("bedrock:PutModelInvocationLoggingConfiguration", "*");
    expect(await mandatoryOf(redirect)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("finds it beside harmless account-level Bedrock writes of the same kind", async () => {
    // The reference lists CreateFoundationModelAgreement first: same access level, no resource.
    const mixed = allow(
      ["bedrock:CreateFoundationModelAgreement", "bedrock:PutModelInvocationLoggingConfiguration"],
      "*",
    );
    expect(await mandatoryOf(mixed)).to.deep.equal(["TI-LEAK-003"]);
  });

  it("finds lifting the account's block on public buckets", async () => {
    const unblock = allow("s3:PutAccountPublicAccessBlock", "*");
    expect(await mandatoryOf(unblock)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("passes account-level calls that change no shared setting", async () => {
    const reranking = allow(
      ["bedrock:Rerank", "bedrock:GetModelInvocationLoggingConfiguration"],
      "*",
    );
    expect(await mandatoryOf(reranking)).to.deep.equal([]);
  });

  it("passes the setting granted only on a resource, which cannot grant it", async () => {
    const onProfiles = allow(
      "bedrock:PutModelInvocationLoggingConfiguration",
      "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/*",
    );
    expect(await mandatoryOf(onProfiles)).to.deep.equal([]);
  });
});
