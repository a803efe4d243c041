import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TENANT_ID_PATTERN } from "@tenancy/runtime/naming";
import schema from "../../tenants.schema.json";
import knownModelIds from "../../components/bedrockModelIds.json";
import {
  loadTenantsFile,
  parseTenantsFile,
  TenantsFileError,
  TenantsFileIssue,
  TenantSpec,
} from "../../components";
import crossRegionData from "../../components/bedrockCrossRegionProfiles.json";

const OPTIONS = { namePrefix: "dev", source: "tenants.json" };

function validTenant(overrides: Record<string, unknown> = {}) {
  return {
    id: "acme",
    displayName: "Acme",
    status: "active",
    admins: ["ops@acme.example"],
    bedrock: { models: ["anthropic.claude-3-haiku-20240307-v1:0"] },
    ...overrides,
  };
}

function issuesOf(text: string): TenantsFileIssue[] {
  try {
    parseTenantsFile(text, OPTIONS);
  } catch (error) {
    expect(error).to.be.instanceOf(TenantsFileError);
    expect((error as TenantsFileError).code).to.equal("ERR_INVALID_TENANTS_FILE");
    return [...(error as TenantsFileError).issues];
  }
  throw new Error("expected the tenants file to be rejected");
}

function issuesOfTenants(...tenants: unknown[]): Array<Pick<TenantsFileIssue, "path" | "code">> {
  return issuesOf(JSON.stringify({ tenants }, null, 2)).map(({ path, code }) => ({ path, code }));
}

describe("tenants file", () => {
  describe("loadTenantsFile", () => {
    it("reports a file it cannot read as a tenants file problem", () => {
      expect(() => loadTenantsFile("/nonexistent/tenants.json", OPTIONS))
        .to.throw(TenantsFileError)
        .with.deep.property("issues", [
          {
            path: "",
            code: "ERR_FILE_UNREADABLE",
            message: "the file cannot be read (ENOENT).",
            fix: "check the path (tenancy:tenantsFile or --tenants) and that the file is readable.",
          },
        ]);
    });
  });

  describe("parseTenantsFile", () => {
    it("reads the example tenants.json into specs with models defaulted", () => {
      const specs = parseTenantsFile(
        readFileSync(join(__dirname, "../../tenants.json"), "utf8"),
        OPTIONS,
      );
      expect(
        specs.map((s) => [s.id, s.status, s.isolation, s.admins.length, s.models.length]),
      ).to.deep.equal([
        ["acme", "active", "dedicated", 2, 2],
        ["globex-eu", "active", "dedicated", 1, 1],
        ["initech", "suspended", "dedicated", 1, 0],
        ["wonka", "active", "pooled", 1, 1],
      ]);
    });

    it("treats a missing bedrock block as no models", () => {
      const { bedrock: _bedrock, ...withoutBedrock } = validTenant();
      const [spec] = parseTenantsFile(JSON.stringify({ tenants: [withoutBedrock] }), OPTIONS);
      expect(spec.models).to.deep.equal([]);
    });

    it("reports an empty file", () => {
      expect(issuesOf("  \n")).to.deep.equal([
        {
          path: "",
          code: "ERR_EMPTY_FILE",
          message: "the file is empty.",
          fix: 'start from { "$schema": "./tenants.schema.json", "tenants": [] } and add one entry per tenant.',
        },
      ]);
    });

    it("reports invalid JSON with its line and column", () => {
      const [issue] = issuesOf('{\n  "tenants": [\n    { "id": "acme", }\n  ]\n}');
      expect(issue).to.deep.include({ code: "ERR_INVALID_JSON", line: 3, column: 21 });
      expect(issue.message).to.equal("invalid JSON: property name expected.");
    });

    it("reports unknown fields with the allowed ones", () => {
      const [issue] = issuesOf(
        JSON.stringify({ tenants: [validTenant({ displayname: "x" })] }, null, 2),
      );
      expect(issue).to.deep.include({
        path: "/tenants/0/displayname",
        code: "ERR_UNKNOWN_FIELD",
        line: 15,
        column: 22,
      });
      expect(issue.message).to.equal('unknown field "displayname".');
      expect(issue.fix).to.equal(
        "remove it or correct its spelling; allowed here: id, displayName, status, isolation, admins, bedrock.",
      );
    });

    it("reports missing fields at the object that lacks them", () => {
      const { status: _status, ...noStatus } = validTenant();
      expect(issuesOfTenants(noStatus)).to.deep.equal([
        { path: "/tenants/0/status", code: "ERR_MISSING_FIELD" },
      ]);
      expect(issuesOf("{}").map((i) => i.path)).to.deep.equal(["/tenants"]);
    });

    const badIds: Array<[string, string]> = [
      ["acme#1", 'contains "#", which would let it match other tenants\' keys or ARNs'],
      ["acme/eu", 'contains "/", which would let it match other tenants\' keys or ARNs'],
      ["acme*", 'contains "*", which would let it match other tenants\' keys or ARNs'],
      ["ac?me", 'contains "?", which would let it match other tenants\' keys or ARNs'],
      ["Acme", "contains upper-case letters"],
      ["-acme", "starts or ends with a hyphen"],
      ["acme-", "starts or ends with a hyphen"],
      ["ac--me", "contains consecutive hyphens"],
      ["ac_me", 'contains "_"'],
      ["", "is empty"],
    ];
    for (const [id, problem] of badIds) {
      it(`rejects tenant id ${JSON.stringify(id)} and says why`, () => {
        const [issue, ...rest] = issuesOf(JSON.stringify({ tenants: [validTenant({ id })] }));
        expect(rest).to.deep.equal([]);
        expect(issue).to.deep.include({ path: "/tenants/0/id", code: "ERR_INVALID_TENANT_ID" });
        expect(issue.message).to.equal(`tenant id ${JSON.stringify(id)} ${problem}.`);
      });
    }

    it("rejects reserved ids", () => {
      expect(issuesOfTenants(validTenant({ id: "admin" }))).to.deep.equal([
        { path: "/tenants/0/id", code: "ERR_RESERVED_TENANT_ID" },
      ]);
    });

    it("rejects ids whose prefixed role name would exceed 64 characters", () => {
      // "dev-tenant-" leaves 53 characters for the id.
      const [longest] = parseTenantsFile(
        JSON.stringify({ tenants: [validTenant({ id: "a".repeat(53) })] }),
        OPTIONS,
      );
      expect(longest.id).to.have.length(53);
      const [issue] = issuesOf(JSON.stringify({ tenants: [validTenant({ id: "a".repeat(54) })] }));
      expect(issue).to.deep.include({ path: "/tenants/0/id", code: "ERR_TENANT_ID_TOO_LONG" });
      expect(issue.message).to.equal(
        `tenant id "${"a".repeat(54)}" has 54 characters; with name prefix "dev" the IAM role name allows at most 53.`,
      );
    });

    it("rejects duplicate ids, pointing at the first one", () => {
      const [issue] = issuesOf(
        JSON.stringify({ tenants: [validTenant(), validTenant({ admins: ["b@acme.example"] })] }),
      );
      expect(issue).to.deep.include({ path: "/tenants/1/id", code: "ERR_DUPLICATE_TENANT_ID" });
      expect(issue.message).to.equal('tenant id "acme" is already used at /tenants/0/id.');
    });

    it("rejects invalid emails", () => {
      expect(
        issuesOfTenants(validTenant({ admins: ["ops@acme.example", "not-an-email"] })),
      ).to.deep.equal([{ path: "/tenants/0/admins/1", code: "ERR_INVALID_EMAIL" }]);
    });

    it("rejects an email with '/', which would break the provider's <pool>/<username> user id", () => {
      // ajv's email format accepts "/" in the local part.
      const issues = issuesOf(
        JSON.stringify({ tenants: [validTenant({ admins: ["ops/eu@acme.example"] })] }),
      );
      expect(issues.map(({ path, code }) => ({ path, code }))).to.deep.equal([
        { path: "/tenants/0/admins/0", code: "ERR_INVALID_EMAIL" },
      ]);
      expect(issues[0].message).to.contain("<pool>/<username>");
    });

    it("rejects model ids that would break the inference profile's description pattern", () => {
      const issues = issuesOf(
        JSON.stringify({
          tenants: [
            validTenant({
              bedrock: {
                models: ["anthropic.claude--3:0", "-anthropic.claude:0", "anthropic.claude-"],
              },
            }),
          ],
        }),
      );
      expect(issues.map(({ path, code }) => ({ path, code }))).to.deep.equal([
        { path: "/tenants/0/bedrock/models/0", code: "ERR_INVALID_MODEL_ID" },
        { path: "/tenants/0/bedrock/models/1", code: "ERR_INVALID_MODEL_ID" },
        { path: "/tenants/0/bedrock/models/2", code: "ERR_INVALID_MODEL_ID" },
      ]);
      expect(issues[0].message).to.equal(
        "model \"anthropic.claude--3:0\" starts or ends with \"-\" or holds \"--\", so the inference profile's description \"Bedrock anthropic.claude--3:0 for tenant acme\" breaks Bedrock's rule (letters, digits, ':' and '.', separated by single spaces, '_' or '-').",
      );
    });

    it("rejects an admin listed twice, ignoring case, even across tenants", () => {
      expect(
        issuesOfTenants(
          validTenant({ admins: ["ops@acme.example", "OPS@acme.example"] }),
          validTenant({ id: "globex", admins: ["ops@ACME.example"] }),
        ),
      ).to.deep.equal([
        { path: "/tenants/0/admins/1", code: "ERR_DUPLICATE_ADMIN" },
        { path: "/tenants/1/admins/0", code: "ERR_DUPLICATE_ADMIN" },
      ]);
    });

    it("rejects malformed model ids", () => {
      expect(issuesOfTenants(validTenant({ bedrock: { models: ["claude"] } }))).to.deep.equal([
        { path: "/tenants/0/bedrock/models/0", code: "ERR_INVALID_MODEL_ID" },
      ]);
    });

    describe("cross-Region inference profile ids", () => {
      const PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
      const withModels = (models: string[], region?: string) => {
        const text = JSON.stringify({ tenants: [validTenant({ bedrock: { models } })] });
        try {
          return parseTenantsFile(text, { ...OPTIONS, region });
        } catch (error) {
          expect(error).to.be.instanceOf(TenantsFileError);
          return (error as TenantsFileError).issues.map(({ path, code, message, fix }) => ({
            path,
            code,
            message,
            fix,
          }));
        }
      };

      it("accepts a known geographic profile whose destinations from the stack's Region are recorded", () => {
        const [spec] = withModels([PROFILE], "us-east-2") as TenantSpec[];
        expect(spec?.models).to.deep.equal([PROFILE]);
      });

      it("refuses one whose destinations from the stack's Region are not recorded, naming the command that finds them", () => {
        expect(withModels([PROFILE], "eu-west-1")).to.deep.equal([
          {
            path: "/tenants/0/bedrock/models/0",
            code: "ERR_UNKNOWN_CROSS_REGION_ROUTE",
            message: `the Regions "${PROFILE}" routes to when called from eu-west-1 are not recorded in components/bedrockCrossRegionProfiles.json (checked ${crossRegionData.checked}; it records calls from us-east-2, us-west-2), and the tenant role must allow the model in each of them.`,
            fix: `run aws bedrock get-inference-profile --region eu-west-1 --inference-profile-identifier ${PROFILE}, and add the Region of every models[].modelArn under profiles."${PROFILE}"."eu-west-1" of that file; or use the foundation model id "anthropic.claude-3-haiku-20240307-v1:0".`,
          },
        ]);
      });

      it("refuses a global profile, which routes to every commercial Region", () => {
        expect(
          withModels(["global.anthropic.claude-3-haiku-20240307-v1:0"], "us-east-2"),
        ).to.deep.equal([
          {
            path: "/tenants/0/bedrock/models/0",
            code: "ERR_INVALID_MODEL_ID",
            message:
              '"global.anthropic.claude-3-haiku-20240307-v1:0" is a global cross-Region inference profile: it routes to every commercial AWS Region, which no list of Regions in the tenant\'s policy can pin.',
            fix: 'use a geographic profile (us., eu., apac., jp., au. ...) or the foundation model id "anthropic.claude-3-haiku-20240307-v1:0".',
          },
        ]);
      });

      it("refuses an unknown profile id unless unlistedModels names it", () => {
        expect(withModels(["eu.anthropic.claude-9-v1:0"], "us-east-2")).to.deep.equal([
          {
            path: "/tenants/0/bedrock/models/0",
            code: "ERR_UNKNOWN_MODEL",
            message: `"eu.anthropic.claude-9-v1:0" is not in the list of known cross-Region inference profile ids (components/bedrockModelIds.json, checked ${knownModelIds.checked}).`,
            fix: 'correct the id, or, if it is a profile released since, add it to the top-level "unlistedModels" list of this file and its destination Regions to components/bedrockCrossRegionProfiles.json.',
          },
        ]);
      });
    });

    it("rejects a model id that is not known, naming the closest known id", () => {
      const issues = issuesOf(
        JSON.stringify({
          tenants: [
            validTenant({
              bedrock: {
                models: ["anthropic.claude-3-haiku-20240307-v1:1", "amazon.titan-text-express-v1"],
              },
            }),
          ],
        }),
      );
      expect(
        issues.map(({ path, code, message, fix }) => ({ path, code, message, fix })),
      ).to.deep.equal([
        {
          path: "/tenants/0/bedrock/models/0",
          code: "ERR_UNKNOWN_MODEL",
          message: `model "anthropic.claude-3-haiku-20240307-v1:1" is not in the list of known Bedrock foundation model ids (components/bedrockModelIds.json, checked ${knownModelIds.checked}); the closest known id is "anthropic.claude-3-haiku-20240307-v1:0".`,
          fix: 'correct the id, e.g. "anthropic.claude-3-haiku-20240307-v1:0"; if "anthropic.claude-3-haiku-20240307-v1:1" is a model released since, add it to the top-level "unlistedModels" list of this file.',
        },
      ]);
    });

    it("accepts an unknown model id the file lists in unlistedModels", () => {
      const [spec] = parseTenantsFile(
        JSON.stringify({
          unlistedModels: ["vendor.model-released-later-v1:0"],
          tenants: [validTenant({ bedrock: { models: ["vendor.model-released-later-v1:0"] } })],
        }),
        OPTIONS,
      );
      expect(spec.models).to.deep.equal(["vendor.model-released-later-v1:0"]);
    });

    it("reports an unknown model once, at its first entry, when it is also listed twice", () => {
      const models = ["vendor.typo-v1:0", "vendor.typo-v1:0"];
      expect(issuesOfTenants(validTenant({ bedrock: { models } }))).to.deep.equal([
        { path: "/tenants/0/bedrock/models/0", code: "ERR_UNKNOWN_MODEL" },
        { path: "/tenants/0/bedrock/models/1", code: "ERR_DUPLICATE_MODEL" },
      ]);
    });

    it("rejects a malformed entry of unlistedModels like a model id", () => {
      expect(
        issuesOf(
          JSON.stringify({ unlistedModels: ["Vendor Model"], tenants: [validTenant()] }),
        ).map(({ path, code }) => ({ path, code })),
      ).to.deep.equal([{ path: "/unlistedModels/0", code: "ERR_INVALID_MODEL_ID" }]);
    });

    it("reads a file saved with a byte-order mark", () => {
      const [spec] = parseTenantsFile(
        `\uFEFF${JSON.stringify({ tenants: [validTenant()] })}`,
        OPTIONS,
      );
      expect(spec.id).to.equal("acme");
    });

    it("rejects an admin email longer than Cognito's 128-character usernames", () => {
      const long = `${"a".repeat(120)}@x.example`;
      expect(issuesOfTenants(validTenant({ admins: [long] }))).to.deep.equal([
        { path: "/tenants/0/admins/0", code: "ERR_INVALID_VALUE" },
      ]);
    });

    it("uses the runtime's tenant id rule in the schema, so editors flag what the program rejects", () => {
      expect(schema.definitions.tenant.properties.id.pattern).to.equal(TENANT_ID_PATTERN.source);
    });

    it("rejects a model listed twice", () => {
      const models = ["amazon.titan-text-express-v1", "amazon.titan-text-express-v1"];
      expect(issuesOfTenants(validTenant({ bedrock: { models } }))).to.deep.equal([
        { path: "/tenants/0/bedrock/models/1", code: "ERR_DUPLICATE_MODEL" },
      ]);
    });

    it("rejects models whose inference profiles would get one name, within and across tenants", () => {
      const issues = issuesOf(
        JSON.stringify({
          unlistedModels: ["meta.llama3-8b", "meta.llama3.8b", "x.profile-a.b", "a.b"],
          tenants: [
            validTenant({
              bedrock: { models: ["meta.llama3-8b", "meta.llama3.8b", "x.profile-a.b"] },
            }),
            validTenant({
              id: "acme-profile-x",
              admins: ["ops@x.example"],
              bedrock: { models: ["a.b"] },
            }),
          ],
        }),
      );
      expect(issues.map(({ path, code }) => `${path} ${code}`)).to.deep.equal([
        "/tenants/0/bedrock/models/1 ERR_NAME_COLLISION",
        "/tenants/1/bedrock/models/0 ERR_NAME_COLLISION",
      ]);
      expect(issues[0].message).to.equal(
        'model "meta.llama3.8b" of tenant "acme" would get the same inference profile name as /tenants/0/bedrock/models/0.',
      );
    });

    it("rejects a value of the wrong type, naming the type expected", () => {
      const [issue] = issuesOf(
        JSON.stringify({ tenants: [validTenant({ admins: "ops@acme.example" })] }),
      );
      expect(issue).to.deep.include({ path: "/tenants/0/admins", code: "ERR_WRONG_TYPE" });
      expect(issue.message).to.equal('"admins" must be an array, not a string.');
    });

    it("rejects a status outside active and suspended", () => {
      const [issue] = issuesOf(JSON.stringify({ tenants: [validTenant({ status: "paused" })] }));
      expect(issue).to.deep.include({ path: "/tenants/0/status", code: "ERR_INVALID_VALUE" });
      expect(issue.message).to.equal(
        '"status" is "paused"; allowed values are "active" and "suspended".',
      );
    });

    it("reports every problem of the file at once, in file order, and names the file", () => {
      const text = JSON.stringify(
        {
          tenants: [
            validTenant({ id: "Bad#Id", admins: ["x"] }),
            validTenant({ id: "root", admins: ["ops@root.example"], extra: true }),
            validTenant({ id: "globex", status: "gone", admins: ["a@globex.example"] }),
          ],
        },
        null,
        2,
      );
      expect(issuesOf(text).map(({ path, code }) => `${path} ${code}`)).to.deep.equal([
        "/tenants/0/id ERR_INVALID_TENANT_ID",
        "/tenants/0/admins/0 ERR_INVALID_EMAIL",
        "/tenants/1/id ERR_RESERVED_TENANT_ID",
        "/tenants/1/extra ERR_UNKNOWN_FIELD",
        "/tenants/2/status ERR_INVALID_VALUE",
      ]);
      expect(() => parseTenantsFile(text, OPTIONS)).to.throw(
        /^tenants\.json has 5 problems; nothing was deployed:\n/,
      );
    });
  });
});
