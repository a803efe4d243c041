import { PolicyPack } from "@pulumi/policy";
import { bedrockOwnProfiles } from "./policies/bedrockOwnProfiles";
import { cognitoTenantAttribute } from "./policies/cognitoTenantAttribute";
import { dynamodbLeadingKeys } from "./policies/dynamodbLeadingKeys";
import { iamLeastPrivilege } from "./policies/iamLeastPrivilege";
import { knownAtPreview } from "./policies/knownAtPreview";
import { roleTrust } from "./policies/roleTrust";
import { s3TenantPrefix } from "./policies/s3TenantPrefix";
import { sharedDataScope } from "./policies/sharedDataScope";
import { tenantStack } from "./policies/tenantStack";

new PolicyPack("tenant-isolation", {
  enforcementLevel: "mandatory",
  policies: [
    dynamodbLeadingKeys,
    s3TenantPrefix,
    bedrockOwnProfiles,
    iamLeastPrivilege,
    roleTrust,
    cognitoTenantAttribute,
    sharedDataScope,
    knownAtPreview,
    tenantStack,
  ],
});
