import { EnforcementLevelSetting } from "./checkConfig";
import { CheckedResource } from "./checkedResource";
import { analyze, analyzeStack, configure, getAnalyzerInfo } from "./analyzerProtocol";
import { CheckSettings, derivePlatformSettings } from "./platformSettings";
import { RunningPolicyPack, startPolicyPack } from "./policyPackProcess";
import { Violation } from "./violation";

export interface AnalyzeOptions {
  /** Pack settings; each one given here wins over what is derived from the TenantPlatform. */
  readonly config?: CheckSettings;
  /** A pack already started with {@link startPolicyPack}, to share one child across runs. */
  readonly pack?: RunningPolicyPack;
  /** Directory of the pack to start when `pack` is not given (default: this repo's policypack/). */
  readonly packDir?: string;
  /** Enforcement levels that replace the ones the policies declare, by policy name. */
  readonly levels?: Readonly<Record<string, EnforcementLevelSetting>>;
  /** Analyze calls in flight at once (the CLI also overlaps them). */
  readonly concurrency?: number;
}

/**
 * Runs every resource through the policy pack over the analyzer protocol, as `pulumi preview
 * --policy-pack` does: GetAnalyzerInfo, Configure, Analyze per resource, then AnalyzeStack.
 */
export async function analyzeResources(
  resources: readonly CheckedResource[],
  options: AnalyzeOptions = {},
): Promise<Violation[]> {
  const pack = options.pack ?? (await startPolicyPack(options.packDir));
  try {
    const info = await getAnalyzerInfo(pack.client);
    const settings = { ...derivePlatformSettings(resources), ...options.config };
    await configure(pack.client, info, settings, options.levels);
    const perResource = await mapConcurrently(resources, options.concurrency ?? 16, (resource) =>
      analyze(pack.client, resource),
    );
    const stack = await analyzeStack(pack.client, resources);
    return [...perResource.flat(), ...stack];
  } finally {
    if (options.pack === undefined) await pack.stop();
  }
}

export function hasMandatoryViolations(violations: readonly Violation[]): boolean {
  return violations.some((violation) => violation.level === "mandatory");
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
