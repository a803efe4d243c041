import { bucketArn, PlatformLocation } from "./arns";
import { policyDocument, PolicyDocument } from "./policyDocument";

/** Refuses plain-HTTP access to the shared bucket, whoever the caller is. */
export function bucketPolicy(platform: PlatformLocation): PolicyDocument {
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: [bucketArn(platform), `${bucketArn(platform)}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}
