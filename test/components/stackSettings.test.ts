import { expect } from "chai";
import { ConfigError, readStackSettings } from "../../components";

function settingsFrom(values: Record<string, string>) {
  return readStackSettings({ get: (key) => values[key] });
}

describe("readStackSettings", () => {
  it("defaults to prefix tenancy, tenants.json and no Bedrock logging", () => {
    expect(settingsFrom({})).to.deep.equal({
      namePrefix: "tenancy",
      tenantsFile: "tenants.json",
      bedrockInvocationLogging: false,
    });
  });

  it("reads the stack's values", () => {
    expect(
      settingsFrom({
        namePrefix: "prod-eu",
        tenantsFile: "t.json",
        bedrockInvocationLogging: "true",
      }),
    ).to.deep.equal({
      namePrefix: "prod-eu",
      tenantsFile: "t.json",
      bedrockInvocationLogging: true,
    });
  });

  for (const prefix of ["Prod", "1prod", "prod_eu", "prod--eu", "a".repeat(21), ""]) {
    it(`rejects name prefix ${JSON.stringify(prefix)} with the key and the fix`, () => {
      expect(() => settingsFrom({ namePrefix: prefix }))
        .to.throw(ConfigError)
        .with.property(
          "message",
          `tenancy:namePrefix: "${prefix}" is not usable in IAM role and S3 bucket names. Fix: set it to 1-20 lower-case letters, digits and single hyphens, starting with a letter: pulumi config set tenancy:namePrefix dev`,
        );
    });
  }

  for (const prefix of ["tenant", "dev-tenant", "my-tenant-x"]) {
    it(`rejects name prefix ${JSON.stringify(prefix)}, whose role pattern could reach another stack's roles`, () => {
      expect(() => settingsFrom({ namePrefix: prefix }))
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(/contains the segment "tenant"/);
    });
  }

  it("rejects a non-boolean bedrockInvocationLogging", () => {
    expect(() => settingsFrom({ bedrockInvocationLogging: "yes" }))
      .to.throw(ConfigError)
      .with.property("code", "ERR_INVALID_CONFIG");
  });
});
