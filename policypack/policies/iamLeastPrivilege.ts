import { checkIam } from "../lib/checks/iamChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-IAM-001..005. */
export const iamLeastPrivilege = isolationPolicy({
  name: "iam-least-privilege",
  description:
    "Checks whether IAM documents avoid wildcard write actions, Not-elements with Allow, privilege escalation, unreadable documents and managed policies on tenant roles.",
  check: checkIam,
});
