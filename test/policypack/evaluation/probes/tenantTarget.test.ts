import { expect } from "chai";
import { pooledRoleArn, tenantRoleArn } from "../../../../policypack/lib/naming";
import { PolicyDocument } from "../../../../policypack/lib/policyDocument";
import { PackSettings } from "../../../../policypack/lib/settings";
import { representatives } from "../../../../policypack/lib/evaluation/representatives";
import {
  pooledRoleArnOf,
  tenantRoleArnOf,
  tenantTarget,
} from "../../../../policypack/lib/evaluation/tenantTarget";
import { documentOf } from "./fixtures";

// Where a tenant's session acts, read from the settings first, then from the ARNs the documents
// name, then placeholders (tenantTarget.ts). The stack's default name prefix is "tenancy"
// (Pulumi.yaml), so the default log group and tenant roles carry it when the prefix is unknown.

const NO_SETTINGS: PackSettings = {
  allowedManagedPolicyArns: [],
  allowedPlatformManagedPolicyArns: [],
  workloadTrustedServices: [],
  tenantResources: [],
  exemptions: [],
  maxExemptionDays: 90,
};
const ACCOUNT = "123456789012";

const allow = (resource: string | string[], condition?: object) => ({
  Effect: "Allow",
  Action: "*",
  Resource: resource,
  ...(condition === undefined ? {} : { Condition: condition }),
});
const target = (documents: PolicyDocument[], settings: Partial<PackSettings> = {}) =>
  tenantTarget("acme", { ...NO_SETTINGS, ...settings }, documents);

describe("tenantTarget", () => {
  describe("partition, region and account", () => {
    it("reads each from the first ARN that names it concretely", () => {
      const t = target([
        documentOf([
          // why: a session id is no ARN, though it has colons
          allow("*", { StringLike: { "aws:userid": "AROAEXAMPLEID:alice" } }),
          allow([
            "arn:*", // why: a wildcard partition, and no region or account at all
            "arn:aws-cn:s3:::shared-bucket/tenants/acme/*", // S3 ARNs have neither
            "arn:aws-cn:dynamodb:*:*:table/shared",
            `arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/shared`,
          ]),
        ]),
      ]);
      expect([t.partition, t.region, t.accountId]).to.deep.equal(["aws-cn", "cn-north-1", ACCOUNT]);
      expect(t.session.values("aws:PrincipalAccount")).to.deep.equal([ACCOUNT]);
      expect(t.session.values("aws:RequestedRegion")).to.deep.equal(["cn-north-1"]);
      // why: the session's role is some role of that account: the pack does not read which
      expect(t.session.pickedStart("aws:PrincipalArn")).to.equal(
        `arn:aws-cn:iam::${ACCOUNT}:role/`,
      );
    });

    it("takes no account from an AWS-managed policy's ARN, whose account field is `aws`", () => {
      const managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
      const t = target([
        documentOf([
          {
            Effect: "Deny",
            Action: "iam:AttachRolePolicy",
            Resource: "*",
            Condition: { ArnNotEquals: { "iam:PolicyARN": managed } },
          },
          allow(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shared`),
        ]),
      ]);
      expect(t.accountId).to.equal(ACCOUNT);
      expect(t.session.values("aws:PrincipalAccount")).to.deep.equal([ACCOUNT]);
      // An account id is exactly 12 digits: a 13-digit field is no account either.
      const misspelt = target([
        documentOf([
          allow([
            `arn:aws:sqs:eu-west-1:${ACCOUNT}0:jobs`,
            `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`,
          ]),
        ]),
      ]);
      expect(misspelt.accountId).to.equal(ACCOUNT);
      // Alone, it leaves the account unknown: the session carries none.
      const alone = target([documentOf([allow(managed)])]);
      expect(alone.accountId).to.match(/^\d{12}$/);
      expect(alone.session.values("aws:PrincipalAccount")).to.equal(undefined);
    });

    it("takes the settings over what the documents name", () => {
      const settings = {
        partition: "aws-us-gov",
        region: "us-gov-west-1",
        accountId: "111122223333",
      };
      const t = target(
        [documentOf([allow(`arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/shared`)])],
        settings,
      );
      expect([t.partition, t.region, t.accountId]).to.deep.equal([
        "aws-us-gov",
        "us-gov-west-1",
        "111122223333",
      ]);
      expect(t.session.values("aws:RequestedRegion")).to.deep.equal(["us-gov-west-1"]);
      expect(t.session.pickedStart("aws:PrincipalArn")).to.equal(
        "arn:aws-us-gov:iam::111122223333:role/",
      );
    });

    it("falls back to well-formed placeholders that the session never carries", () => {
      const t = target([documentOf([allow(["*", "arn:aws:s3:::shared-bucket/*"])])]);
      expect(t.partition).to.equal("aws");
      expect(t.region).to.match(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(t.accountId).to.match(/^\d{12}$/);
      // why: a condition on the account or region must stay unknown, not fail on a placeholder
      expect(t.session.values("aws:PrincipalAccount")).to.equal(undefined);
      expect(t.session.values("aws:RequestedRegion")).to.equal(undefined);
      expect(t.session.pickedStart("aws:PrincipalArn")).to.equal("arn:aws:iam::");
      expect(t.session.values("aws:PrincipalTag/tenantId")).to.deep.equal(["acme"]);
    });
  });

  describe("shared stores", () => {
    const NAMED = documentOf([
      allow([
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shared`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shared/index/by-owner`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/audit-*`,
        `arn:aws:dynamodb::${ACCOUNT}:global-table/replicated`, // a global table is no table ARN
        "arn:aws:s3:::shared-bucket/tenants/acme/*",
        "arn:aws:s3:::/tenants/acme/*", // why: an empty bucket name names no bucket
        "arn:aws:s3:::exports-*/*",
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/staging/bedrock/invocations`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/prod/bedrock/invocations:*`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/prod/bedrock/invocations-archive:*`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/fn:*`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*/bedrock/invocations:*`,
        // why: a destination's ARN, whatever its name reads like, grants on no log group
        `arn:aws:logs:eu-west-1:${ACCOUNT}:destination:log-group:/dest/bedrock/invocations`,
      ]),
    ]);

    it("names the exact tables, buckets and invocation log groups the documents name", () => {
      const t = target([NAMED]);
      expect(t.tableNames.slice(0, -1)).to.deep.equal(["shared"]);
      expect(t.bucketNames.slice(0, -1)).to.deep.equal(["shared-bucket"]);
      expect(t.invocationLogGroups).to.deep.equal([
        "/staging/bedrock/invocations",
        "/prod/bedrock/invocations",
        "/tenancy/bedrock/invocations",
      ]);
    });

    it("adds a placeholder table and bucket so a missing setting hides no request", () => {
      for (const t of [target([NAMED]), target([])]) {
        const table = t.tableNames[t.tableNames.length - 1];
        const bucket = t.bucketNames[t.bucketNames.length - 1];
        // why: DynamoDB and S3 naming rules: the placeholder must be a name AWS accepts
        expect(table).to.match(/^[a-zA-Z0-9_.-]{3,255}$/);
        expect(bucket).to.match(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
      }
      const bare = target([]);
      expect(bare.tableNames).to.have.length(1);
      expect(bare.bucketNames).to.have.length(1);
      expect(bare.invocationLogGroups).to.deep.equal(["/tenancy/bedrock/invocations"]);
    });

    it("takes the settings' names alone when they are set", () => {
      const t = target([NAMED], {
        tableName: "dev-table",
        bucketName: "dev-bucket",
        namePrefix: "dev",
      });
      expect(t.tableNames).to.deep.equal(["dev-table"]);
      expect(t.bucketNames).to.deep.equal(["dev-bucket"]);
      expect(t.invocationLogGroups).to.deep.equal(["/dev/bedrock/invocations"]);
      expect(t.namePrefix).to.equal("dev");
    });
  });

  describe("named models", () => {
    const MODEL =
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    const SYSTEM_PROFILE = `arn:aws:bedrock:eu-west-1:${ACCOUNT}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0`;

    it("keeps exact foundation-model and system-profile ARNs, once each", () => {
      const t = target([
        documentOf([
          allow([
            MODEL,
            SYSTEM_PROFILE,
            MODEL,
            "arn:aws:bedrock:*::foundation-model/*",
            `arn:aws:bedrock:eu-west-1:${ACCOUNT}:application-inference-profile/abc123`,
            `arn:aws:s3:::exports/${MODEL}`, // why: an S3 object whose key reads like a model
          ]),
          allow("*", { ArnEquals: { "bedrock:InferenceProfileArn": SYSTEM_PROFILE } }),
        ]),
      ]);
      expect(t.namedModelArns).to.deep.equal([MODEL, SYSTEM_PROFILE]);
    });
  });

  describe("other tenants", () => {
    it("tries every id the documents name, wildcards filled in two ways", () => {
      const t = target([
        documentOf([
          allow(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shared`, {
            "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*", "globex#*", "ac*#*"] },
          }),
          allow("arn:aws:s3:::dev-tenant-data/tenants/initech/*"),
          allow("arn:aws:s3:::shared-bucket/exports/soylent#2024/*"),
          allow(`arn:aws:iam::${ACCOUNT}:role/tenants/tenancy-tenant-umbrella`),
          allow("*", {
            StringEquals: {
              "aws:ResourceTag/TenantId": "hooli",
              "aws:RequestedRegion": "eu-west-1",
            },
          }),
          // why: a variable is no tenant id
          allow("*", {
            StringEquals: { "aws:ResourceTag/tenantId": "${aws:PrincipalTag/tenantId}" },
          }),
        ]),
      ]);
      const classes = new Set(representatives("acme").map((r) => r.id));
      expect(t.others.filter((r) => classes.has(r.id))).to.deep.equal(representatives("acme"));
      const named = t.others.filter((r) => !classes.has(r.id));
      expect(named.map((r) => r.id).sort()).to.deep.equal([
        "acxx",
        "acyy",
        "globex",
        "hooli",
        "initech",
        "soylent",
        "umbrella",
      ]);
      expect(named.find((r) => r.id === "hooli")?.stands).to.equal(
        'tenant "hooli", which the policy names',
      );
    });

    it("stands for the classes alone when the documents name no id", () => {
      const t = target([documentOf([allow("arn:aws:s3:::shared-bucket/tenants/acme/*")])]);
      expect(t.others).to.deep.equal(representatives("acme"));
    });
  });

  describe("allowed patterns", () => {
    // why: built per test, so a mutant that throws fails the test rather than the file's load
    const allowed = () =>
      target([
        documentOf([
          allow(
            [
              "arn:aws:s3:::shared-bucket/tenants/${aws:PrincipalTag/tenantId}/*",
              "arn:aws:s3:::shared-bucket/home/${aws:username}/*", // no value: matches nothing
              "arn:aws:s3:::shared-bucket/stars/${aws:PrincipalTag/tenantId}/${*}", // a literal *
            ],
            {
              StringLike: { "s3:prefix": "tenants/${aws:PrincipalTag/tenantId}/*" },
              StringNotEquals: { "aws:ResourceTag/team": "ops" },
            },
          ),
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            NotResource: "arn:aws:s3:::shared-bucket/admin/*",
          },
          {
            Effect: "Deny",
            Action: "*",
            Resource: "arn:aws:s3:::shared-bucket/tenants/globex/*",
            Condition: { StringEquals: { "aws:ResourceTag/project": "x" } },
          },
        ]),
        documentOf(
          [
            allow([
              "arn:aws:s3:::shared-bucket/old/${aws:PrincipalTag/tenantId}/*",
              "arn:aws:s3:::shared-bucket/old/plain/*",
            ]),
          ],
          "2008-10-17",
        ),
      ]);

    it("keeps the Allow Resource patterns, resolved for the session, that witnesses can come from", () => {
      // why: under 2008-10-17 `${...}` is literal text no key holds (TI-CONTRACT-002)
      expect(allowed().allowed.resources).to.deep.equal([
        "arn:aws:s3:::shared-bucket/tenants/acme/*",
        "arn:aws:s3:::shared-bucket/old/plain/*",
      ]);
    });

    it("keeps condition values only under an Allow operator that holds on them", () => {
      const t = allowed();
      expect(t.allowed.values("S3:Prefix")).to.deep.equal(["tenants/acme/*"]);
      expect(t.allowed.values("aws:ResourceTag/team")).to.deep.equal([]);
      expect(t.allowed.values("aws:ResourceTag/project")).to.deep.equal([]);
      expect(t.allowed.values("aws:SourceIp")).to.deep.equal([]);
    });
  });

  describe("what passes through", () => {
    it("keeps the profiles, the shard role and the tenant resources as given", () => {
      const profile = {
        arn: `arn:aws:bedrock:eu-west-1:${ACCOUNT}:application-inference-profile/p1`,
        tags: { tenantId: "acme" },
      };
      const tenantResources = [{ arn: "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs" }];
      const t = tenantTarget(
        "acme",
        { ...NO_SETTINGS, tenantResources },
        [],
        [profile],
        "tenancy-pooled-3",
      );
      expect(t.knownProfiles).to.deep.equal([profile]);
      expect(t.pooledRoleName).to.equal("tenancy-pooled-3");
      expect(t.tenantResources).to.deep.equal(tenantResources);
      expect(target([]).knownProfiles).to.deep.equal([]);
    });
  });

  describe("role ARNs", () => {
    const chinaTarget = () =>
      target([documentOf([allow(`arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/shared`)])]);

    it("puts a shard role on the tenant role path of the target's account", () => {
      expect(pooledRoleArnOf(chinaTarget(), "tenancy-pooled-3")).to.equal(
        pooledRoleArn({ partition: "aws-cn", accountId: ACCOUNT, namePrefix: "tenancy", shard: 3 }),
      );
    });

    it("names a tenant role with the stack's prefix, the default one when unknown", () => {
      expect(tenantRoleArnOf(chinaTarget(), "globex")).to.equal(
        `arn:aws-cn:iam::${ACCOUNT}:role/tenants/tenancy-tenant-globex`,
      );
      const dev = target([], { namePrefix: "dev", accountId: ACCOUNT });
      expect(tenantRoleArnOf(dev, "globex")).to.equal(
        tenantRoleArn({ accountId: ACCOUNT, namePrefix: "dev", tenantId: "globex" }),
      );
    });
  });
});
