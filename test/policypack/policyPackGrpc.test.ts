import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { analyzeResources } from "../../check/analyzeResources";
import { getAnalyzerInfo } from "../../check/analyzerProtocol";
import { RunningPolicyPack, startPolicyPack } from "../../check/policyPackProcess";
import { ruleIdOf, Violation } from "../../check/violation";
import { PlannedResource } from "../../plan/plannedResource";
import { UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import {
  addChild,
  addStatement,
  findResource,
  withDocument,
  withInputs,
  withPropertyDependencies,
  withStatement,
} from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// Drives the pack as the Pulumi CLI does: a child process serving the analyzer protocol,
// GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack. One child for the suite.

const ROOT = join(__dirname, "..", "..");
const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;
const TABLE = `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`;
const baseline = tenantStack(BASELINE_TENANTS);

const summary = (violations: readonly Violation[]) =>
  violations
    .map(
      (violation) =>
        `${violation.level} ${violation.policy} ${ruleIdOf(violation)} ${violation.urn.split("::").pop()}`,
    )
    .sort();

describe("policy pack over the analyzer protocol", function () {
  this.timeout(120_000);
  let pack: RunningPolicyPack;
  const analyze = (resources: PlannedResource[]) => analyzeResources(resources, { pack });

  before(async () => {
    pack = await startPolicyPack();
  });
  after(async () => {
    await pack?.stop();
  });

  it("announces the tenant-isolation pack with every policy mandatory but the advisory contract", async () => {
    const info = await getAnalyzerInfo(pack.client);
    expect(info.getName()).to.equal("tenant-isolation");
    expect(info.getSupportsconfig()).to.equal(true);
    expect(
      info.getPoliciesList().map((policy) => [policy.getName(), policy.getEnforcementlevel()]),
    ).to.deep.equal([
      ["tenant-data-leaks", 1],
      ["tenant-policy-contract", 0],
      ["iam-least-privilege", 1],
      ["tenant-role-trust", 1],
      ["cognito-tenant-attribute-read-only", 1],
      ["shared-data-tenant-scope", 1],
      ["iam-known-at-preview", 1],
      ["tenant-stack-isolation", 1],
    ]);
  });

  it("passes the baseline stack built by the real policy builders", async () => {
    expect(await analyze(baseline)).to.deep.equal([]);
  });

  describe("catches every mutant of the real builders", () => {
    const mutants: Array<[string, PlannedResource[], string[]]> = [
      [
        "widened S3 prefix",
        withStatement(baseline, "acme", "OwnObjectsOnly", (s) => ({
          ...s,
          Resource: `${BUCKET}/tenants/*`,
        })),
        ["mandatory tenant-data-leaks TI-LEAK-002 acme-data-access"],
      ],
      [
        "dropped LeadingKeys",
        withStatement(baseline, "acme", "OwnItemsOnly", ({ Condition: _c, ...s }) => s),
        ["mandatory tenant-data-leaks TI-LEAK-001 acme-data-access"],
      ],
      [
        "ForAnyValue",
        withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({
          ...s,
          Condition: { "ForAnyValue:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } },
        })),
        ["mandatory tenant-data-leaks TI-LEAK-001 acme-data-access"],
      ],
      [
        "added Scan",
        addStatement(baseline, "acme", {
          Sid: "ReadAll",
          Effect: "Allow",
          Action: "dynamodb:Scan",
          Resource: TABLE,
        }),
        ["mandatory tenant-data-leaks TI-LEAK-001 acme-data-access"],
      ],
      [
        "added NotResource",
        addStatement(baseline, "acme", {
          Sid: "Everything",
          Effect: "Allow",
          Action: "s3:GetObject",
          NotResource: `${BUCKET}/tenants/acme/*`,
        }),
        ["mandatory tenant-data-leaks TI-LEAK-002 acme-data-access"],
      ],
      [
        'Principal "*" in the tenant trust',
        withDocument(baseline, "acme-role", "assumeRolePolicy", (doc) => ({
          ...doc,
          Statement: doc.Statement.map((s) =>
            s.Sid === "WorkloadAssumesWithTenantTag" ? { ...s, Principal: "*" } : s,
          ),
        })),
        [
          "mandatory tenant-role-trust TI-TRUST-001 acme-role",
          "mandatory tenant-role-trust TI-TRUST-002 acme-role",
        ],
      ],
      [
        "app client writes custom:tenantId",
        withInputs(baseline, "dev-app", (inputs) => ({
          ...inputs,
          writeAttributes: [...inputs.writeAttributes, "custom:tenantId"],
        })),
        ["mandatory cognito-tenant-attribute-read-only TI-COG-001 dev-app"],
      ],
      [
        "tenant policy naming another tenant (stack rule)",
        withStatement(baseline, "acme", "OwnItemsOnly", (s) => ({
          ...s,
          Condition: {
            "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*", "globex#*"] },
          },
        })),
        [
          "mandatory tenant-data-leaks TI-LEAK-001 acme-data-access",
          "mandatory tenant-stack-isolation TI-STACK-001 acme-data-access",
        ],
      ],
    ];
    for (const [name, resources, expected] of mutants) {
      it(name, async () => {
        expect(summary(await analyze(resources))).to.deep.equal(expected);
      });
    }
  });

  it("fails closed on a tenant policy unknown at preview (mandatory, not the SDK's advisory)", async () => {
    const violations = await analyze(
      withInputs(baseline, "acme-data-access", (inputs) => ({
        ...inputs,
        policy: UNKNOWN_SENTINEL,
      })),
    );
    expect(violations).to.deep.equal([
      {
        policy: "iam-known-at-preview",
        level: "mandatory",
        urn: findResource(baseline, "acme-data-access").urn,
        message:
          "Checks whether IAM documents, trust policies and app-client write attributes are known at preview, so they can be judged before deployment.\n" +
          '[TI-UNK-001] aws:iam/rolePolicy:RolePolicy "acme-data-access", policy: unknown until deployment (computed from another resource\'s output). ' +
          "Why: an unknown document cannot be checked, so the pack fails closed instead of passing it. " +
          "Fix: build the document from names known before deployment (see components/policies/arns.ts), not from resource outputs.",
      },
    ]);
  });

  it("traces an unknown policyArn through the propertyDependencies AnalyzeStack carries", async () => {
    const withPolicy = addChild(baseline, "acme", "aws:iam/policy:Policy", "acme-extra", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "dynamodb:GetItem",
            Resource: TABLE,
            Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } },
          },
        ],
      }),
    });
    const attached = addChild(
      withPolicy,
      "-",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "globex-extra",
      { role: "dev-tenant-globex", policyArn: UNKNOWN_SENTINEL },
    );
    expect(summary(await analyze(attached))).to.deep.equal([
      "mandatory tenant-stack-isolation TI-UNK-001 globex-extra",
    ]);
    const traced = withPropertyDependencies(attached, "globex-extra", {
      policyArn: [findResource(withPolicy, "acme-extra").urn],
    });
    expect(summary(await analyze(traced))).to.deep.equal([
      "mandatory tenant-stack-isolation TI-LEAK-001 globex-extra",
    ]);
  });

  it("honours an exemption sent through Configure, and only until it expires", async () => {
    const scan = addStatement(baseline, "acme", {
      Sid: "Backfill",
      Effect: "Allow",
      Action: "dynamodb:Scan",
      Resource: TABLE,
    });
    const urn = findResource(baseline, "acme-data-access").urn;
    const exempt = (expires: string) =>
      analyzeResources(scan, {
        pack,
        config: { exemptions: [{ urn, rule: "TI-LEAK-001", reason: "backfill", expires }] },
      });
    const inThirtyDays = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(await exempt(inThirtyDays)).to.deep.equal([]);
    expect(summary(await exempt("2001-01-01"))).to.deep.equal([
      "mandatory tenant-data-leaks TI-LEAK-001 acme-data-access",
    ]);
  });

  describe("npm run check", () => {
    const check = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "check", "cli.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
      });

    it("reads `pulumi preview --json` and exits 1 on mandatory violations", () => {
      const run = check(
        "--preview",
        join(ROOT, "test/fixtures/policypack/preview-violations.json"),
        "--json",
      );
      expect(run.status, run.stderr).to.equal(1);
      const { violations } = JSON.parse(run.stdout) as { violations: Violation[] };
      expect(summary(violations)).to.deep.equal([
        "mandatory cognito-tenant-attribute-read-only TI-COG-001 dev-app",
        "mandatory tenant-data-leaks TI-LEAK-001 acme-data-access",
      ]);
    });

    it("checks a replaced resource once, and traces an attachment's policyArn from the preview", () => {
      const run = check(
        "--preview",
        join(ROOT, "test/fixtures/policypack/preview-replaced-attachment.json"),
        "--json",
      );
      expect(run.status, run.stderr).to.equal(1);
      const { violations } = JSON.parse(run.stdout) as { violations: Violation[] };
      expect(summary(violations)).to.deep.equal([
        "mandatory tenant-data-leaks TI-LEAK-001 acme-extra",
        "mandatory tenant-stack-isolation TI-LEAK-001 globex-extra",
      ]);
    });

    it("reads `pulumi stack export`, prints the preview-style report and exits 0 when clean", () => {
      const run = check("--state", join(ROOT, "test/fixtures/policypack/state-clean.json"));
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(
        "Policies:\n    ✅ tenant-isolation@v0.1.0 (local: policypack)\n",
      );
    });
  });
});
