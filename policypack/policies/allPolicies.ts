import { Policies } from "@pulumi/policy";
import { bedrockOwnProfiles } from "./bedrockOwnProfiles";
import { cognitoTenantAttribute } from "./cognitoTenantAttribute";
import { dynamodbLeadingKeys } from "./dynamodbLeadingKeys";
import { iamLeastPrivilege } from "./iamLeastPrivilege";
import { knownAtPreview } from "./knownAtPreview";
import { roleTrust } from "./roleTrust";
import { s3TenantPrefix } from "./s3TenantPrefix";
import { sharedDataScope } from "./sharedDataScope";
import { tenantStack } from "./tenantStack";

/** The pack's policies, in the order `pulumi preview` lists them. */
export const tenantIsolationPolicies: Policies = [
  dynamodbLeadingKeys,
  s3TenantPrefix,
  bedrockOwnProfiles,
  iamLeastPrivilege,
  roleTrust,
  cognitoTenantAttribute,
  sharedDataScope,
  knownAtPreview,
  tenantStack,
];
