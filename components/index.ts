export * from "./errors";
export * from "./policies";
export * from "./stackSettings";
export * from "./tenancy";
export * from "./tenant";
export * from "./tenantPlatform";
export * from "./tenantsFile";
