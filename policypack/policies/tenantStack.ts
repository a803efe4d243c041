import { checkStack } from "../lib/checks/stackChecks";
import { isolationStackPolicy } from "../lib/isolationPolicy";

/** TI-STACK-001..003, TI-TRUST-006 on shard roles' members, and the rules that need references resolved across the stack. */
export const tenantStack = isolationStackPolicy({
  name: "tenant-stack-isolation",
  description:
    "Checks whether every tenant has its role, policy and group (a pooled tenant: a shard role that admits it, and only active pooled tenants are admitted), names only itself in its IAM, and has an id no other tenant shares; and judges what only the whole stack shows: attached policies and roles traced through their references, and roles that another resource lets assume tenant roles.",
  check: checkStack,
});
