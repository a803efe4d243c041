import { checkLeaks } from "../lib/checks/leakChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-LEAK-001..004. */
export const tenantDataLeaks = isolationPolicy({
  name: "tenant-data-leaks",
  description:
    "Checks whether a tenant role's policies, evaluated together as IAM does, allow any representative request of the tenant's session on another tenant's items, objects or inference profiles, table- or bucket-wide, or into other roles and IAM.",
  enforcementLevel: "mandatory",
  check: checkLeaks,
});
