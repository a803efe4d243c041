import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { CheckConfigError, readCheckConfig } from "../../check/checkConfig";
import { findingFields } from "../../check/findingFields";
import { derivePlatformSettings } from "../../check/platformSettings";
import { settingsDisagreements } from "../../check/settingsDisagreements";
import { tenantIsolationPolicies } from "../../policypack/policies/allPolicies";
import { addStatement } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

const ROOT = join(__dirname, "..", "..");
const DEV_CONFIG = JSON.parse(
  readFileSync(join(ROOT, "policypack", "policy-config.dev.json"), "utf8"),
) as Record<string, Record<string, unknown>>;
const POLICIES = tenantIsolationPolicies.map((policy) => policy.name);

function issuesOf(json: unknown) {
  try {
    readCheckConfig(json);
  } catch (err) {
    if (err instanceof CheckConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe("offline checker: pack configuration and findings", () => {
  describe("readCheckConfig", () => {
    it("reports the shipped placeholder account once, naming every policy", () => {
      expect(issuesOf(DEV_CONFIG)).to.deep.equal([
        { path: "/accountId", message: 'must match pattern "^[0-9]{12}$"', policies: POLICIES },
      ]);
    });

    it("returns the settings of a filled-in per-policy file, without the SDK's enforcementLevel", () => {
      const filled = Object.fromEntries(
        Object.entries(DEV_CONFIG).map(([name, settings]) => [
          name,
          { ...settings, accountId: "123456789012", enforcementLevel: "mandatory" },
        ]),
      );
      expect(readCheckConfig(filled)).to.deep.equal({
        ...DEV_CONFIG["tenant-data-leaks"],
        accountId: "123456789012",
      });
    });

    it("refuses per-policy entries that differ and keys the pack does not know", () => {
      const entries = Object.entries(DEV_CONFIG).map(([name, settings]) => [
        name,
        { ...settings, accountId: "123456789012" },
      ]);
      const [firstName] = entries[0] as [string, unknown];
      const differing = Object.fromEntries(
        entries.map(([name, settings], index) =>
          index === 1 ? [name, { ...(settings as object), tableName: "other" }] : [name, settings],
        ),
      );
      expect(issuesOf(differing).map((issue) => issue.message)).to.deep.equal([
        `differs from /${firstName}: the checker sends one settings object to every policy`,
      ]);
      expect(issuesOf({ accountID: "123456789012" })).to.deep.equal([
        { path: "/accountID", message: "is not a setting of the pack", policies: POLICIES },
      ]);
    });

    it("makes npm run check exit 2 with one error for the shipped file, before analysing", () => {
      const run = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          join(ROOT, "check", "cli.ts"),
          "--state",
          join(ROOT, "test/fixtures/policypack/state-clean.json"),
          "--config",
          join(ROOT, "policypack/policy-config.dev.json"),
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(run.status).to.equal(2);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.equal(
        'pack config /accountId: must match pattern "^[0-9]{12}$"\nFix the pack configuration (' +
          join(ROOT, "policypack/policy-config.dev.json") +
          "); nothing was analysed.\n",
      );
    });

    it("applies an entry's enforcementLevel: contract findings block when configured mandatory", function () {
      this.timeout(120_000);
      const dir = mkdtempSync(join(tmpdir(), "pack-levels-"));
      const stack = addStatement(tenantStack(BASELINE_TENANTS), "acme", {
        Sid: "DirectModel",
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: `arn:aws:bedrock:${PLATFORM.region}::foundation-model/*`,
      });
      writeFileSync(
        join(dir, "preview.json"),
        JSON.stringify({
          steps: stack.map((resource) => ({
            op: "create",
            urn: resource.urn,
            newState: { ...resource, custom: resource.custom, parent: resource.parent ?? "" },
          })),
        }),
      );
      const levels = (contract: string) => {
        const file = join(dir, `config-${contract}.json`);
        writeFileSync(
          file,
          JSON.stringify(
            Object.fromEntries(
              POLICIES.map((name) => [
                name,
                {
                  ...DEV_CONFIG[name],
                  // The fixture stack's names use the prefix "dev".
                  accountId: PLATFORM.accountId,
                  namePrefix: PLATFORM.namePrefix,
                  tableName: PLATFORM.tableName,
                  ...(name === "tenant-policy-contract" ? { enforcementLevel: contract } : {}),
                },
              ]),
            ),
          ),
        );
        return spawnSync(
          process.execPath,
          [
            "--import",
            "tsx",
            join(ROOT, "check", "cli.ts"),
            "--preview",
            join(dir, "preview.json"),
            "--config",
            file,
            "--json",
          ],
          { cwd: ROOT, encoding: "utf8" },
        );
      };
      const advisory = levels("advisory");
      expect(advisory.status, advisory.stderr).to.equal(0);
      const mandatory = levels("mandatory");
      expect(mandatory.status, mandatory.stderr).to.equal(1);
      const { violations } = JSON.parse(mandatory.stdout) as {
        violations: Array<{ level: string; ruleId: string }>;
      };
      expect(violations.map((violation) => `${violation.level} ${violation.ruleId}`)).to.deep.equal(
        ["mandatory TI-CONTRACT-001"],
      );
    });

    it("says where the settings disagree with the stack", () => {
      expect(
        settingsDisagreements(
          { accountId: "111111111111", tableName: PLATFORM.tableName },
          derivePlatformSettings(tenantStack(BASELINE_TENANTS)),
        ),
      ).to.deep.equal([
        'settings name account "111111111111"; the stack\'s ARNs name "123456789012"',
      ]);
    });
  });

  describe("findingFields", () => {
    it("splits a leak into rule id, kind, resource, statement, value, example request and fix, once per cause", async () => {
      const stack = addStatement(tenantStack(BASELINE_TENANTS), "acme", {
        Sid: "ReportScan",
        Effect: "Allow",
        Action: ["dynamodb:Scan", "dynamodb:Query"],
        Resource: `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`,
      });
      const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
      expect(violations).to.have.length(1);
      const { message: _message, ...fields } = findingFields(
        violations[0] as (typeof violations)[0],
      );
      expect(fields).to.deep.equal({
        policy: "tenant-data-leaks",
        level: "mandatory",
        urn: "urn:pulumi:dev::tenancy::tenancy:index:Tenant$aws:iam/rolePolicy:RolePolicy::acme-data-access",
        ruleId: "TI-LEAK-001",
        kind: "leak",
        resource: { type: "aws:iam/rolePolicy:RolePolicy", name: "acme-data-access" },
        statement: "policy statement 5 (Sid ReportScan)",
        value: `allows dynamodb:Query on arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data (and 8 more representative requests)`,
        exampleRequest: {
          action: "dynamodb:Query",
          resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data",
          context: {
            "aws:PrincipalTag/tenantId": ["acme"],
            "dynamodb:LeadingKeys": ["zz-other#r1"],
          },
          stands: `another tenant "zz-other"'s items`,
        },
        why: "dynamodb:LeadingKeys is the only thing that ties a table request to a tenant, so every key of every request must start with the tenant's <id># (ForAllValues) and keys must be present (ForAllValues also holds when they are absent)",
        fix: 'pin the keys with "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["acme#*"]} plus "Null": {"dynamodb:LeadingKeys": "false"}, and grant no action that works without keys (Scan, PartiQL without a key, streams, exports) on the shared table',
      });
    });

    it("shows a value for a condition key the pack does not model, so the example is a real request", async () => {
      const stack = addStatement(tenantStack(BASELINE_TENANTS), "acme", {
        Sid: "ListRoot",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: `arn:aws:s3:::${PLATFORM.bucketName}`,
        Condition: { StringEquals: { "s3:prefix": ["tenants/"], "s3:delimiter": "/" } },
      });
      const [violation] = await analyzeInProcess(stack, derivePlatformSettings(stack));
      expect(
        findingFields(violation as NonNullable<typeof violation>).exampleRequest,
      ).to.deep.equal({
        action: "s3:ListBucket",
        resource: `arn:aws:s3:::${PLATFORM.bucketName}`,
        context: {
          "aws:PrincipalTag/tenantId": ["acme"],
          "s3:prefix": ["tenants/"],
          "s3:delimiter": ["/"],
        },
        stands: "listing every tenant's keys",
      });
    });
  });
});
