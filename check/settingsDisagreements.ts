import { CheckSettings } from "./platformSettings";

const COMPARED = [
  ["accountId", "account", "the stack's ARNs name"],
  ["region", "region", "the stack's bucket name says"],
  ["namePrefix", "name prefix", "the stack's TenantPlatform is"],
  ["tableName", "table", "the stack's table is"],
  ["bucketName", "bucket", "the stack's bucket is"],
] as const;

/**
 * Where the configured settings and what the stack shows differ, e.g. `settings name account
 * "111111111111"; the stack's ARNs name "123456789012"`. Rules then look for the shared stores in
 * the wrong place, so the checker says so.
 */
export function settingsDisagreements(
  configured: CheckSettings,
  fromStack: CheckSettings,
): string[] {
  return COMPARED.flatMap(([key, noun, source]) => {
    const wanted = configured[key];
    const seen = fromStack[key];
    return wanted !== undefined && seen !== undefined && wanted !== seen
      ? [`settings name ${noun} "${wanted}"; ${source} "${seen}"`]
      : [];
  });
}
