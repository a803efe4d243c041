import { Policies } from "@pulumi/policy";
import { cognitoTenantAttribute } from "./cognitoTenantAttribute";
import { iamLeastPrivilege } from "./iamLeastPrivilege";
import { knownAtPreview } from "./knownAtPreview";
import { roleTrust } from "./roleTrust";
import { sharedDataScope } from "./sharedDataScope";
import { tenantDataLeaks } from "./tenantDataLeaks";
import { tenantPolicyContract } from "./tenantPolicyContract";
import { tenantStack } from "./tenantStack";

/** The pack's policies, in the order `pulumi preview` lists them. */
export const tenantIsolationPolicies: Policies = [
  tenantDataLeaks,
  tenantPolicyContract,
  iamLeastPrivilege,
  roleTrust,
  cognitoTenantAttribute,
  sharedDataScope,
  knownAtPreview,
  tenantStack,
];
