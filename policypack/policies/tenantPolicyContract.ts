import { checkContract } from "../lib/checks/contractChecks";
import { IDENTITY_DOCUMENT_TYPES } from "../lib/iamSources";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-CONTRACT-001..004: advisory unless configured otherwise (`enforcementLevel` in the pack config). */
export const tenantPolicyContract = isolationPolicy({
  name: "tenant-policy-contract",
  description:
    "Checks whether a tenant role's policies stay in the forms the project supports: models only through the tenant's inference profiles, policy variables under Version 2012-10-17 and with a value in a role session, actions AWS's reference lists.",
  enforcementLevel: "advisory",
  types: IDENTITY_DOCUMENT_TYPES,
  check: checkContract,
});
