import { ResourceView } from "../../../policypack/lib/resourceView";
import { PackSettings, readSettings } from "../../../policypack/lib/settings";
import { PlannedResource } from "../../../plan/plannedResource";
import { PLATFORM } from "../tenantStackFixture";

// The pack's stack rules called in process on a planned stack, as AnalyzeStack hands them views.

export function viewsOf(resources: readonly PlannedResource[]): ResourceView[] {
  return resources.map((item) => ({
    type: item.type,
    urn: item.urn,
    name: item.name,
    parent: item.parent,
    props: item.inputs,
  }));
}

const LOCATION = {
  partition: PLATFORM.partition,
  region: PLATFORM.region,
  namePrefix: PLATFORM.namePrefix,
  tableName: PLATFORM.tableName,
  bucketName: PLATFORM.bucketName,
};

/** The settings of the fixture's platform. */
export const SETTINGS: PackSettings = readSettings({ ...LOCATION, accountId: PLATFORM.accountId });
/** The same without accountId: the stack's own ARNs must tell the account. */
export const NO_ACCOUNT: PackSettings = readSettings(LOCATION);

/** `<rule id> <resource name> | <location> | <value>` of each finding, for exact comparisons. */
export function described(findings: readonly { view: ResourceView; finding: any }[]): string[] {
  return findings.map(
    ({ view, finding }) =>
      `${finding.rule.id} ${view.name} | ${finding.location} | ${finding.value}`,
  );
}
