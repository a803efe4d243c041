import { expect } from "chai";
import * as pack from "../../../policypack/lib/naming";
import * as runtime from "../../../runtime/src/naming";

// The pack's own copy of the naming contract (vendored so the pack is self-contained). What it
// derives must be what the runtime and the components derive: a role name or prefix the pack
// expects differently from the ones deployed would make it judge the wrong resources.

const {
  isReservedTenantId,
  isValidTenantId,
  maxTenantIdLength,
  MAX_TENANT_ID_LENGTH,
  pooledRoleArn,
  pooledRoleName,
  pooledShardOf,
  tenantGroupName,
  tenantKeyPrefix,
  tenantRoleArn,
  tenantRoleName,
  tenantS3Prefix,
} = pack;

describe("the pack's naming contract", () => {
  it("exports the runtime's constants, value for value", () => {
    const constants = (module: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(module).filter(([, value]) => typeof value !== "function"));
    expect(constants(pack)).to.deep.equal(constants(runtime));
    expect(Object.keys(pack).sort()).to.deep.equal(Object.keys(runtime).sort());
  });

  it("names the constants the components and the runtime build names from", () => {
    expect(pack.TENANT_ROLE_PATH).to.equal("/tenants/");
    expect(pack.TENANT_TAG_KEY).to.equal("tenantId");
    expect(pack.TENANT_ID_CLAIM).to.equal(`custom:${pack.TENANT_ID_ATTRIBUTE_NAME}`);
    expect(pack.KEY_DELIMITER).to.equal("#");
    expect(pack.POOLED_ROLE_SEGMENT).to.equal("pooled");
    expect(pack.MAX_ROLE_NAME_LENGTH).to.equal(64);
  });

  describe("isValidTenantId: letters and digits in single-hyphen groups", () => {
    for (const [id, why] of [
      ["a", "one letter: the first group's class starts at a"],
      ["z", "its class ends at z"],
      ["0", "digits start at 0"],
      ["9", "and end at 9"],
      ["ab", "a group of more than one character"],
      ["x-a", "a later group starting at a"],
      ["x-z", "a later group ending at z"],
      ["x-0", "a later group of a digit, 0"],
      ["x-9", "a later group of 9"],
      ["x-ab", "a later group of more than one character"],
      ["a-b-c", "more than one later group"],
      ["acme-eu-2", "the ids the fixtures use"],
    ] as const) {
      it(`accepts ${JSON.stringify(id)}: ${why}`, () => expect(isValidTenantId(id)).to.equal(true));
    }
    for (const [id, why] of [
      ["", "empty"],
      ["-acme", "a leading hyphen"],
      ["acme-", "a trailing hyphen"],
      ["ac--me", "a double hyphen"],
      ["Acme", "upper case"],
      ["acme#", "the key delimiter"],
      ["acme/x", "a path separator"],
      ["acme*", "a wildcard"],
      ["ac?me", "a wildcard"],
      ["ac_me", "an underscore"],
      ["x-A", "upper case in a later group"],
      ["x-#", "the delimiter as a later group"],
      ["é", "a letter outside a-z"],
    ] as const) {
      it(`rejects ${JSON.stringify(id)}: ${why}`, () =>
        expect(isValidTenantId(id)).to.equal(false));
    }
  });

  it("reserves every id that reads as something other than a customer, and only those", () => {
    for (const id of runtime.RESERVED_TENANT_IDS) expect(isReservedTenantId(id), id).to.equal(true);
    for (const id of ["acme", "admins", "tenant-1", ""])
      expect(isReservedTenantId(id), id).to.equal(false);
  });

  it("builds a tenant's role name, ARN, group and data prefixes from its id", () => {
    expect(tenantRoleName("dev", "acme")).to.equal("dev-tenant-acme");
    expect(
      tenantRoleArn({ accountId: "123456789012", namePrefix: "dev", tenantId: "acme" }),
    ).to.equal("arn:aws:iam::123456789012:role/tenants/dev-tenant-acme");
    expect(
      tenantRoleArn({
        partition: "aws-cn",
        accountId: "123456789012",
        namePrefix: "dev",
        tenantId: "acme",
      }),
    ).to.equal("arn:aws-cn:iam::123456789012:role/tenants/dev-tenant-acme");
    expect(tenantGroupName("acme")).to.equal("tenant-acme");
    expect(tenantKeyPrefix("acme")).to.equal("acme#");
    expect(tenantS3Prefix("acme")).to.equal("tenants/acme/");
  });

  it("builds a pooled shard's role name and ARN", () => {
    expect(pooledRoleName("dev", 3)).to.equal("dev-pooled-3");
    expect(pooledRoleArn({ accountId: "123456789012", namePrefix: "dev", shard: 0 })).to.equal(
      "arn:aws:iam::123456789012:role/tenants/dev-pooled-0",
    );
    expect(
      pooledRoleArn({
        partition: "aws-us-gov",
        accountId: "123456789012",
        namePrefix: "dev",
        shard: 12,
      }),
    ).to.equal("arn:aws-us-gov:iam::123456789012:role/tenants/dev-pooled-12");
  });

  it("leaves a tenant id exactly the room of IAM's 64-character role names", () => {
    // "dev-tenant-" is 11 characters; "x-tenant-" (the shortest prefix) is 9.
    expect(maxTenantIdLength("dev")).to.equal(53);
    expect(MAX_TENANT_ID_LENGTH).to.equal(55);
    expect(tenantRoleName("dev", "a".repeat(maxTenantIdLength("dev")))).to.have.length(64);
  });

  describe("pooledShardOf: FNV-1a (32 bit) of the id modulo the shard count", () => {
    // The published FNV-1a 32-bit test vectors; a count of 2^32 leaves the hash itself.
    for (const [id, hash] of [
      ["", 0x811c9dc5],
      ["a", 0xe40c292c],
      ["foobar", 0xbf9cf968],
    ] as const) {
      it(`${JSON.stringify(id)} hashes to 0x${hash.toString(16)}`, () => {
        expect(pooledShardOf(id, 2 ** 32)).to.equal(hash);
        expect(pooledShardOf(id, 7)).to.equal(hash % 7);
      });
    }
    it("depends on the id and the count alone", () => {
      expect(pooledShardOf("acme", 4)).to.equal(runtime.pooledShardOf("acme", 4));
      expect(pooledShardOf("acme", 1)).to.equal(0);
    });
  });
});
