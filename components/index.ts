export * from "./errors";
export * from "./policies";
export * from "./resourceNames";
export * from "./stackSettings";
export * from "./tenancy";
export * from "./tenant";
export * from "./tenantPlatform";
export * from "./tenantsFile";
