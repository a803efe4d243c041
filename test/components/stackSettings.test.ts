import { expect } from "chai";
import { ConfigError, readStackSettings, StackIdentity } from "../../components";
import { regionCode } from "../../components/physicalNames";

const DEV: StackIdentity = { stack: "dev", region: "eu-west-1" };

function settingsFrom(values: Record<string, string>, where: StackIdentity = DEV) {
  return readStackSettings({ get: (key) => values[key] }, where);
}

function configErrorOf(values: Record<string, string>, where: StackIdentity = DEV): ConfigError {
  try {
    settingsFrom(values, where);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail("expected a ConfigError");
}

describe("readStackSettings", () => {
  it("defaults to prefix tenancy-<stack>-<region code>, tenants.json, Cognito invitations, Essentials, no logging", () => {
    expect(settingsFrom({})).to.deep.equal({
      namePrefix: "tenancy-dev-euw1",
      region: "eu-west-1",
      tenantsFile: "tenants.json",
      indexes: [],
      bedrockInvocationLogging: false,
      invitations: { channel: "cognito" },
      userPoolTier: "ESSENTIALS",
      defaultTags: {},
      defaultIsolation: "dedicated",
      pooledShards: 16,
      quotas: {
        iamRoles: 1000,
        trustPolicyChars: 2048,
        applicationInferenceProfiles: 1000,
        userPoolGroups: 10000,
      },
    });
  });

  it("reads the stack's values", () => {
    expect(
      settingsFrom({
        namePrefix: "prod-eu",
        tenantsFile: "t.json",
        bedrockInvocationLogging: "true",
        bedrockInvocationLoggingReplacesExisting: "true",
        userPoolTier: "LITE",
        defaultTags: JSON.stringify({ CostCenter: "cc-42", "team:owner": "platform" }),
        defaultIsolation: "pooled",
        pooledShards: "40",
        iamRolesQuota: "4500",
        trustPolicySizeQuota: "4096",
        inferenceProfilesQuota: "2000",
        userPoolGroupsQuota: "12000",
      }),
    ).to.deep.equal({
      namePrefix: "prod-eu-dev-euw1",
      region: "eu-west-1",
      tenantsFile: "t.json",
      indexes: [],
      bedrockInvocationLogging: true,
      invitations: { channel: "cognito" },
      userPoolTier: "LITE",
      defaultTags: { CostCenter: "cc-42", "team:owner": "platform" },
      defaultIsolation: "pooled",
      pooledShards: 40,
      quotas: {
        iamRoles: 4500,
        trustPolicyChars: 4096,
        applicationInferenceProfiles: 2000,
        userPoolGroups: 12000,
      },
    });
  });

  describe("physical name prefix", () => {
    it("differs between two stacks with the same name prefix in one region", () => {
      const dev = settingsFrom({ namePrefix: "app" }, { stack: "dev", region: "eu-west-1" });
      const staging = settingsFrom(
        { namePrefix: "app" },
        { stack: "staging", region: "eu-west-1" },
      );
      expect([dev.namePrefix, staging.namePrefix]).to.deep.equal([
        "app-dev-euw1",
        "app-staging-euw1",
      ]);
    });

    it("differs between one stack deployed in two regions", () => {
      const eu = settingsFrom({}, { stack: "prod", region: "eu-west-1" });
      const us = settingsFrom({}, { stack: "prod", region: "us-west-1" });
      expect([eu.namePrefix, us.namePrefix]).to.deep.equal([
        "tenancy-prod-euw1",
        "tenancy-prod-usw1",
      ]);
    });

    it("uses AWS's compact region codes and keeps words that are not directions whole", () => {
      expect(
        [
          "us-east-1",
          "ap-southeast-2",
          "ap-northeast-3",
          "ca-central-1",
          "us-gov-west-1",
          "us-iso-east-1",
          "us-isob-east-1",
        ].map(regionCode),
      ).to.deep.equal(["use1", "apse2", "apne3", "cac1", "usgovw1", "usisoe1", "usisobe1"]);
    });

    it("lower-cases stack names and turns '_' and '.' into hyphens", () => {
      expect(settingsFrom({}, { stack: "Feature_X.2", region: "eu-west-1" }).namePrefix).to.equal(
        "tenancy-feature-x-2-euw1",
      );
    });

    it("refuses a missing or invalid region, naming aws:region", () => {
      expect(configErrorOf({}, { stack: "dev", region: undefined }).message).to.equal(
        "aws:region: is not set; physical names carry the region, so two regions of one account never collide. Fix: pulumi config set aws:region eu-west-1",
      );
      expect(configErrorOf({}, { stack: "dev", region: "Europe" }).key).to.equal("aws:region");
    });

    it("refuses a prefix longer than 30 characters, saying which parts make it up", () => {
      const error = configErrorOf(
        { namePrefix: "a-very-long-prefix" },
        { stack: "production", region: "ap-southeast-2" },
      );
      expect(error.message).to.equal(
        'tenancy:namePrefix: the physical name prefix "a-very-long-prefix-production-apse2" (name prefix "a-very-long-prefix", stack "production", region code) has 35 characters; at most 30 leave room for tenant ids in IAM role names and for the account and region in the bucket name. Fix: shorten tenancy:namePrefix, e.g. pulumi config set tenancy:namePrefix a-very-long-p, or the stack name (pulumi stack rename)',
      );
    });
  });

  for (const prefix of ["Prod", "1prod", "prod_eu", "prod--eu", "a".repeat(21), ""]) {
    it(`rejects name prefix ${JSON.stringify(prefix)} with the key and the fix`, () => {
      expect(configErrorOf({ namePrefix: prefix }).message).to.equal(
        `tenancy:namePrefix: "${prefix}" is not usable in IAM role and S3 bucket names. Fix: set it to 1-20 lower-case letters, digits and single hyphens, starting with a letter: pulumi config set tenancy:namePrefix dev`,
      );
    });
  }

  for (const [prefix, stack] of [
    ["tenant", "dev"],
    ["dev-tenant", "dev"],
    ["app", "tenant"],
  ]) {
    it(`rejects name prefix "${prefix}" on stack "${stack}", whose role pattern could reach another stack's roles`, () => {
      expect(
        configErrorOf({ namePrefix: prefix }, { stack, region: "eu-west-1" }).message,
      ).to.match(/contains the segment "tenant"/);
    });
  }

  for (const [prefix, reserved] of [
    ["sthree", "sthree-"],
    ["amzn-s3-demo", "amzn-s3-demo-"],
  ]) {
    it(`rejects name prefix "${prefix}", which gives a bucket name S3 reserves`, () => {
      expect(configErrorOf({ namePrefix: prefix }).message).to.equal(
        `tenancy:namePrefix: the data bucket's name would start with "${prefix}-dev-euw1-" and starts with "${reserved}", which S3 reserves. Fix: choose another prefix, e.g. pulumi config set tenancy:namePrefix app`,
      );
    });
  }

  it("rejects a non-boolean bedrockInvocationLogging", () => {
    expect(configErrorOf({ bedrockInvocationLogging: "yes" }).key).to.equal(
      "tenancy:bedrockInvocationLogging",
    );
  });

  it("refuses to turn on account-wide Bedrock logging until the operator confirms replacing what is there", () => {
    const error = configErrorOf({ bedrockInvocationLogging: "true" });
    expect(error.key).to.equal("tenancy:bedrockInvocationLoggingReplacesExisting");
    expect(error.message).to.contain("aws bedrock get-model-invocation-logging-configuration");
  });

  describe("invitations", () => {
    it("reads suppress, and ses with its identity and sender", () => {
      expect(settingsFrom({ invitations: "suppress" }).invitations).to.deep.equal({
        channel: "suppress",
      });
      expect(
        settingsFrom({
          invitations: "ses",
          sesSourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/platform.example",
          sesFromAddress: "Platform <no-reply@platform.example>",
        }).invitations,
      ).to.deep.equal({
        channel: "ses",
        sesSourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/platform.example",
        fromEmailAddress: "Platform <no-reply@platform.example>",
      });
    });

    it("names the missing SES setting, refuses a sender that is not an address, and an unknown channel", () => {
      expect(
        configErrorOf({
          invitations: "ses",
          sesSourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/platform.example",
          sesFromAddress: "garbage x@y",
        }).key,
      ).to.equal("tenancy:sesFromAddress");
      expect(configErrorOf({ invitations: "ses" }).key).to.equal("tenancy:sesSourceArn");
      expect(
        configErrorOf({
          invitations: "ses",
          sesSourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/platform.example",
        }).key,
      ).to.equal("tenancy:sesFromAddress");
      expect(configErrorOf({ invitations: "email" }).key).to.equal("tenancy:invitations");
    });
  });

  describe("pooled tier and quotas", () => {
    it("refuses an unknown default tier, naming both tiers", () => {
      const error = configErrorOf({ defaultIsolation: "shared" });
      expect(error.key).to.equal("tenancy:defaultIsolation");
      expect(error.message).to.equal(
        'tenancy:defaultIsolation: "shared" is not a tier. Fix: pulumi config set tenancy:defaultIsolation dedicated (a role per tenant) or pooled (shared shard roles scoped by session tag)',
      );
    });

    it("refuses a shard count or quota that is not a positive whole number", () => {
      expect(configErrorOf({ pooledShards: "0" }).message).to.equal(
        'tenancy:pooledShards: "0" is not a whole number from 1 to 1000. Fix: pulumi config set tenancy:pooledShards 16',
      );
      expect(configErrorOf({ pooledShards: "1001" }).key).to.equal("tenancy:pooledShards");
      expect(configErrorOf({ iamRolesQuota: "1e3" }).key).to.equal("tenancy:iamRolesQuota");
      expect(configErrorOf({ trustPolicySizeQuota: "-1" }).key).to.equal(
        "tenancy:trustPolicySizeQuota",
      );
    });

    it("refuses a prefix with the segment pooled, which another stack's shard roles could match", () => {
      expect(configErrorOf({ namePrefix: "app-pooled" }).key).to.equal("tenancy:namePrefix");
    });
  });

  it("refuses an unknown user pool feature plan", () => {
    expect(configErrorOf({ userPoolTier: "FREE" }).key).to.equal("tenancy:userPoolTier");
  });

  describe("importRetained", () => {
    it("needs the retained pool's id and exactly one allowed account", () => {
      expect(configErrorOf({ importRetained: "true" }).key).to.equal("aws:allowedAccountIds");
      expect(
        configErrorOf({ importRetained: "true" }, { ...DEV, allowedAccountIds: ["123456789012"] })
          .key,
      ).to.equal("tenancy:retainedUserPoolId");
      expect(
        settingsFrom(
          { importRetained: "true", retainedUserPoolId: "eu-west-1_AbC123" },
          { ...DEV, allowedAccountIds: ["123456789012"] },
        ).importRetained,
      ).to.deep.equal({
        userPoolId: "eu-west-1_AbC123",
        accountId: "123456789012",
        bedrockLogGroup: false,
      });
    });
  });
  describe("tenancy:indexes", () => {
    it("reads the declared indexes, projection ALL by default", () => {
      expect(
        settingsFrom({
          indexes: JSON.stringify([
            { name: "byOwner", partitionKey: "ownerKey" },
            {
              name: "byStatus",
              partitionKey: "statusKey",
              sortKey: "createdAt",
              projection: ["title"],
            },
          ]),
        }).indexes,
      ).to.deep.equal([
        { name: "byOwner", partitionKey: "ownerKey", projection: "ALL" },
        {
          name: "byStatus",
          partitionKey: "statusKey",
          sortKey: "createdAt",
          projection: ["title"],
        },
      ]);
    });

    const FIX =
      '. Every index partition key is stored as <tenantId>#<value> and confined by IAM\'s dynamodb:LeadingKeys, so it must be an attribute of its own (not pk\'s sort key sk), and no tenant-scoped attribute may be a sort key. Fix: pulumi config set tenancy:indexes \'[{"name":"byOwner","partitionKey":"ownerKey"},{"name":"byStatus","partitionKey":"statusKey","sortKey":"createdAt"}]\'';
    const refusal = (indexes: unknown) => {
      const error = configErrorOf({ indexes: JSON.stringify(indexes) });
      return { key: error.key, code: error.code, message: error.message };
    };

    it("refuses an index partitioned by the table's sort key, which carries no tenant prefix", () => {
      expect(refusal([{ name: "bySk", partitionKey: "sk" }])).to.deep.equal({
        key: "tenancy:indexes",
        code: "ERR_INVALID_CONFIG",
        message: `tenancy:indexes: index "bySk": partitionKey sk is the table's sort key, stored without the tenant prefix, so one index partition would hold every tenant's items${FIX}`,
      });
    });

    it("refuses a tenant-scoped attribute as a sort key: its own partition key, pk, or another index's", () => {
      const scoped = (sortKey: string) =>
        `index "byOwner": sortKey ${sortKey} is a tenant-scoped partition key (stored as <tenantId>#<value>), which the runtime does not prefix in sort-key conditions`;
      expect(
        refusal([{ name: "byOwner", partitionKey: "ownerKey", sortKey: "ownerKey" }]).message,
      ).to.equal(`tenancy:indexes: ${scoped("ownerKey")}${FIX}`);
      expect(
        refusal([{ name: "byOwner", partitionKey: "ownerKey", sortKey: "pk" }]).message,
      ).to.equal(`tenancy:indexes: ${scoped("pk")}${FIX}`);
      expect(
        refusal([
          { name: "byOwner", partitionKey: "ownerKey", sortKey: "statusKey" },
          { name: "byStatus", partitionKey: "statusKey" },
        ]).message,
      ).to.equal(`tenancy:indexes: ${scoped("statusKey")}${FIX}`);
    });

    it("reports every problem at once: names, attribute names, projections, unknown fields", () => {
      expect(
        refusal([
          { name: "ab", partitionKey: "owner key", projection: "SOME", hashKey: "x" },
          { name: "byOwner", partitionKey: "ownerKey" },
          { name: "byOwner", partitionKey: "ownerKey" },
        ]).message,
      ).to.equal(
        `tenancy:indexes: index 0 has unknown field(s) hashKey; index 0: projection must be "ALL", "KEYS_ONLY" or a non-empty list of attribute names; index "ab": name must be 3-255 letters, digits, "_", "." or "-"; index "ab": partitionKey must be an attribute name of letters, digits and "_", not starting with a digit; index "byOwner": declared twice${FIX}`,
      );
    });

    it("names the fix when the setting is not a JSON list", () => {
      expect(configErrorOf({ indexes: "byOwner" }).message).to.equal(
        `tenancy:indexes: is not JSON. Fix: pulumi config set tenancy:indexes '[{"name":"byOwner","partitionKey":"ownerKey"},{"name":"byStatus","partitionKey":"statusKey","sortKey":"createdAt"}]'`,
      );
    });
  });
});
