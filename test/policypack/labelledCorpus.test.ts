import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { simulate } from "../../proofs/simulate";
import { BASE_POLICIES, LabelledPolicy } from "./labelled/policies";
import { ATTACKS, LabelRequest, OWN, PRINCIPAL } from "./labelled/requests";
import { withVariants } from "./labelled/variants";
import { findResource, withDocument } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// A labelled corpus of tenant acme's role policies. Every label is checked by the IAM simulator the
// proofs use (a leak: its evidence attack is allowed; safe: every attack is denied and its own
// requests are allowed); then the pack must flag every leak (recall 100%) and at most 1 in 20 safe
// policies as a leak.

const CORPUS = withVariants(BASE_POLICIES);
const baseline = tenantStack(BASELINE_TENANTS);
const policyUrn = findResource(baseline, "acme-data-access").urn;

const allowed = async (policy: LabelledPolicy["policy"], request: LabelRequest) =>
  (
    await simulate(
      { principal: PRINCIPAL, ...request },
      { identity: { label: "identity", policy } },
      PLATFORM.accountId,
    )
  ).outcome === "allowed";

async function packRules(entry: LabelledPolicy): Promise<string[]> {
  const stack = withDocument(baseline, "acme-data-access", "policy", () => entry.policy);
  const violations = await analyzeInProcess(stack, derivePlatformSettings(stack));
  return violations
    .filter((violation) => violation.urn === policyUrn && violation.level === "mandatory")
    .map((violation) => ruleIdOf(violation) ?? violation.message);
}

describe("labelled corpus of tenant role policies", function () {
  this.timeout(300_000);

  it("holds at least 150 policies, leaky and safe", () => {
    expect(CORPUS.length).to.be.at.least(150);
    expect(CORPUS.filter((entry) => entry.label === "safe").length).to.be.at.least(60);
    expect(CORPUS.filter((entry) => entry.label === "leak").length).to.be.at.least(60);
  });

  describe("labels agree with the IAM simulator", () => {
    for (const entry of CORPUS) {
      it(`${entry.label}: ${entry.name}`, async () => {
        if (entry.label === "leak") {
          const evidence = entry.evidence as keyof typeof ATTACKS;
          expect(await allowed(entry.policy, ATTACKS[evidence]), evidence).to.equal(true);
          return;
        }
        const open: string[] = [];
        for (const [name, request] of Object.entries(ATTACKS))
          if (await allowed(entry.policy, request)) open.push(name);
        expect(open, "attacks the simulator allows").to.deep.equal([]);
        const broken: string[] = [];
        for (const name of entry.works ?? [])
          if (!(await allowed(entry.policy, OWN[name]))) broken.push(name);
        expect(broken, "own requests the simulator denies").to.deep.equal([]);
      });
    }
  });

  describe("the pack against the labels", () => {
    const verdicts = new Map<LabelledPolicy, string[]>();
    before(async () => {
      for (const entry of CORPUS) verdicts.set(entry, await packRules(entry));
    });
    const leakFound = (entry: LabelledPolicy) =>
      (verdicts.get(entry) ?? []).some((rule) => rule.startsWith("TI-LEAK-"));

    it("flags every leaky policy as a leak (recall 100%)", () => {
      const missed = CORPUS.filter((entry) => entry.label === "leak" && !leakFound(entry));
      expect(missed.map((entry) => entry.name)).to.deep.equal([]);
    });

    it("flags at most 1 in 20 safe policies as a leak", () => {
      const safe = CORPUS.filter((entry) => entry.label === "safe");
      const flagged = safe.filter(leakFound);
      console.error(
        `      labelled corpus: ${CORPUS.length} policies; safe flagged as a leak ${flagged.length}/${safe.length}: ${flagged.map((entry) => entry.name).join("; ") || "none"}`,
      );
      expect(flagged.length * 20).to.be.at.most(safe.length);
    });
  });
});

describe("issue 9: what the shape-based pack flagged that is safe, and what is outside the contract", () => {
  const byName = (name: string) => {
    const entry = BASE_POLICIES.find((candidate) => candidate.name === name);
    if (entry === undefined) throw new Error(`no labelled policy ${name}`);
    return entry;
  };
  const verdict = async (policy: LabelledPolicy["policy"]) => {
    const stack = withDocument(baseline, "acme-data-access", "policy", () => policy);
    return (await analyzeInProcess(stack, derivePlatformSettings(stack)))
      .filter((violation) => violation.urn === policyUrn)
      .map((violation) => `${violation.level} ${ruleIdOf(violation)}`);
  };
  const classes: Record<string, string[]> = {
    "action wildcards whose every expansion is scoped": [
      "item actions as dynamodb:*Item with the keys pinned",
      "s3:*Object on the tenant's prefix",
    ],
    "Deny fences and NotAction scoped to the own objects": [
      "Scan allowed, then denied",
      "PartiQL with keys, full table scans denied (dynamodb:FullTableScan)",
      "keyless requests denied by Null",
      "objects everywhere, Deny NotResource around the prefix",
      "profiles everywhere, Deny NotResource around the own profile",
      "NotAction Allow on the own objects only",
      "own objects plus a Deny naming a neighbour's prefix",
    ],
    "ABAC forms bound to the session tag, tag keys in any case": [
      "ABAC keys by session tag",
      "ABAC objects by session tag",
      "ABAC keys with the tag key in another case",
    ],
    "an exact literal partition key": ["exact literal partition key"],
    "the own inference profile by its exact ARN": ["own profile by exact ARN"],
    "read-only account-level actions": ["s3:ListAllMyBuckets and dynamodb:ListTables"],
  };
  for (const [name, entries] of Object.entries(classes)) {
    it(`passes ${name}`, async () => {
      for (const entry of entries)
        expect(await verdict(byName(entry).policy), entry).to.deep.equal([]);
    });
  }

  const contract: Array<[string, LabelledPolicy["policy"], string]> = [
    [
      "a direct foundation-model call",
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "bedrock:InvokeModel",
            Resource: "arn:aws:bedrock:eu-west-1::foundation-model/*",
          },
        ],
      },
      "TI-CONTRACT-001",
    ],
    [
      "variables under Version 2008-10-17",
      {
        Version: "2008-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${PLATFORM.bucketName}/tenants/\${aws:PrincipalTag/tenantId}/*`,
          },
        ],
      },
      "TI-CONTRACT-002",
    ],
    [
      "${aws:username} on a role",
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${PLATFORM.bucketName}/tenants/\${aws:username}/*`,
          },
        ],
      },
      "TI-CONTRACT-003",
    ],
    [
      "an action the reference does not list",
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObjectz",
            Resource: `arn:aws:s3:::${PLATFORM.bucketName}/tenants/acme/*`,
          },
        ],
      },
      "TI-CONTRACT-004",
    ],
  ];
  for (const [name, policy, rule] of contract) {
    it(`reports ${name} as outside the contract (advisory), not as a leak`, async () => {
      expect(await verdict(policy)).to.deep.equal([`advisory ${rule}`]);
    });
  }
});
