import { expect } from "chai";
import { ConfigError, PlatformLocation } from "../../components";
import { modelResourceArns, modelSourceArn } from "../../components/policies/modelArns";

function platformIn(region: string): PlatformLocation {
  return {
    partition: "aws",
    region,
    accountId: "123456789012",
    namePrefix: "dev",
    tableName: "dev-tenant-data",
    bucketName: `dev-data-123456789012-${region}`,
  };
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail("expected a ConfigError");
}

describe("model ARNs", () => {
  it("copies a profile from the foundation model, or from the system profile for a cross-Region id", () => {
    const platform = platformIn("us-east-2");
    expect(modelSourceArn(platform, "anthropic.claude-3-haiku-20240307-v1:0")).to.equal(
      "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    );
    expect(modelSourceArn(platform, "us.anthropic.claude-3-haiku-20240307-v1:0")).to.equal(
      "arn:aws:bedrock:us-east-2:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
    );
  });

  it("names the source Regions it records when a cross-Region profile is called from another", () => {
    const error = configErrorOf(() =>
      modelResourceArns(platformIn("eu-west-1"), "us.anthropic.claude-3-haiku-20240307-v1:0"),
    );
    expect(error.code).to.equal("ERR_INVALID_CONFIG");
    expect(error.key).to.equal("bedrock.models");
    expect(error.message).to.match(/; it records us-east-2, us-west-2\)\. Fix: /);
  });

  it("says nothing of recorded Regions for a cross-Region profile the file does not list", () => {
    const error = configErrorOf(() =>
      modelResourceArns(platformIn("us-east-1"), "us.amazon.nova-lite-v1:0"),
    );
    expect(error.key).to.equal("bedrock.models");
    expect(error.message).to.match(/ \(checked \d{4}-\d{2}-\d{2}\)\. Fix: /);
  });
});
