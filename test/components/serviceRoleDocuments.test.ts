import { expect } from "chai";
import { PlatformLocation } from "../../components";
import {
  bedrockLoggingPolicy,
  bedrockLoggingTrustPolicy,
} from "../../components/policies/bedrockLoggingPolicy";
import { lambdaTrustPolicy } from "../../components/policies/workloadRolePolicy";

const PLATFORM: PlatformLocation = {
  partition: "aws-cn",
  region: "cn-north-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-cn-north-1",
};

describe("service role documents", () => {
  it("lets only Bedrock, acting for this account, assume the invocation logging role", () => {
    expect(bedrockLoggingTrustPolicy(PLATFORM)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "BedrockWritesInvocationLogs",
          Effect: "Allow",
          Principal: { Service: "bedrock.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws-cn:bedrock:cn-north-1:123456789012:*" },
          },
        },
      ],
    });
  });

  it("lets the logging role write streams of its own log group only", () => {
    expect(bedrockLoggingPolicy(PLATFORM, "/tenancy/bedrock")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "WriteInvocationLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource:
            "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/tenancy/bedrock:log-stream:*",
        },
      ],
    });
  });

  it("lets only Lambda assume the workload role", () => {
    expect(lambdaTrustPolicy()).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LambdaRunsAsWorkload",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });
});
