import { expect } from "chai";
import {
  KEY_DELIMITER,
  MAX_ROLE_NAME_LENGTH,
  MAX_TENANT_ID_LENGTH,
  POOLED_ROLE_SEGMENT,
  RESERVED_TENANT_IDS,
  TENANT_ID_ATTRIBUTE_NAME,
  TENANT_ID_CLAIM,
  TENANT_ID_RULE,
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  isReservedTenantId,
  isValidTenantId,
  maxTenantIdLength,
  pooledRoleArn,
  pooledRoleName,
  pooledShardOf,
  tenantGroupName,
  tenantKeyPrefix,
  tenantRoleArn,
  tenantRoleName,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";

// The names AWS, Cognito and the deployed stacks already use: changing one strands live tenants.
describe("tenant naming rules", () => {
  // A module that throws while loading (say, MAX_TENANT_ID_LENGTH computed from a broken
  // tenantRoleName) makes mocha retry this spec as an ES module, which resolves
  // @tenancy/runtime to the built runtime/dist and would pass: fail instead.
  it("loads the naming module as CommonJS, the way the runtime's users require it", () => {
    expect(typeof require).to.equal("function");
    expect(require("@tenancy/runtime/naming")).to.have.property("tenantRoleName", tenantRoleName);
  });

  const reserved = [
    "admin",
    "all",
    "any",
    "aws",
    "default",
    "global",
    "internal",
    "none",
    "null",
    "platform",
    "public",
    "root",
    "shared",
    "system",
    "tenant",
    "tenants",
    "workload",
  ];

  it("reserves exactly the ids that read as something other than a customer", () => {
    for (const id of reserved) expect(isReservedTenantId(id), id).to.equal(true);
    expect([...RESERVED_TENANT_IDS].sort()).to.deep.equal(reserved);
    for (const id of ["acme", "", "admins", "tenant-a", "Admin"]) {
      expect(isReservedTenantId(id), id).to.equal(false);
    }
  });

  it("keeps every reserved id a syntactically valid one, so reservation is what refuses it", () => {
    for (const id of reserved) expect(isValidTenantId(id), id).to.equal(true);
  });

  it("refuses ids with characters outside the pattern anywhere, not only at the ends", () => {
    for (const id of ["a.b", "acme\n", "\nacme", "ac#me-eu", "acme-e#u", "acme-", "acme--eu"]) {
      expect(isValidTenantId(id), JSON.stringify(id)).to.equal(false);
    }
    for (const id of ["a", "0", "acme-eu-west-1", "a-b"]) {
      expect(isValidTenantId(id), id).to.equal(true);
    }
  });

  it("describes the id rule in words for error messages", () => {
    expect(TENANT_ID_RULE).to.contain("lower-case letters and digits");
    expect(TENANT_ID_RULE).to.contain("single hyphens");
  });

  it("names the tag, claim and attribute that carry the tenant id", () => {
    expect(TENANT_TAG_KEY).to.equal("tenantId");
    expect(TENANT_ID_ATTRIBUTE_NAME).to.equal("tenantId");
    expect(TENANT_ID_CLAIM).to.equal(`custom:${TENANT_ID_ATTRIBUTE_NAME}`);
  });

  it("puts tenant roles on their own path and bounds ids by IAM's role name limit", () => {
    expect(TENANT_ROLE_PATH).to.equal("/tenants/");
    expect(MAX_ROLE_NAME_LENGTH).to.equal(64);
    expect(maxTenantIdLength("dev")).to.equal(64 - "dev-tenant-".length);
    expect(MAX_TENANT_ID_LENGTH).to.equal(64 - "x-tenant-".length);
    expect(tenantRoleName("x", "a".repeat(MAX_TENANT_ID_LENGTH))).to.have.length(64);
  });

  it("derives the group, key prefix and S3 prefix with their delimiters", () => {
    expect(tenantGroupName("acme")).to.equal("tenant-acme");
    expect(KEY_DELIMITER).to.equal("#");
    expect(tenantKeyPrefix("acme-eu")).to.equal("acme-eu#");
    expect(tenantS3Prefix("acme-eu")).to.equal("tenants/acme-eu/");
  });

  it("takes the partition of a tenant role ARN when one is given", () => {
    expect(
      tenantRoleArn({
        partition: "aws-cn",
        accountId: "123456789012",
        namePrefix: "dev",
        tenantId: "acme",
      }),
    ).to.equal("arn:aws-cn:iam::123456789012:role/tenants/dev-tenant-acme");
  });

  it("names pooled shard roles on the tenant path, in the given or the default partition", () => {
    expect(POOLED_ROLE_SEGMENT).to.equal("pooled");
    expect(pooledRoleName("dev", 3)).to.equal("dev-pooled-3");
    expect(pooledRoleArn({ accountId: "123456789012", namePrefix: "dev", shard: 0 })).to.equal(
      "arn:aws:iam::123456789012:role/tenants/dev-pooled-0",
    );
    expect(
      pooledRoleArn({
        partition: "aws-us-gov",
        accountId: "123456789012",
        namePrefix: "dev",
        shard: 7,
      }),
    ).to.equal("arn:aws-us-gov:iam::123456789012:role/tenants/dev-pooled-7");
  });

  it("shards by 32-bit FNV-1a of the id (the published test vectors)", () => {
    const whole = 2 ** 32;
    expect(pooledShardOf("", whole)).to.equal(0x811c9dc5);
    expect(pooledShardOf("a", whole)).to.equal(0xe40c292c);
    expect(pooledShardOf("foobar", whole)).to.equal(0xbf9cf968);
    expect(pooledShardOf("foobar", 7)).to.equal(0xbf9cf968 % 7);
  });
});
