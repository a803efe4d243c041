import { exemptionFor } from "./exemptions";
import { Finding, violationMessage } from "./finding";
import { ResourceView } from "./resourceView";
import { PackSettings } from "./settings";

/**
 * Turns findings into violation messages, dropping those under an active exemption. An expired
 * or rejected exemption does not exempt, and the message says so, so nobody wonders why CI
 * turned red.
 */
export function judge(
  view: ResourceView,
  findings: readonly Finding[],
  settings: PackSettings,
  now: Date = new Date(),
): string[] {
  return findings.flatMap((found) => {
    const status = exemptionFor(
      settings.exemptions,
      view.urn,
      found.rule.id,
      settings.maxExemptionDays,
      now,
    );
    if (status.kind === "active") return [];
    const message = violationMessage(view, found);
    if (status.kind === "expired")
      return [
        `${message} (Exemption expired on ${status.exemption.expires}: ${status.exemption.reason}.)`,
      ];
    if (status.kind === "rejected")
      return [
        `${message} (Exemption rejected: expires ${JSON.stringify(status.exemption.expires)}, ${status.reason}: ${status.exemption.reason}.)`,
      ];
    return [message];
  });
}
