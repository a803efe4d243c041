import { expect } from "chai";
import { analyzeInProcess } from "../../check/analyzeInProcess";
import { CheckedResource } from "../../check/checkedResource";
import { CheckSettings, derivePlatformSettings } from "../../check/platformSettings";
import { ruleIdOf } from "../../check/violation";
import { PLATFORM } from "./tenantStackFixture";

// Compliance-corpus style: a known-good stack from the real builders, then one-field mutations,
// each with the exact set of rule ids it must produce.

export const BUCKET = `arn:aws:s3:::${PLATFORM.bucketName}`;
export const TABLE = `arn:aws:dynamodb:${PLATFORM.region}:${PLATFORM.accountId}:table/${PLATFORM.tableName}`;
export const PROFILES = `arn:aws:bedrock:${PLATFORM.region}:${PLATFORM.accountId}:application-inference-profile/*`;
export const MODELS = `arn:aws:bedrock:${PLATFORM.region}::foundation-model/*`;
export const TENANT_ROLES = `arn:aws:iam::${PLATFORM.accountId}:role/tenants/dev-tenant-*`;

export interface Case {
  readonly name: string;
  readonly resources: CheckedResource[];
  readonly rules: string[];
  readonly settings?: CheckSettings;
}

export const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: "Added",
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});

/** `YYYY-MM-DD`, `days` from today (UTC). */
export const daysFromNow = (days: number): string =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

export const document = (...statements: unknown[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The distinct rule ids the pack reports, sorted (an SDK message without an id counts as itself). */
export async function ruleIds(
  resources: readonly CheckedResource[],
  settings?: CheckSettings,
): Promise<string[]> {
  const violations = await analyzeInProcess(
    resources,
    settings ?? derivePlatformSettings(resources),
  );
  return [
    ...new Set(violations.map((violation) => ruleIdOf(violation) ?? violation.message)),
  ].sort();
}

export function runCases(cases: readonly Case[]): void {
  for (const testCase of cases) {
    it(`${testCase.name} -> ${testCase.rules.join(", ") || "no violations"}`, async () => {
      expect(await ruleIds(testCase.resources, testCase.settings)).to.deep.equal(
        [...testCase.rules].sort(),
      );
    });
  }
}
