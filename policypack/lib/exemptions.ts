import { Exemption } from "./settings";

export type ExemptionStatus =
  | { readonly kind: "none" }
  | { readonly kind: "active"; readonly exemption: Exemption }
  | { readonly kind: "expired"; readonly exemption: Exemption };

/** An exemption applies to one URN and one rule id until `expires`; an unreadable date never exempts. */
export function exemptionFor(
  exemptions: readonly Exemption[],
  urn: string,
  ruleId: string,
  now: Date = new Date(),
): ExemptionStatus {
  const matching = exemptions.filter(
    (exemption) => exemption.urn === urn && exemption.rule === ruleId,
  );
  const active = matching.find((exemption) => Date.parse(exemption.expires) > now.getTime());
  if (active !== undefined) return { kind: "active", exemption: active };
  const [expired] = matching;
  return expired === undefined ? { kind: "none" } : { kind: "expired", exemption: expired };
}
