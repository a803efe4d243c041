import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { planFor, tenant } from "../helpers/programUnderTest";
import { allow, Case, daysFromNow, document, runCases, TABLE } from "./corpus";
import { addChild, addStatement, findResource, withInputs } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// Missing settings make the pack stricter, never blind; exemptions are short-lived.

const baseline = tenantStack(BASELINE_TENANTS);
const noSettings = {};
const onlyPrefix = { namePrefix: PLATFORM.namePrefix };
const workloadIn = (account: string, name = "dev-workload") => ({
  AWS: `arn:aws:iam::${account}:role/${name}`,
});
const pinnedTrust = (principal: unknown) =>
  withInputs(baseline, "acme-role", (inputs) => ({
    ...inputs,
    assumeRolePolicy: document({
      Effect: "Allow",
      Principal: principal,
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: { StringEquals: { "aws:RequestTag/tenantId": "acme" } },
    }),
  }));

const scan = addStatement(baseline, "acme", allow("dynamodb:Scan", TABLE));
const acmePolicyUrn = findResource(baseline, "acme-data-access").urn;
const exempting = (expires: string, extra: Record<string, unknown> = {}) => ({
  ...derivePlatformSettings(baseline),
  ...extra,
  exemptions: [{ urn: acmePolicyUrn, rule: "TI-LEAK-001", reason: "backfill", expires }],
});

const cases: Case[] = [
  // Tenant trust without accountId / namePrefix
  {
    name: "no settings: tenant trusts dev-workload of another account",
    resources: pinnedTrust(workloadIn("999999999999")),
    settings: noSettings,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "only namePrefix: tenant trusts dev-workload of another account",
    resources: pinnedTrust(workloadIn("999999999999")),
    settings: onlyPrefix,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "no settings: tenant trusts another *-workload role of its own account",
    resources: pinnedTrust(workloadIn(PLATFORM.accountId, "evil-workload")),
    settings: noSettings,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "no settings: tenant trusts a workload role under another path",
    resources: pinnedTrust(workloadIn(PLATFORM.accountId, "x/dev-workload")),
    settings: noSettings,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "no settings: tenant role without a name cannot say who its workload role is",
    resources: withInputs(baseline, "acme-role", ({ name: _n, ...inputs }) => inputs),
    settings: noSettings,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "no settings: the stack's policies name two accounts",
    resources: addChild(baseline, "dev", "aws:iam/rolePolicy:RolePolicy", "dev-workload-logs2", {
      role: "dev-workload",
      policy: document(
        allow("logs:PutLogEvents", "arn:aws:logs:eu-west-1:999999999999:log-group:x:*"),
      ),
    }),
    settings: noSettings,
    rules: ["TI-TRUST-002"],
  },
  {
    name: "no settings: the stack's own workload role passes",
    resources: pinnedTrust(workloadIn(PLATFORM.accountId)),
    settings: noSettings,
    rules: [],
  },
  // Exemptions
  {
    name: "exemption expiring in 30 days applies",
    resources: scan,
    settings: exempting(daysFromNow(30)),
    rules: [],
  },
  {
    name: "exemption expiring in 91 days is rejected (default maxExemptionDays 90)",
    resources: scan,
    settings: exempting(daysFromNow(91)),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "exemption expiring in 9999 is rejected",
    resources: scan,
    settings: exempting("9999-12-31"),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "exemption with an extended-year ISO date is rejected",
    resources: scan,
    settings: exempting("+275760-09-13T00:00:00.000Z"),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "exemption with a date that does not exist is rejected",
    resources: scan,
    settings: exempting("2026-02-30"),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "exemption within a larger configured maxExemptionDays applies",
    resources: scan,
    settings: exempting(daysFromNow(120), { maxExemptionDays: 180 }),
    rules: [],
  },
  {
    name: "exemption for URN * does not apply to anything",
    resources: scan,
    settings: {
      ...derivePlatformSettings(baseline),
      exemptions: [{ urn: "*", rule: "TI-LEAK-001", reason: "x", expires: daysFromNow(30) }],
    },
    rules: ["TI-LEAK-001"],
  },
];

describe("settings and exemptions", () => {
  runCases(cases);

  it("the real program passes with no settings at all", async () => {
    const plan = await planFor([tenant("acme"), tenant("globex")]);
    const violations = await analyzeInProcess(plan.resources, {});
    expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
  });

  it("says why an exemption was rejected", async () => {
    const [violation] = await analyzeInProcess(scan, exempting("9999-12-31"));
    expect(violation?.message).to.match(
      /\(Exemption rejected: expires "9999-12-31", it is more than 90 days from now \(maxExemptionDays\): backfill\.\)$/,
    );
    const [notADate] = await analyzeInProcess(scan, exempting("soon"));
    expect(notADate?.message).to.match(
      /\(Exemption rejected: expires "soon", it is not a date \(YYYY-MM-DD\): backfill\.\)$/,
    );
  });

  it("says which account the workload role should be in", async () => {
    const violations = await analyzeInProcess(pinnedTrust(workloadIn("999999999999")), {});
    expect(violations.map((v) => v.message.split("\n")[1])).to.deep.equal([
      '[TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:arn:aws:iam::999999999999:role/dev-workload"] is not in account 123456789012, which the stack\'s own ARNs name (accountId is not configured). Why: any other principal could act as the tenant without the runtime\'s tenant checks. Fix: set accountId in the pack settings, or trust the workload role of the stack\'s account.',
    ]);
  });
});
