import { expect } from "chai";
import { analyzeInProcess } from "../../../check/analyzeInProcess";
import { CheckedResource } from "../../../check/checkedResource";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { allow, BUCKET, document } from "../corpus";
import { addChild, addStatement, withDocument } from "../stackMutations";
import { BASELINE_TENANTS, tenantStack } from "../tenantStackFixture";
import { Reported, violationsOf } from "./ruleViolations";

// TI-CONTRACT-002..004 (contractChecks.ts) on a tenant's identity documents: the statement and
// the variable or action each names, and the forms they must leave alone.

const baseline = tenantStack(BASELINE_TENANTS);
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ACME = "acme-data-access";

/** acme's policy with one more statement (Sid Added), as the last one. */
const withAdded = (statement: Record<string, unknown>) => addStatement(baseline, "acme", statement);
const addedIndex = (
  JSON.parse(baseline.find((item) => item.name === ACME)!.inputs.policy as string) as {
    Statement: unknown[];
  }
).Statement.length;
const lineHead = (id: string, value: string) =>
  `[${id}] ${ROLE_POLICY} "${ACME}", policy statement ${addedIndex} (Sid Added): ${value}. `;

async function single(resources: readonly CheckedResource[], id: string): Promise<Reported> {
  const found = await violationsOf(resources, id);
  expect(
    found.map((item) => item.resource),
    id,
  ).to.deep.equal([ACME]);
  expect(found[0]!.policy).to.equal("tenant-policy-contract");
  expect(found[0]!.level).to.equal("advisory");
  return found[0]!;
}

const ownPrefix = (suffix: string) => allow("s3:GetObject", `${BUCKET}/tenants/acme/${suffix}`);

describe("contractChecks: TI-CONTRACT rules on a tenant's identity documents", () => {
  describe("TI-CONTRACT-002 variables under another Version", () => {
    it("names the variables and says the Version is missing", async () => {
      const resources = withDocument(
        withAdded(ownPrefix("${aws:PrincipalTag/tenantId}/*")),
        ACME,
        "policy",
        (doc) => ({ Statement: doc.Statement }),
      );
      const found = await single(resources, "TI-CONTRACT-002");
      expect(found.line).to.contain(
        lineHead(
          "TI-CONTRACT-002",
          '["${aws:PrincipalTag/tenantId}"] under Version "(none)" is literal text',
        ),
      );
    });

    it("a document without variables needs no Version", async () => {
      const resources = withDocument(withAdded(ownPrefix("*")), ACME, "policy", (doc) => ({
        Statement: doc.Statement,
      }));
      expect(await violationsOf(resources, "TI-CONTRACT-002")).to.deep.equal([]);
    });
  });

  describe("TI-CONTRACT-003 variables a tenant session has no value for", () => {
    it("names ${aws:username}", async () => {
      const found = await single(withAdded(ownPrefix("${aws:username}/*")), "TI-CONTRACT-003");
      expect(found.line).to.contain(
        lineHead("TI-CONTRACT-003", '["${aws:username}"] has no value in a tenant role session'),
      );
    });

    it("the variables STS and the request set on every role session have values", async () => {
      const statement = {
        ...ownPrefix("${aws:PrincipalTag/tenantId}/*"),
        Condition: {
          StringLike: {
            "s3:ExistingObjectTag/owner": [
              "${aws:userid}",
              "${aws:PrincipalAccount}",
              "${aws:PrincipalArn}",
              "${aws:SourceIdentity}",
              "${aws:RequestedRegion}",
            ],
          },
        },
      };
      expect(await violationsOf(withAdded(statement), "TI-CONTRACT-003")).to.deep.equal([]);
    });

    it("the special characters ${*} ${?} ${$} have values", async () => {
      expect(
        await violationsOf(withAdded(ownPrefix("${*}${?}${$}")), "TI-CONTRACT-003"),
      ).to.deep.equal([]);
    });

    it("a variable that only ends like a special character is named", async () => {
      const found = await single(withAdded(ownPrefix("${a${*}")), "TI-CONTRACT-003");
      expect(found.line).to.contain('["${a${*}"] has no value');
    });

    it("a session variable with a default value and spaces has a value", async () => {
      expect(
        await violationsOf(
          withAdded(ownPrefix("${ aws:PrincipalTag/tenantId , 'none'}/*")),
          "TI-CONTRACT-003",
        ),
      ).to.deep.equal([]);
    });
  });

  describe("TI-CONTRACT-004 actions the reference does not list", () => {
    it("names the misspelt action of a tenant statement", async () => {
      const found = await single(
        withAdded(allow(["s3:GetObject", "s3:GetObjekt", "s3:Get*"], `${BUCKET}/tenants/acme/*`)),
        "TI-CONTRACT-004",
      );
      expect(found.line).to.contain(
        lineHead("TI-CONTRACT-004", 'Action ["s3:GetObjekt"] is not in the reference'),
      );
    });

    it("platform documents are not held to the tenant contract", async () => {
      const resources = addChild(baseline, "dev", ROLE_POLICY, "dev-ops", {
        role: "dev-workload",
        policy: document(allow("s3:GetObjekt", `${BUCKET}/reports/\${aws:username}/*`)),
      });
      const found = (await analyzeInProcess(resources, derivePlatformSettings(resources))).filter(
        (violation) =>
          violation.urn.endsWith("::dev-ops") && violation.policy === "tenant-policy-contract",
      );
      expect(found).to.deep.equal([]);
    });
  });
});
