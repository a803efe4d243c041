import { checkBedrock } from "../lib/checks/bedrockChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-BR-001..003. */
export const bedrockOwnProfiles = isolationPolicy({
  name: "tenant-bedrock-own-profiles",
  description:
    "Checks whether tenant IAM invokes Bedrock only through the tenant's own application inference profiles, and foundation models only through them.",
  check: checkBedrock,
});
