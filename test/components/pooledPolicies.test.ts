import { expect } from "chai";
import {
  iamPolicyChars,
  PlatformLocation,
  pooledRolePolicy,
  pooledTrustPolicy,
  tenantRolePolicy,
  workloadRolePolicy,
} from "../../components";
import { pooledRoleArn, pooledRoleName, pooledShardOf } from "@tenancy/runtime/naming";

const PLATFORM: PlatformLocation = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-eu-west-1",
  indexNames: ["byEmail"],
};
const WORKLOAD = { AWS: "arn:aws:iam::123456789012:role/dev-workload" };
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

describe("pooled tier policy builders", () => {
  describe("pooledTrustPolicy", () => {
    it("admits only the workload role, only with one tenantId tag among the shard's active ids, no transitive tags, naming the user", () => {
      const tagPinned = {
        StringEquals: { "aws:RequestTag/tenantId": ["beta", "delta"] },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["tenantId"] },
      };
      expect(
        pooledTrustPolicy({ activeTenantIds: ["delta", "beta"], platform: PLATFORM }),
      ).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WorkloadAssumesAsPooledTenant",
            Effect: "Allow",
            Principal: WORKLOAD,
            Action: "sts:AssumeRole",
            Condition: {
              ...tagPinned,
              Null: { "sts:SourceIdentity": "false", "sts:TransitiveTagKeys": "true" },
            },
          },
          {
            Sid: "WorkloadTagsSessionWithPooledTenantId",
            Effect: "Allow",
            Principal: WORKLOAD,
            Action: "sts:TagSession",
            Condition: { ...tagPinned, Null: { "sts:TransitiveTagKeys": "true" } },
          },
          {
            Sid: "WorkloadNamesTheUser",
            Effect: "Allow",
            Principal: WORKLOAD,
            Action: "sts:SetSourceIdentity",
            Condition: { Null: { "sts:SourceIdentity": "false" } },
          },
        ],
      });
    });

    it("admits no one to a shard whose tenants are all suspended (IAM refuses an empty value list)", () => {
      expect(pooledTrustPolicy({ activeTenantIds: [], platform: PLATFORM })).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          { Sid: "NoActiveTenant", Effect: "Deny", Principal: WORKLOAD, Action: "sts:AssumeRole" },
        ],
      });
    });

    it("never names the account root or a pooled role as principal", () => {
      const text = JSON.stringify(
        pooledTrustPolicy({ activeTenantIds: ["a"], platform: PLATFORM }),
      );
      expect(text).to.not.include(":root");
      expect(text).to.not.include("pooled");
    });
  });

  describe("pooledRolePolicy", () => {
    it("grants the dedicated statements with the literal id replaced by ${aws:PrincipalTag/tenantId}, and fences an untagged session", () => {
      const dedicated = tenantRolePolicy({
        tenantId: "${aws:PrincipalTag/tenantId}",
        status: "active",
        models: [HAIKU],
        platform: PLATFORM,
      });
      const pooled = pooledRolePolicy({
        models: [HAIKU],
        suspendedTenantIds: [],
        platform: PLATFORM,
      });
      expect(pooled).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          ...dedicated.Statement,
          {
            Sid: "NoTenantTagNoAccess",
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { Null: { "aws:PrincipalTag/tenantId": "true" } },
          },
        ],
      });
      // The shape the isolation contract names, written out once.
      const [items, objects, list, profiles] = pooled.Statement;
      expect(items!.Resource).to.deep.equal([
        "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data/index/byEmail",
      ]);
      expect(items!.Condition).to.deep.equal({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenantId}#*"] },
        Null: { "dynamodb:LeadingKeys": "false" },
      });
      expect(objects!.Resource).to.equal(
        "arn:aws:s3:::dev-data-123456789012-eu-west-1/tenants/${aws:PrincipalTag/tenantId}/*",
      );
      expect(list!.Condition).to.deep.equal({
        StringLike: { "s3:prefix": ["tenants/${aws:PrincipalTag/tenantId}/*"] },
      });
      expect(profiles!.Condition).to.deep.equal({
        StringEquals: {
          "aws:ResourceTag/tenantId": "${aws:PrincipalTag/tenantId}",
          "aws:ResourceTag/tenancyStack": "dev",
        },
      });
      expect(JSON.stringify(pooled)).to.not.match(/sts:/);
    });

    it("denies everything to the shard's suspended tenants, by principal tag", () => {
      const policy = pooledRolePolicy({
        models: [],
        suspendedTenantIds: ["zeta", "eta"],
        platform: PLATFORM,
      });
      expect(policy.Statement.at(-1)).to.deep.equal({
        Sid: "SuspendedTenantsDenied",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalTag/tenantId": ["eta", "zeta"] } },
      });
      expect(policy.Statement.map((s) => s.Sid)).to.not.include("OwnInferenceProfilesOnly");
    });
  });

  describe("workloadRolePolicy with pooled tenants", () => {
    it("adds the stack's shard roles to the roles it may become, under the same conditions", () => {
      const roles = [
        "arn:aws:iam::123456789012:role/tenants/dev-tenant-*",
        "arn:aws:iam::123456789012:role/tenants/dev-pooled-*",
      ];
      const [become, name] = workloadRolePolicy(PLATFORM, { pooled: true }).Statement;
      expect(become!.Resource).to.deep.equal(roles);
      expect(name!.Resource).to.deep.equal(roles);
      expect(workloadRolePolicy(PLATFORM).Statement[0]!.Resource).to.equal(roles[0]);
    });
  });

  describe("shard naming", () => {
    it("names shard roles on the tenant path and places an id by its id and the count alone", () => {
      expect(pooledRoleName("dev", 3)).to.equal("dev-pooled-3");
      expect(pooledRoleArn({ accountId: "123456789012", namePrefix: "dev", shard: 3 })).to.equal(
        "arn:aws:iam::123456789012:role/tenants/dev-pooled-3",
      );
      const shard = pooledShardOf("acme", 16);
      expect(shard).to.be.within(0, 15);
      expect(pooledShardOf("acme", 16)).to.equal(shard);
      expect(pooledShardOf("acme", 1)).to.equal(0);
      // Spread: 1,000 ids over 16 shards leave none empty.
      const used = new Set(Array.from({ length: 1000 }, (_, i) => pooledShardOf(`t${i}`, 16)));
      expect(used.size).to.equal(16);
    });
  });

  describe("iamPolicyChars", () => {
    it("counts characters as IAM does, without whitespace", () => {
      const policy = pooledTrustPolicy({ activeTenantIds: ["a b"], platform: PLATFORM });
      // The value appears in the AssumeRole and the TagSession statement: two spaces not counted.
      expect(iamPolicyChars(policy)).to.equal(JSON.stringify(policy).length - 2);
    });
  });
});
