import { expect } from "chai";
import { UNKNOWN } from "../../../policypack/lib/knownValues";
import { parsePolicyDocument, Statement } from "../../../policypack/lib/policyDocument";
import { ResourceView, ROLE, ROLE_POLICY } from "../../../policypack/lib/resourceView";
import { PackSettings, readSettings } from "../../../policypack/lib/settings";
import {
  assumesTenantRoles,
  isWorkloadRoleName,
  workloadEvidence,
} from "../../../policypack/lib/workloadRoles";
import { SETTINGS } from "../checks/stackViews";
import { PLATFORM } from "../tenantStackFixture";

// Tenant roles trust the workload role, so any role that may sts:AssumeRole a tenant role is a
// workload role: by its name (<prefix>-workload) or by what its own inline policies let it do.

const NONE: PackSettings = readSettings({});
const ACCOUNT = PLATFORM.accountId;
const TENANT_ROLE = `arn:aws:iam::${ACCOUNT}:role/tenants/dev-tenant-acme`;
const TENANT_ROLES = `arn:aws:iam::${ACCOUNT}:role/tenants/*`;
const PLATFORM_ROLE = `arn:aws:iam::${ACCOUNT}:role/dev-app`;
const BUCKET = "arn:aws:s3:::dev-reports/*";

/** The one statement of a document holding `fields` (Effect Allow unless given). */
function statement(fields: Record<string, unknown>): Statement {
  const parsed = parsePolicyDocument({ Statement: [{ Effect: "Allow", ...fields }] });
  if (parsed.kind !== "document") throw new Error(parsed.reason);
  return parsed.document.statements[0] as Statement;
}

describe("workloadRoles", () => {
  describe("assumesTenantRoles", () => {
    const cases: [string, Record<string, unknown>, boolean][] = [
      [
        "sts:AssumeRole on one tenant role",
        { Action: "sts:AssumeRole", Resource: TENANT_ROLE },
        true,
      ],
      [
        "on every tenant role",
        { Action: ["sts:TagSession", "sts:AssumeRole"], Resource: TENANT_ROLES },
        true,
      ],
      ["on every resource", { Action: "sts:AssumeRole", Resource: "*" }, true],
      ["a wildcard action that covers it", { Action: "sts:Assume*", Resource: TENANT_ROLE }, true],
      // IAM compares action names case-insensitively.
      ["the action in another case", { Action: "STS:assumerole", Resource: TENANT_ROLE }, true],
      [
        "one of its resources is a tenant role",
        { Action: "sts:AssumeRole", Resource: [BUCKET, TENANT_ROLE] },
        true,
      ],
      [
        "a Deny never lets anyone assume anything",
        { Effect: "Deny", Action: "sts:AssumeRole", Resource: TENANT_ROLE },
        false,
      ],
      [
        "another action on tenant roles",
        { Action: "sts:TagSession", Resource: TENANT_ROLE },
        false,
      ],
      [
        "sts:AssumeRole only on platform roles",
        { Action: "sts:AssumeRole", Resource: [PLATFORM_ROLE, BUCKET] },
        false,
      ],
      // NotAction grants every action it does not list.
      [
        "NotAction that does not list it grants it",
        { NotAction: "s3:*", Resource: TENANT_ROLE },
        true,
      ],
      [
        "NotAction that lists it does not",
        { NotAction: "sts:AssumeRole", Resource: TENANT_ROLE },
        false,
      ],
      [
        "NotAction listing it by wildcard does not",
        { NotAction: "sts:*", Resource: TENANT_ROLES },
        false,
      ],
      // NotResource reaches everything it does not list: a resource other than tenant roles.
      [
        "NotResource on something else reaches tenant roles",
        { Action: "sts:AssumeRole", NotResource: BUCKET },
        true,
      ],
      ["NotAction with NotResource", { NotAction: "s3:GetObject", NotResource: BUCKET }, true],
    ];
    for (const [reason, fields, expected] of cases)
      it(`${reason}: ${expected}`, () =>
        expect(assumesTenantRoles(statement(fields), SETTINGS)).to.equal(expected));

    it("without settings, any role on the tenant role path is a tenant role", () => {
      const other = "arn:aws:iam::999999999999:role/tenants/prod-tenant-x";
      expect(
        assumesTenantRoles(statement({ Action: "sts:AssumeRole", Resource: other }), NONE),
      ).to.equal(true);
      expect(
        assumesTenantRoles(statement({ Action: "sts:AssumeRole", Resource: PLATFORM_ROLE }), NONE),
      ).to.equal(false);
    });
  });

  describe("isWorkloadRoleName", () => {
    const cases: [string, PackSettings, boolean, string][] = [
      ["dev-workload", SETTINGS, true, "the configured prefix's workload role"],
      ["prod-workload", SETTINGS, false, "another stack's workload role"],
      ["dev-workload-2", SETTINGS, false, "only the exact name"],
      ["xdev-workload", SETTINGS, false, "only the exact name, not a suffix"],
      ["dev-workload", NONE, true, "without a prefix: any name ending in -workload"],
      ["prod-workload", NONE, true, "without a prefix: any name ending in -workload"],
      ["-workload", NONE, true, "the suffix itself"],
      ["workload-dev", NONE, false, "starting with workload is not ending with -workload"],
      ["dev-workload-2", NONE, false, "-workload must end the name"],
      ["devworkload", NONE, false, "the hyphen is part of the suffix"],
    ];
    for (const [name, settings, expected, reason] of cases)
      it(`${name} (${settings === NONE ? "no prefix" : "prefix dev"}): ${expected}, ${reason}`, () =>
        expect(isWorkloadRoleName(name, settings)).to.equal(expected));
  });

  describe("workloadEvidence", () => {
    const role = (props: Record<string, unknown>, type = ROLE): ResourceView => ({
      type,
      urn: `urn:pulumi:dev::tenancy::${type}::r`,
      name: "r",
      props,
    });
    const document = (...statements: Record<string, unknown>[]) =>
      JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const READ_BUCKET = { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: BUCKET };
    const BECOME = {
      Sid: "Become",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: TENANT_ROLES,
    };

    it("the workload role by its name", () => {
      expect(workloadEvidence(role({ name: "dev-workload" }), SETTINGS)).to.equal(
        'it is the workload role "dev-workload"',
      );
      expect(workloadEvidence(role({ name: "prod-workload" }), NONE)).to.equal(
        'it is the workload role "prod-workload"',
      );
    });

    it("a role named otherwise, or whose name is unknown or absent, is not one by name", () => {
      for (const settings of [SETTINGS, NONE]) {
        expect(workloadEvidence(role({ name: "dev-app" }), settings)).to.equal(undefined);
        expect(workloadEvidence(role({ name: UNKNOWN }), settings)).to.equal(undefined);
        expect(workloadEvidence(role({}), settings)).to.equal(undefined);
      }
      expect(workloadEvidence(role({ name: "prod-workload" }), SETTINGS)).to.equal(undefined);
    });

    it("a role whose inline policy may assume tenant roles: the first such statement", () => {
      const props = {
        name: "dev-app",
        inlinePolicies: [
          { name: "read", policy: document(READ_BUCKET) },
          { name: "become", policy: document(READ_BUCKET, BECOME, { ...BECOME, Sid: "Again" }) },
        ],
      };
      expect(workloadEvidence(role(props), SETTINGS)).to.equal(
        "its inlinePolicies[1] (become) statement 1 (Sid Become) lets it assume tenant roles",
      );
    });

    it("its name is the evidence when both apply", () => {
      const props = {
        name: "dev-workload",
        inlinePolicies: [{ name: "b", policy: document(BECOME) }],
      };
      expect(workloadEvidence(role(props), SETTINGS)).to.equal(
        'it is the workload role "dev-workload"',
      );
    });

    it("its trust policy is not what it may do", () => {
      const trust = document({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Resource: "*",
      });
      expect(
        workloadEvidence(role({ name: "dev-app", assumeRolePolicy: trust }), SETTINGS),
      ).to.equal(undefined);
    });

    it("inline policies that do not let it assume tenant roles", () => {
      const props = {
        name: "dev-app",
        inlinePolicies: [
          { name: "read", policy: document(READ_BUCKET) },
          { name: "deny", policy: document({ ...BECOME, Effect: "Deny" }) },
        ],
      };
      expect(workloadEvidence(role(props), SETTINGS)).to.equal(undefined);
    });

    it("only a Role: a RolePolicy granting it or named like the workload role is not one itself", () => {
      const props = { name: "dev-workload", role: "dev-app", policy: document(BECOME) };
      expect(workloadEvidence(role(props, ROLE_POLICY), SETTINGS)).to.equal(undefined);
      expect(workloadEvidence(role({ name: "dev-workload" }, "aws:iam/user:User"), NONE)).to.equal(
        undefined,
      );
    });
  });
});
