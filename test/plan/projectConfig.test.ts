import { expect } from "chai";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump } from "js-yaml";
import { ConfigError, readStackSettings, StackIdentity } from "../../components";
import { PROJECT_DIR } from "../../plan/offlineRun";
import { readProjectFile } from "../../plan/projectConfig";
import { readStackConfig } from "../../plan/stackConfig";

/** A project directory holding the given Pulumi.yaml config and one stack file. */
function projectWith(
  projectConfig: Record<string, unknown>,
  stackConfig: Record<string, unknown>,
): string {
  const dir = mkdtempSync(join(tmpdir(), "tenancy-project-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    dump({ name: "tenancy", runtime: "nodejs", config: projectConfig }),
  );
  writeFileSync(join(dir, "Pulumi.dev.yaml"), dump({ config: stackConfig }));
  return dir;
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

describe("the project file's config, as the Pulumi CLI applies it", () => {
  it("requires a project key declared without a default in every stack, naming the keys", () => {
    const dir = projectWith(
      { sesSourceArn: { type: "string" }, userPoolTier: { type: "string", default: "LITE" } },
      { "aws:region": "eu-west-1" },
    );
    const error = configErrorOf(() => readStackConfig(dir, "dev"));
    expect(error.message).to.contain("Stack 'dev' is missing configuration value 'sesSourceArn'");
    expect(error.message).to.contain("pulumi config set tenancy:sesSourceArn");
  });

  it("fills the stack's gaps with defaults and values, and the stack's own values win", () => {
    const dir = projectWith(
      {
        userPoolTier: { type: "string", default: "LITE" },
        namePrefix: { type: "string", default: "tenancy" },
        defaultTags: { default: { CostCenter: "platform" } },
        "aws:skipMetadataApiCheck": { value: "false" },
      },
      { "aws:region": "eu-west-1", "tenancy:namePrefix": "app" },
    );
    expect(readStackConfig(dir, "dev")).to.deep.equal({
      "aws:region": "eu-west-1",
      "aws:skipMetadataApiCheck": "false",
      "tenancy:namePrefix": "app",
      "tenancy:userPoolTier": "LITE",
      "tenancy:defaultTags": '{"CostCenter":"platform"}',
    });
  });

  it("counts a secret the stack sets as present, though it cannot be read offline", () => {
    const dir = projectWith(
      { sesSourceArn: { type: "string" } },
      { "aws:region": "eu-west-1", "tenancy:sesSourceArn": { secure: "v1:abc" } },
    );
    expect(readStackConfig(dir, "dev")).to.deep.equal({ "aws:region": "eu-west-1" });
  });

  it("refuses a stack value of the wrong declared type", () => {
    const dir = projectWith(
      { importRetained: { type: "boolean", default: false } },
      { "aws:region": "eu-west-1", "tenancy:importRetained": "yes" },
    );
    expect(configErrorOf(() => readStackConfig(dir, "dev")).message).to.contain(
      "Stack 'dev' with configuration key 'importRetained' must be of type 'boolean'",
    );
  });

  it("refuses a type or default on another package's key such as aws:region, as the CLI does", () => {
    for (const declaration of [
      { type: "string", value: "eu-west-1" },
      { default: "eu-west-1" },
      {},
    ]) {
      const dir = projectWith({ "aws:region": declaration }, {});
      expect(configErrorOf(() => readStackConfig(dir, "dev")).message).to.contain(
        "is not in the project's namespace, so the CLI accepts only a value",
      );
    }
  });
});

describe("this project's Pulumi.yaml", () => {
  const project = readProjectFile(PROJECT_DIR)!;
  const declaredKeys = Object.keys(project.config).sort();

  it("is accepted by the CLI's rules, and every stack file of the project merges with it", () => {
    const stacks = readdirSync(PROJECT_DIR)
      .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
      .filter((stack): stack is string => stack !== undefined);
    expect(stacks).to.include("dev");
    for (const stack of stacks) {
      const config = readStackConfig(PROJECT_DIR, stack);
      // Pulumi.yaml cannot declare aws:region with a default (see the README), so each stack sets it.
      expect(config, `Pulumi.${stack}.yaml`).to.have.property("aws:region");
    }
  });

  it("declares, with a description, exactly the tenancy settings the program reads", () => {
    const read = new Set<string>();
    const where: StackIdentity = {
      stack: "dev",
      region: "eu-west-1",
      allowedAccountIds: ["123456789012"],
    };
    // Two configurations reach every reading branch: the defaults, and every optional feature on.
    for (const values of [
      {},
      {
        bedrockInvocationLogging: "true",
        bedrockInvocationLoggingReplacesExisting: "true",
        invitations: "ses",
        sesSourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        sesFromAddress: "no-reply@example.com",
        importRetained: "true",
        retainedUserPoolId: "eu-west-1_abc123",
      },
    ] as Record<string, string>[]) {
      readStackSettings(
        {
          get: (key) => {
            read.add(key);
            return values[key];
          },
        },
        where,
      );
    }
    expect(declaredKeys).to.deep.equal([...read].sort());
    for (const key of declaredKeys) {
      expect(project.config[key]!.description, key).to.be.a("string").that.has.length.above(0);
    }
  });

  it("declares the defaults the program uses when a setting is absent", () => {
    const where: StackIdentity = { stack: "dev", region: "eu-west-1" };
    const declaredDefaults = readStackConfig(
      projectWith(project.config, { "aws:region": "eu-west-1" }),
      "dev",
    );
    const fromDeclared = readStackSettings(
      { get: (key) => declaredDefaults[`tenancy:${key}`] },
      where,
    );
    const fromNothing = readStackSettings({ get: () => undefined }, where);
    expect(fromDeclared).to.deep.equal(fromNothing);
  });
});
