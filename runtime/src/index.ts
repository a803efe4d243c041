/**
 * `@tenancy/runtime`: verify the caller's Cognito ID token, assume their tenant's role, and get
 * DynamoDB, S3 and Bedrock clients that cannot leave the tenant.
 */
export { withTenant, HTTP_STATUS_BY_CODE } from "./lambda/withTenant";
export type { ApiGatewayEvent, ApiGatewayResult, WithTenantOptions } from "./lambda/withTenant";
export {
  createTenantContext,
  createTenantRuntime,
  defaultTenantRuntime,
  clearCaches,
} from "./context/createTenantContext";
export type { TenantContext, TenantRuntime } from "./context/createTenantContext";
export { fromEnv, validateConfig, ENV } from "./config";
export { formatIndexes } from "./indexes";
export type { TenantIndex } from "./indexes";
export type {
  TenantRuntimeConfig,
  TenantRoleSource,
  InferenceProfileSource,
  ServiceEndpoints,
} from "./config";
export { createTenantTokenVerifier, bearerToken } from "./identity/verifyTenantToken";
export type {
  TenantIdentity,
  TenantTokenVerifier,
  TenantTokenVerifierConfig,
} from "./identity/verifyTenantToken";
export { TenantCredentialsCache } from "./credentials/credentialsCache";
export type { TenantCredentialsCacheOptions } from "./credentials/credentialsCache";
export { assumeTenantRole, MAX_CHAINED_SESSION_SECONDS } from "./credentials/assumeTenantRole";
export type {
  TenantCredentials,
  AssumeTenantRoleParams,
  RetryOptions,
} from "./credentials/assumeTenantRole";
export { TenantDynamoDb } from "./clients/tenantDynamoDb";
export type * from "./clients/tenantDynamoDb";
export { TenantS3 } from "./clients/tenantS3";
export type * from "./clients/tenantS3";
export { TenantBedrock } from "./clients/tenantBedrock";
export type { InferenceProfileMap } from "./clients/tenantBedrock";
export * from "./errors";
