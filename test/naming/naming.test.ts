import { expect } from "chai";
import {
  isValidTenantId,
  maxTenantIdLength,
  tenantKeyPrefix,
  tenantRoleArn,
  tenantRoleName,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";

describe("naming", () => {
  describe("isValidTenantId", () => {
    for (const id of ["acme", "acme-eu", "a1", "9lives", "a-b-c"]) {
      it(`accepts ${JSON.stringify(id)}`, () => expect(isValidTenantId(id)).to.equal(true));
    }
    for (const id of [
      "",
      "Acme",
      "acme#",
      "acme/x",
      "acme*",
      "ac?me",
      "-acme",
      "acme-",
      "ac--me",
      "ac_me",
      "ac me",
    ]) {
      it(`rejects ${JSON.stringify(id)}`, () => expect(isValidTenantId(id)).to.equal(false));
    }
  });

  it("derives the role name, ARN and the data prefixes from the id", () => {
    expect(tenantRoleName("dev", "acme")).to.equal("dev-tenant-acme");
    expect(
      tenantRoleArn({ accountId: "123456789012", namePrefix: "dev", tenantId: "acme" }),
    ).to.equal("arn:aws:iam::123456789012:role/tenants/dev-tenant-acme");
    expect(tenantKeyPrefix("acme")).to.equal("acme#");
    expect(tenantS3Prefix("acme")).to.equal("tenants/acme/");
  });

  it("leaves exactly the room IAM's 64-character role name limit allows", () => {
    const longest = "a".repeat(maxTenantIdLength("dev"));
    expect(tenantRoleName("dev", longest)).to.have.length(64);
  });
});
