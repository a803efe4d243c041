import * as pulumi from "@pulumi/pulumi";
import { isAbsolute, join, relative, resolve } from "node:path";
import { PlatformLocation } from "../components/policies/arns";
import { readStackSettings, StackSettings } from "../components/stackSettings";
import { platformLocation } from "../components/tenantPlatform";
import { loadTenantsFile, TenantSpec } from "../components/tenantsFile";
import { checkQuotas } from "../components/quotas";
import { DeployedState, MockCloud } from "./mockEngine";
import { Plan, runPlan } from "./runPlan";
import { readStackConfig } from "./stackConfig";

export const PROJECT_DIR = resolve(__dirname, "..");

/** The account every offline run pretends to be in; only names depend on it. */
export const OFFLINE_ACCOUNT_ID = "123456789012";

export interface OfflineRunOptions {
  /** Tenants file to use instead of the stack's `tenancy:tenantsFile`. */
  readonly tenantsFile?: string;
  /** Stack whose `Pulumi.<stack>.yaml` supplies the config. */
  readonly stack: string;
  /** Directory holding `Pulumi.<stack>.yaml` (default: the project). */
  readonly configDir?: string;
  /** How messages name the tenants file (default: its path relative to the working directory). */
  readonly source?: string;
}

/** Everything an offline command needs before it runs the program: validated, or thrown. */
export interface OfflineRun {
  readonly stack: string;
  /** The stack's config as the CLI would hand it to the program. */
  readonly config: Readonly<Record<string, string>>;
  readonly settings: StackSettings;
  readonly specs: TenantSpec[];
  /** The tenants file as the user would name it, for messages. */
  readonly source: string;
  /** Its absolute path. */
  readonly tenantsFile: string;
  readonly cloud: MockCloud;
  readonly platform: PlatformLocation;
}

/**
 * Loads the stack's config into the SDK (as the CLI would through PULUMI_CONFIG) and validates
 * settings and tenants file. Throws a TenancyError listing every problem.
 */
export function prepareOfflineRun(options: OfflineRunOptions): OfflineRun {
  const config = readStackConfig(options.configDir ?? PROJECT_DIR, options.stack);
  if (options.tenantsFile) config["tenancy:tenantsFile"] = resolve(options.tenantsFile);
  pulumi.runtime.setAllConfig(config);
  const aws = new pulumi.Config("aws");
  // Offline there is no environment to fall back on: the stack file must name the region.
  const region = aws.get("region");
  const settings = readStackSettings(new pulumi.Config("tenancy"), {
    stack: options.stack,
    region,
    allowedAccountIds: aws.getObject<string[]>("allowedAccountIds"),
  });
  const file = isAbsolute(settings.tenantsFile)
    ? settings.tenantsFile
    : join(PROJECT_DIR, settings.tenantsFile);
  const source = options.source ?? (relative(process.cwd(), file) || file);
  const specs = loadTenantsFile(file, {
    namePrefix: settings.namePrefix,
    source,
    region: settings.region,
    defaultIsolation: settings.defaultIsolation,
  });
  // The same check index.ts makes, so an offline command exits 2 with it before planning.
  checkQuotas(settings, specs);
  const cloud = {
    // The stack's own account when it pins one, so names read as they will in AWS.
    accountId: settings.importRetained?.accountId ?? OFFLINE_ACCOUNT_ID,
    partition: "aws",
    region: settings.region,
  };
  const platform = platformLocation(
    settings.namePrefix,
    cloud.partition,
    cloud.region,
    cloud.accountId,
    settings.indexes.map((index) => index.name),
  );
  return {
    stack: options.stack,
    config,
    settings,
    specs,
    source,
    tenantsFile: file,
    cloud,
    platform,
  };
}

/** The same run in another account (the one a deployed stack's ARNs name), so names match it. */
export function inAccount(run: OfflineRun, accountId: string): OfflineRun {
  const cloud = { ...run.cloud, accountId };
  const { namePrefix } = run.settings;
  return {
    ...run,
    cloud,
    platform: platformLocation(
      namePrefix,
      cloud.partition,
      cloud.region,
      accountId,
      run.platform.indexNames,
    ),
  };
}

/**
 * Runs the real entrypoint, index.ts, on the mock engine with the run's config. Resources
 * named in `deployed` get that state's ids and outputs, as the engine gives them for a stack
 * that exists.
 */
export function planProgram(run: OfflineRun, deployed?: DeployedState): Promise<Plan> {
  pulumi.runtime.setAllConfig({ ...run.config });
  const entrypoint = require.resolve("../index");
  // index.ts registers resources when loaded: load it afresh for every plan.
  delete require.cache[entrypoint];
  return runPlan(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require(entrypoint),
    { stack: run.stack, cloud: run.cloud, deployed },
  );
}
