import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { fromEnv } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";

const ENV = {
  AWS_REGION: "eu-west-1",
  TENANCY_USER_POOL_ID: "eu-west-1_AbC123",
  TENANCY_CLIENT_ID: "client",
  TENANCY_TABLE_NAME: "dev-data",
  TENANCY_BUCKET_NAME: "dev-data-bucket",
  TENANCY_ACCOUNT_ID: "123456789012",
  TENANCY_NAME_PREFIX: "dev",
};
const PROFILES = {
  acme: {
    "amazon.nova-lite-v1:0":
      "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/p1",
  },
};

describe("fromEnv", () => {
  it("reads a Lambda's environment", () => {
    const config = fromEnv({
      ...ENV,
      TENANCY_INFERENCE_PROFILES: JSON.stringify(PROFILES),
      TENANCY_MAX_CACHED_SESSIONS: "50",
    });

    expect(config).to.deep.include({
      region: "eu-west-1",
      userPoolId: "eu-west-1_AbC123",
      clientId: "client",
      tableName: "dev-data",
      bucketName: "dev-data-bucket",
      tenantRole: { accountId: "123456789012", namePrefix: "dev", partition: undefined },
      inferenceProfiles: PROFILES,
      cache: { maxEntries: 50 },
      s3ForcePathStyle: false,
    });
  });

  it("reads inference profiles from a file (Lambda environments are capped at 4 KB)", () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-config-"));
    const file = join(dir, "profiles.json");
    writeFileSync(file, JSON.stringify(PROFILES));
    try {
      expect(
        fromEnv({ ...ENV, TENANCY_INFERENCE_PROFILES_FILE: file }).inferenceProfiles,
      ).to.deep.equal(PROFILES);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads several app client ids separated by commas", () => {
    expect(fromEnv({ ...ENV, TENANCY_CLIENT_ID: "web, mobile" }).clientId).to.deep.equal([
      "web",
      "mobile",
    ]);
  });

  it("reports every problem at once", async () => {
    expect(
      await refusal(() =>
        fromEnv({
          AWS_REGION: "eu-west-1",
          TENANCY_INFERENCE_PROFILES: '{"acme": ["arn"]}',
          TENANCY_SESSION_DURATION_SECONDS: "soon",
        }),
      ),
    ).to.deep.equal({
      code: "ERR_CONFIG_INVALID",
      message:
        "Invalid environment: missing TENANCY_USER_POOL_ID, TENANCY_CLIENT_ID, TENANCY_TABLE_NAME, TENANCY_BUCKET_NAME, TENANCY_ACCOUNT_ID, TENANCY_NAME_PREFIX; " +
        'TENANCY_INFERENCE_PROFILES must be a JSON object: { "<tenantId>": { "<modelId>": "<profile ARN>" } }; ' +
        "TENANCY_SESSION_DURATION_SECONDS must be an integer",
    });
  });

  it("refuses an empty session cache and a name prefix that leaves no room for a tenant id", async () => {
    expect(
      await refusal(() =>
        fromEnv({ ...ENV, TENANCY_MAX_CACHED_SESSIONS: "0", TENANCY_NAME_PREFIX: "p".repeat(56) }),
      ),
    ).to.deep.equal({
      code: "ERR_CONFIG_INVALID",
      message:
        "Invalid configuration: tenantRole.namePrefix leaves no room for a tenant id in a 64-character role name; " +
        "cache.maxEntries must be a positive integer",
    });
  });
});
