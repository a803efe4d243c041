import { PlatformLocation } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

/** Bedrock's logging service may assume the role only on behalf of this account. */
export function bedrockLoggingTrustPolicy(platform: PlatformLocation): PolicyDocument {
  return policyDocument([
    {
      Sid: "BedrockWritesInvocationLogs",
      Effect: "Allow",
      Principal: { Service: "bedrock.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": platform.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${platform.partition}:bedrock:${platform.region}:${platform.accountId}:*`,
        },
      },
    },
  ]);
}

export function bedrockLoggingPolicy(
  platform: PlatformLocation,
  logGroupName: string,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "WriteInvocationLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:${platform.partition}:logs:${platform.region}:${platform.accountId}:log-group:${logGroupName}:log-stream:*`,
    },
  ]);
}
