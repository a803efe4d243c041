import Ajv from "ajv";
import addFormats from "ajv-formats";
import { expect } from "chai";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { CheckSettings } from "../../check/platformSettings";
import { policyPackConfig } from "../../check/policyConfig";
import { ruleIdOf } from "../../check/violation";
import { readStackSettings } from "../../components/stackSettings";
import { platformLocation } from "../../components/tenantPlatform";
import { packConfigSchema } from "../../policypack/lib/settings";
import { tenantIsolationPolicies } from "../../policypack/policies/allPolicies";
import { allow, TABLE } from "./corpus";
import { addStatement } from "./stackMutations";
import { BASELINE_TENANTS, tenantStack } from "./tenantStackFixture";

// policypack/policy-config.dev.json is what the README's `pulumi preview --policy-pack-config`
// uses: every policy configured, the same settings for each, matching Pulumi.dev.yaml.

const ROOT = join(__dirname, "..", "..");
const config = JSON.parse(
  readFileSync(join(ROOT, "policypack", "policy-config.dev.json"), "utf8"),
) as Record<string, CheckSettings>;
const stack = load(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
  config: Record<string, unknown>;
};
const [dev = {}] = Object.values(config);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile({ type: "object", ...packConfigSchema });
const filled = (accountId: string): CheckSettings => ({ ...dev, accountId });

describe("policypack/policy-config.dev.json", () => {
  it("configures every policy of the pack with the same settings", () => {
    expect(Object.keys(config)).to.deep.equal(tenantIsolationPolicies.map((p) => p.name));
    expect(config).to.deep.equal(policyPackConfig(dev));
  });

  it("matches Pulumi.dev.yaml (prefix, region, table name)", () => {
    const region = String(stack.config["aws:region"]);
    const { namePrefix: prefix } = readStackSettings(
      {
        get: (key) => {
          const value = stack.config[`tenancy:${key}`];
          return value === undefined ? undefined : String(value);
        },
      },
      { stack: "dev", region },
    );
    const location = platformLocation(prefix, "aws", region, "123456789012");
    expect({
      namePrefix: dev.namePrefix,
      region: dev.region,
      tableName: dev.tableName,
    }).to.deep.equal({ namePrefix: prefix, region, tableName: location.tableName });
  });

  it("is refused until the account is filled in, and only for the account", () => {
    expect(validate(dev)).to.equal(false);
    expect(validate.errors?.map((error) => error.instancePath)).to.deep.equal(["/accountId"]);
    expect(validate(filled("123456789012")), JSON.stringify(validate.errors)).to.equal(true);
  });

  it("once filled in, passes the stack and still catches a mutant", async () => {
    const baseline = tenantStack(BASELINE_TENANTS);
    // The fixture stack's names use the prefix "dev"; everything else is the shipped file's.
    const settings = { ...filled("123456789012"), namePrefix: "dev", tableName: "dev-tenant-data" };
    expect(await analyzeInProcess(baseline, settings)).to.deep.equal([]);
    const scan = addStatement(baseline, "acme", allow("dynamodb:Scan", TABLE));
    const violations = await analyzeInProcess(scan, settings);
    expect(violations.map(ruleIdOf)).to.deep.equal(["TI-LEAK-001"]);
  });

  it("rejects exemption dates that are not dates", () => {
    const withExemption = (expires: string) => ({
      ...filled("123456789012"),
      exemptions: [{ urn: "urn:x", rule: "TI-LEAK-001", reason: "r", expires }],
    });
    expect(validate(withExemption("2026-03-31"))).to.equal(true);
    expect(validate(withExemption("9999-99-99"))).to.equal(false);
    expect(validate(withExemption("+275760-09-13T00:00:00.000Z"))).to.equal(false);
  });
});
