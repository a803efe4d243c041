import { checkStack } from "../lib/checks/stackChecks";
import { isolationStackPolicy } from "../lib/isolationPolicy";

/** TI-STACK-001..003. */
export const tenantStack = isolationStackPolicy({
  name: "tenant-stack-isolation",
  description:
    "Checks whether every tenant has its role, policy and group, names only itself in its IAM, and has an id no other tenant shares.",
  check: checkStack,
});
