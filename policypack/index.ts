import { PolicyPack } from "@pulumi/policy";
import { tenantIsolationPolicies } from "./policies/allPolicies";

new PolicyPack("tenant-isolation", {
  enforcementLevel: "mandatory",
  policies: tenantIsolationPolicies,
});
