import { checkLeaks } from "../lib/checks/leakChecks";
import { IDENTITY_DOCUMENT_TYPES } from "../lib/iamSources";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-LEAK-001..005. */
export const tenantDataLeaks = isolationPolicy({
  name: "tenant-data-leaks",
  description:
    "Checks whether a tenant role's policies, evaluated together as IAM does, allow any representative request of the tenant's session on another tenant's items, objects or inference profiles, table- or bucket-wide, or into other roles and IAM.",
  enforcementLevel: "mandatory",
  types: IDENTITY_DOCUMENT_TYPES,
  check: checkLeaks,
});
