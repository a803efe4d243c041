import { checkScope } from "../lib/checks/scopeChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-SCOPE-001..002. */
export const sharedDataScope = isolationPolicy({
  name: "shared-data-tenant-scope",
  description:
    "Checks whether IAM outside tenant scope stays away from the shared table, bucket and tenant inference profiles, and whether tenant IAM belongs to one identifiable tenant.",
  check: checkScope,
});
