import { Exemption } from "./settings";

export type ExemptionStatus =
  | { readonly kind: "none" }
  | { readonly kind: "active"; readonly exemption: Exemption }
  | { readonly kind: "expired"; readonly exemption: Exemption }
  /** Not a date, or further ahead than maxExemptionDays: it never exempts. */
  | { readonly kind: "rejected"; readonly exemption: Exemption; readonly reason: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An exemption applies to one URN and one rule id until `expires` (a YYYY-MM-DD date, from 00:00
 * UTC of which it no longer applies). One that is not a real date, or expires more than
 * `maxDays` from now, is rejected: a far-off date would be a permanent exception in disguise.
 */
export function exemptionFor(
  exemptions: readonly Exemption[],
  urn: string,
  ruleId: string,
  maxDays: number,
  now: Date = new Date(),
): ExemptionStatus {
  const statuses = exemptions
    .filter((exemption) => exemption.urn === urn && exemption.rule === ruleId)
    .map((exemption) => statusOf(exemption, maxDays, now));
  return (
    statuses.find((status) => status.kind === "active") ??
    statuses.find((status) => status.kind === "rejected") ??
    statuses[0] ?? { kind: "none" }
  );
}

function statusOf(exemption: Exemption, maxDays: number, now: Date): ExemptionStatus {
  const expires = parseDate(exemption.expires);
  if (expires === undefined)
    return { kind: "rejected", exemption, reason: "it is not a date (YYYY-MM-DD)" };
  if (expires <= now.getTime()) return { kind: "expired", exemption };
  if (expires - now.getTime() > maxDays * DAY_MS)
    return {
      kind: "rejected",
      exemption,
      reason: `it is more than ${maxDays} days from now (maxExemptionDays)`,
    };
  return { kind: "active", exemption };
}

/** Milliseconds of 00:00 UTC on a real calendar date `YYYY-MM-DD`, else undefined. */
function parseDate(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? time
    : undefined;
}
