import { KnownProfile } from "../evaluation/tenantTarget";
import { StackFinding } from "../finding";
import { isRecord } from "../policyDocument";
import { INFERENCE_PROFILE, ResourceView } from "../resourceView";
import { PackSettings } from "../settings";
import { allowedProbeFindings } from "./leakChecks";

/**
 * TI-LEAK-003 for grants that name another tenant's inference profile by its exact ARN. Profile
 * ARNs are outputs: a stack export or the preview of an existing stack shows them, and then the
 * tenant's own profiles are recognised by ARN and every other one is tried.
 */
export function checkKnownProfiles(
  views: readonly ResourceView[],
  settings: PackSettings,
): StackFinding[] {
  const profiles = views.flatMap((view): KnownProfile[] => {
    if (view.type !== INFERENCE_PROFILE || typeof view.props.arn !== "string") return [];
    const tags = isRecord(view.props.tags) ? view.props.tags : {};
    return [
      {
        arn: view.props.arn,
        tags: Object.fromEntries(
          Object.entries(tags).filter(
            (entry): entry is [string, string] => typeof entry[1] === "string",
          ),
        ),
      },
    ];
  });
  if (profiles.length === 0) return [];
  const arns = new Set(profiles.map((profile) => profile.arn));
  return views.flatMap((view) =>
    allowedProbeFindings(view, settings, "leak", profiles)
      .filter((found) => found.request !== undefined && arns.has(found.request.resource))
      .map((finding) => ({ view, finding })),
  );
}
