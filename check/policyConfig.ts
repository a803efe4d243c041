import { tenantIsolationPolicies } from "../policypack/policies/allPolicies";
import { CheckSettings } from "./platformSettings";

/**
 * The `pulumi preview --policy-pack-config` file: the CLI configures each policy on its own, so
 * the same flat settings go under every policy name of the pack (exemptions included: each
 * exemption names its rule, and only the policy that reports that rule uses it).
 */
export function policyPackConfig(settings: CheckSettings): Record<string, CheckSettings> {
  return Object.fromEntries(tenantIsolationPolicies.map((policy) => [policy.name, settings]));
}
