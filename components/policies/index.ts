export * from "./arns";
export * from "./modelArns";
export * from "./bucketPolicy";
export * from "./policyDocument";
export * from "./tenantRolePolicy";
export * from "./tenantTrustPolicy";
export * from "./workloadRolePolicy";
export * from "./bedrockLoggingPolicy";
