import { checkKnownAtPreview } from "../lib/checks/unknownChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-UNK-001. */
export const knownAtPreview = isolationPolicy({
  name: "iam-known-at-preview",
  description:
    "Checks whether IAM documents, trust policies and app-client write attributes are known at preview, so they can be judged before deployment.",
  check: checkKnownAtPreview,
});
