import { checkCognito } from "../lib/checks/cognitoChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-COG-001. */
export const cognitoTenantAttribute = isolationPolicy({
  name: "cognito-tenant-attribute-read-only",
  description:
    "Checks whether every Cognito app client lists its write attributes without custom:tenantId.",
  check: checkCognito,
});
