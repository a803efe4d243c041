import { ResourceCheck } from "../finding";
import { checkCognito } from "./cognitoChecks";
import { checkIam } from "./iamChecks";
import { checkLeaks } from "./leakChecks";
import { checkScope } from "./scopeChecks";
import { checkTrust } from "./trustChecks";
import { checkKnownAtPreview } from "./unknownChecks";

/**
 * Every mandatory per-resource rule, as the per-resource policies run them; the stack policy runs
 * them again on references it traces. (The advisory contract rules run at resource level only.)
 */
export const RESOURCE_CHECKS: readonly ResourceCheck[] = [
  checkLeaks,
  checkIam,
  checkTrust,
  checkCognito,
  checkScope,
  checkKnownAtPreview,
];
