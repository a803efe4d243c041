import { expect } from "chai";
import {
  bucketPolicy,
  PlatformLocation,
  tenantRolePolicy,
  tenantTrustPolicy,
  workloadRolePolicy,
} from "../../components";

const PLATFORM: PlatformLocation = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-eu-west-1",
};

const ACME_ALLOWS = [
  {
    Sid: "OwnItemsOnly",
    Effect: "Allow",
    Action: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
    ],
    // No index is declared, so none is granted (not even index/*).
    Resource: ["arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data"],
    Condition: {
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] },
      Null: { "dynamodb:LeadingKeys": "false" },
    },
  },
  {
    Sid: "OwnObjectsOnly",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
    Resource: "arn:aws:s3:::dev-data-123456789012-eu-west-1/tenants/acme/*",
  },
  {
    Sid: "ListOwnPrefixOnly",
    Effect: "Allow",
    Action: "s3:ListBucket",
    Resource: "arn:aws:s3:::dev-data-123456789012-eu-west-1",
    Condition: { StringLike: { "s3:prefix": ["tenants/acme/*"] } },
  },
];

const ACME_BEDROCK = [
  {
    Sid: "OwnInferenceProfilesOnly",
    Effect: "Allow",
    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
    Resource: "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/*",
    // The stack tag keeps acme of another stack in this account out.
    Condition: {
      StringEquals: { "aws:ResourceTag/tenantId": "acme", "aws:ResourceTag/tenancyStack": "dev" },
    },
  },
  {
    Sid: "ModelsOnlyThroughProfiles",
    Effect: "Allow",
    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
    Resource: [
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ],
    Condition: {
      ArnLike: {
        "bedrock:InferenceProfileArn":
          "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/*",
      },
    },
  },
];

describe("policy builders", () => {
  describe("tenantRolePolicy", () => {
    it("scopes DynamoDB, S3 and Bedrock to the tenant exactly as the isolation contract says", () => {
      const document = tenantRolePolicy({
        tenantId: "acme",
        status: "active",
        models: ["anthropic.claude-3-haiku-20240307-v1:0"],
        platform: PLATFORM,
      });
      expect(document).to.deep.equal({
        Version: "2012-10-17",
        Statement: [...ACME_ALLOWS, ...ACME_BEDROCK],
      });
    });

    it("grants no Bedrock access when the tenant has no models", () => {
      const document = tenantRolePolicy({
        tenantId: "acme",
        status: "active",
        models: [],
        platform: PLATFORM,
      });
      expect(document.Statement).to.deep.equal(ACME_ALLOWS);
    });

    it("names each declared secondary index, under the same LeadingKeys condition, and no other", () => {
      const document = tenantRolePolicy({
        tenantId: "acme",
        status: "active",
        models: [],
        platform: { ...PLATFORM, indexNames: ["byOwner", "byStatus"] },
      });
      expect(document.Statement).to.deep.equal([
        {
          ...ACME_ALLOWS[0],
          Resource: [
            "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data/index/byOwner",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data/index/byStatus",
          ],
        },
        ...ACME_ALLOWS.slice(1),
      ]);
    });

    it("allows a cross-Region profile's system profile and the model in every destination Region, only through the tenant's profiles", () => {
      const useast2 = { ...PLATFORM, region: "us-east-2" };
      const document = tenantRolePolicy({
        tenantId: "acme",
        status: "active",
        models: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
        platform: useast2,
      });
      expect(document.Statement.find((s) => s.Sid === "ModelsOnlyThroughProfiles")).to.deep.equal({
        Sid: "ModelsOnlyThroughProfiles",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        Resource: [
          "arn:aws:bedrock:us-east-2:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
          "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
          "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
          "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        ],
        Condition: {
          ArnLike: {
            "bedrock:InferenceProfileArn":
              "arn:aws:bedrock:us-east-2:123456789012:application-inference-profile/*",
          },
        },
      });
    });

    it("refuses to build a policy for a cross-Region profile whose destinations are not on record", () => {
      expect(() =>
        tenantRolePolicy({
          tenantId: "acme",
          status: "active",
          models: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
          platform: PLATFORM,
        }),
      ).to.throw(
        'bedrock.models: the destination Regions of "us.anthropic.claude-3-haiku-20240307-v1:0" called from eu-west-1 are not in components/bedrockCrossRegionProfiles.json',
      );
    });

    it("adds an explicit deny of everything for a suspended tenant", () => {
      const document = tenantRolePolicy({
        tenantId: "acme",
        status: "suspended",
        models: [],
        platform: PLATFORM,
      });
      expect(document.Statement).to.deep.equal([
        ...ACME_ALLOWS,
        { Sid: "TenantSuspended", Effect: "Deny", Action: "*", Resource: "*" },
      ]);
    });
  });

  describe("tenantTrustPolicy", () => {
    it("admits only the workload role, tagging the session with this tenant and naming the user", () => {
      const workload = { AWS: "arn:aws:iam::123456789012:role/dev-workload" };
      const tenantTagOnly = {
        StringEquals: { "aws:RequestTag/tenantId": "acme" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["tenantId"] },
      };
      expect(tenantTrustPolicy({ tenantId: "acme", platform: PLATFORM })).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WorkloadAssumesWithTenantTag",
            Effect: "Allow",
            Principal: workload,
            Action: "sts:AssumeRole",
            Condition: { ...tenantTagOnly, Null: { "sts:SourceIdentity": "false" } },
          },
          {
            Sid: "WorkloadTagsSessionWithTenantId",
            Effect: "Allow",
            Principal: workload,
            Action: "sts:TagSession",
            Condition: tenantTagOnly,
          },
          {
            Sid: "WorkloadNamesTheUser",
            Effect: "Allow",
            Principal: workload,
            Action: "sts:SetSourceIdentity",
            Condition: { Null: { "sts:SourceIdentity": "false" } },
          },
        ],
      });
    });
  });

  describe("workloadRolePolicy", () => {
    it("lets the Lambda role only assume tenant roles of this stack, with a tenant tag and a user, and write its own functions' logs", () => {
      expect(workloadRolePolicy(PLATFORM)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "BecomeTenantOnly",
            Effect: "Allow",
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Resource: "arn:aws:iam::123456789012:role/tenants/dev-tenant-*",
            Condition: { StringLike: { "aws:RequestTag/tenantId": "?*" } },
          },
          {
            Sid: "NameTheUser",
            Effect: "Allow",
            Action: "sts:SetSourceIdentity",
            Resource: "arn:aws:iam::123456789012:role/tenants/dev-tenant-*",
            Condition: { Null: { "sts:SourceIdentity": "false" } },
          },
          {
            // Not "*": the Bedrock invocation log group is outside /aws/lambda/dev-*.
            Sid: "OwnFunctionLogsOnly",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/dev-*",
          },
        ],
      });
    });
  });

  describe("bucketPolicy", () => {
    it("denies any request to the bucket that does not use TLS", () => {
      expect(bucketPolicy(PLATFORM)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [
              "arn:aws:s3:::dev-data-123456789012-eu-west-1",
              "arn:aws:s3:::dev-data-123456789012-eu-west-1/*",
            ],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
    });
  });
});
