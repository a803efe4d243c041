import { expect } from "chai";
import { CheckedResource } from "../../../check/checkedResource";
import { allow, document, TENANT_ROLES } from "../corpus";
import { addChild, withInputs } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";
import { Reported, violationsOf } from "./ruleViolations";

// TI-IAM-001..006 (iamChecks.ts) on platform and tenant documents: which statement each rule
// names, what it reports, and the safe shapes it must leave alone.

const baseline = tenantStack(BASELINE_TENANTS);
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** A platform inline policy on the workload role holding `statements`. */
const platformPolicy = (...statements: unknown[]): CheckedResource[] =>
  addChild(baseline, "dev", ROLE_POLICY, "dev-ops", {
    role: "dev-workload",
    policy: document(...statements),
  });

/** The one finding of `id`, on `resource`, whose line starts with `head` (location and value). */
async function single(
  resources: readonly CheckedResource[],
  id: string,
  resource: string,
): Promise<Reported> {
  const found = (await violationsOf(resources, id)).filter((item) => item.resource === resource);
  expect(found, `${id} on ${resource}`).to.have.length(1);
  return found[0]!;
}

const head = (id: string, type: string, name: string, location: string, value: string) =>
  `[${id}] ${type} "${name}", ${location}: ${value}. `;

describe("iamChecks: TI-IAM rules name the statement and the offending value", () => {
  describe("TI-IAM-002 Not-elements with Allow", () => {
    it("NotResource on a platform identity policy", async () => {
      const found = await single(
        platformPolicy({
          Sid: "AllButAudit",
          Effect: "Allow",
          Action: "s3:GetObject",
          NotResource: "arn:aws:s3:::audit/*",
        }),
        "TI-IAM-002",
        "dev-ops",
      );
      expect(found.policy).to.equal("iam-least-privilege");
      expect(found.level).to.equal("mandatory");
      expect(found.line).to.contain(
        head(
          "TI-IAM-002",
          ROLE_POLICY,
          "dev-ops",
          "policy statement 0 (Sid AllButAudit)",
          "Allow with NotResource",
        ),
      );
    });

    it("NotAction and NotResource together are both named", async () => {
      const found = await single(
        platformPolicy({
          Effect: "Allow",
          NotAction: "iam:*",
          NotResource: "arn:aws:s3:::audit/*",
        }),
        "TI-IAM-002",
        "dev-ops",
      );
      expect(found.line).to.contain(
        head(
          "TI-IAM-002",
          ROLE_POLICY,
          "dev-ops",
          "policy statement 0",
          "Allow with NotAction, NotResource",
        ),
      );
    });

    it("NotPrincipal on a platform bucket policy", async () => {
      const resources = addChild(baseline, "dev", BUCKET_POLICY, "dev-open", {
        bucket: "dev-other",
        policy: document({
          Sid: "EveryoneButIntern",
          Effect: "Allow",
          NotPrincipal: { AWS: "arn:aws:iam::123456789012:user/intern" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::dev-other/*",
        }),
      });
      const found = await single(resources, "TI-IAM-002", "dev-open");
      expect(found.line).to.contain(
        head(
          "TI-IAM-002",
          BUCKET_POLICY,
          "dev-open",
          "policy statement 0 (Sid EveryoneButIntern)",
          "Allow with NotPrincipal",
        ),
      );
    });

    it("NotPrincipal in a tenant role's trust policy (only its identity documents are exempt)", async () => {
      const resources = withInputs(baseline, "acme-role", (inputs) => ({
        ...inputs,
        assumeRolePolicy: document({
          Sid: "AllButIntern",
          Effect: "Allow",
          NotPrincipal: { AWS: "arn:aws:iam::123456789012:user/intern" },
          Action: "sts:AssumeRole",
        }),
      }));
      const found = await single(resources, "TI-IAM-002", "acme-role");
      expect(found.line).to.contain(
        head(
          "TI-IAM-002",
          "aws:iam/role:Role",
          "acme-role",
          "assumeRolePolicy statement 0 (Sid AllButIntern)",
          "Allow with NotPrincipal",
        ),
      );
    });
  });

  describe("TI-IAM-001 wildcard actions", () => {
    it("names the wildcard of a platform identity statement", async () => {
      const found = await single(
        platformPolicy(allow(["s3:GetObject", "dynamodb:*"], "*")),
        "TI-IAM-001",
        "dev-ops",
      );
      expect(found.line).to.contain(
        head(
          "TI-IAM-001",
          ROLE_POLICY,
          "dev-ops",
          "policy statement 0 (Sid Added)",
          'Action ["dynamodb:*"]',
        ),
      );
    });

    it("does not judge a trust policy's actions (sts:* to a service)", async () => {
      const resources = withInputs(baseline, "dev-workload", (inputs) => ({
        ...inputs,
        assumeRolePolicy: document({
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:*",
        }),
      }));
      expect(await violationsOf(resources, "TI-IAM-001")).to.deep.equal([]);
    });
  });

  describe("TI-IAM-003 privilege escalation on platform identity policies", () => {
    const JOBS = "arn:aws:iam::123456789012:role/dev-jobs";
    const escalation = async (...statements: unknown[]) =>
      (await single(platformPolicy(...statements), "TI-IAM-003", "dev-ops")).line;
    const expectEscalation = async (value: string, ...statements: unknown[]) =>
      expect(await escalation(...statements)).to.contain(
        head("TI-IAM-003", ROLE_POLICY, "dev-ops", "policy statement 0 (Sid Added)", value),
      );

    it("iam:PassRole on a wildcard and without iam:PassedToService: both reasons, the wildcard named", async () => {
      await expectEscalation(
        'iam:PassRole on ["arn:aws:iam::123456789012:role/dev-*"]; iam:PassRole without iam:PassedToService',
        allow("iam:PassRole", [JOBS, "arn:aws:iam::123456789012:role/dev-*"]),
      );
    });

    it("iam:PassRole pinned to one role but without iam:PassedToService", async () => {
      await expectEscalation(
        "iam:PassRole without iam:PassedToService",
        allow("iam:PassRole", JOBS),
      );
    });

    it("iam:* grants iam:PassRole (with the management actions)", async () => {
      const line = await escalation(allow("iam:*", JOBS));
      expect(line).to.contain(
        "iam:PassRole without iam:PassedToService; permission management iam:CreatePolicy, ",
      );
    });

    it("iam:PassRole pinned to one role for one service is not an escalation", async () => {
      const resources = platformPolicy(
        allow("iam:PassRole", JOBS, {
          Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
        }),
      );
      expect(await violationsOf(resources, "TI-IAM-003")).to.deep.equal([]);
    });

    it("permission management actions are listed", async () => {
      await expectEscalation(
        "permission management iam:PutRolePolicy, iam:AttachRolePolicy",
        allow(["iam:AttachRolePolicy", "iam:PutRolePolicy"], JOBS),
      );
    });

    it("sts:AssumeRole on a role outside the tenant role family", async () => {
      await expectEscalation(
        'sts:AssumeRole on ["arn:aws:iam::123456789012:role/admin"]',
        allow("sts:AssumeRole", ["arn:aws:iam::123456789012:role/admin", TENANT_ROLES]),
      );
    });

    it("sts:AssumeRole on tenant roles of any account (a wildcard before /tenants/)", async () => {
      await expectEscalation(
        'sts:AssumeRole on ["arn:aws:iam::*:role/tenants/dev-tenant-acme"]',
        allow("sts:AssumeRole", "arn:aws:iam::*:role/tenants/dev-tenant-acme"),
      );
    });

    it("sts:AssumeRole where only the account's last digits are a wildcard", async () => {
      await expectEscalation(
        'sts:AssumeRole on ["arn:aws:iam::12345678901?:role/tenants/dev-tenant-acme"]',
        allow("sts:AssumeRole", "arn:aws:iam::12345678901?:role/tenants/dev-tenant-acme"),
      );
    });

    it("sts:AssumeRole on a resource that starts with the family (no ARN before it)", async () => {
      await expectEscalation(
        'sts:AssumeRole on [":role/tenants/dev-tenant-acme"]',
        allow("sts:AssumeRole", ":role/tenants/dev-tenant-acme"),
      );
    });

    it("sts:AssumeRole on the tenant roles of this account is not an escalation", async () => {
      expect(
        await violationsOf(
          platformPolicy(allow(["sts:AssumeRole", "sts:TagSession"], TENANT_ROLES)),
          "TI-IAM-003",
        ),
      ).to.deep.equal([]);
    });

    it("a resource policy's actions are not judged as escalation (only identity documents)", async () => {
      const resources = addChild(baseline, "dev", BUCKET_POLICY, "dev-open", {
        bucket: "dev-other",
        policy: document({
          Sid: "Admins",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/admin" },
          Action: "*",
          Resource: "arn:aws:s3:::dev-other/*",
        }),
      });
      expect(
        (await violationsOf(resources, "TI-IAM-001")).map((item) => item.resource),
      ).to.deep.equal(["dev-open"]);
      expect(await violationsOf(resources, "TI-IAM-003")).to.deep.equal([]);
    });
  });

  describe("TI-IAM-005 and TI-IAM-006", () => {
    it("an unreadable platform document says why", async () => {
      const resources = addChild(baseline, "dev", ROLE_POLICY, "dev-ops", {
        role: "dev-workload",
        policy: "{not json",
      });
      const found = await single(resources, "TI-IAM-005", "dev-ops");
      expect(found.line).to.match(
        /^\[TI-IAM-005\] aws:iam\/rolePolicy:RolePolicy "dev-ops", policy: the document is unreadable: \S/,
      );
    });

    const withManaged = (arn: string) =>
      withInputs(baseline, "dev-workload", (inputs) => ({ ...inputs, managedPolicyArns: [arn] }));

    it("an AWS-managed policy on a platform role", async () => {
      const found = await single(
        withManaged("arn:aws:iam::aws:policy/AdministratorAccess"),
        "TI-IAM-006",
        "dev-workload",
      );
      expect(found.line).to.contain('"arn:aws:iam::aws:policy/AdministratorAccess"');
    });

    it("a customer policy whose path spells an AWS-managed ARN is not AWS-managed", async () => {
      const resources = withManaged(
        "arn:aws:iam::123456789012:policy/arn:aws:iam::aws:policy/AdministratorAccess",
      );
      expect(await violationsOf(resources, "TI-IAM-006")).to.deep.equal([]);
    });
  });
});
