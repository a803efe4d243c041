import { checkTrust } from "../lib/checks/trustChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-TRUST-001..006. */
export const roleTrust = isolationPolicy({
  name: "tenant-role-trust",
  description:
    "Checks whether trust and resource policies name exact principals, and whether each tenant or pooled shard role trusts only the workload role with a pinned tenantId session tag.",
  check: checkTrust,
});
