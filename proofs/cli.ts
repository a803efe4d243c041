// `npm run prove`: runs the program offline (mock engine), takes the IAM documents it
// registered, and proves with an IAM simulator that no tenant can reach another.
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TenancyError } from "../components/errors";
import { readStackSettings } from "../components/stackSettings";
import { loadTenantsFile, TenantSpec } from "../components/tenantsFile";
import { readStackConfig } from "../plan/stackConfig";
import { formatProofReport } from "./formatProofReport";
import { proofInputFromPlan } from "./fromPlan";
import { proveIsolation } from "./proveIsolation";

const PROJECT_DIR = resolve(__dirname, "..");
const ACCOUNT_ID = "123456789012";
const USAGE = `Usage: npm run prove -- [--tenants FILE] [--stack NAME] [--json]
  --tenants FILE  tenants file to prove (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME    stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --json          print the full report (every tenant x probe) as JSON
Exit codes: 0 isolation proved, 1 a probe, premise or simulator check failed, 2 invalid tenants file or config.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenants: { type: "string" },
      stack: { type: "string", default: "dev" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const stack = values.stack ?? "dev";
  const config = readStackConfig(PROJECT_DIR, stack);
  if (values.tenants) config["tenancy:tenantsFile"] = resolve(values.tenants);
  // The SDK reads PULUMI_CONFIG when it loads, so it must be set before anything imports it.
  process.env.PULUMI_CONFIG = JSON.stringify(config);

  // Loaded only now: these pull in the Pulumi SDK, which must see PULUMI_CONFIG first.
  const { runPlan } = require("../plan/runPlan") as typeof import("../plan/runPlan");
  const { platformLocation } = require("../components/tenantPlatform") as typeof import("../components/tenantPlatform");

  let specs: TenantSpec[];
  let settings;
  try {
    settings = readStackSettings({ get: (key: string) => config[`tenancy:${key}`] });
    const file = isAbsolute(settings.tenantsFile) ? settings.tenantsFile : join(PROJECT_DIR, settings.tenantsFile);
    specs = loadTenantsFile(file, { namePrefix: settings.namePrefix, source: relative(process.cwd(), file) || file });
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    console.error(error.message);
    return 2;
  }

  const cloud = { accountId: ACCOUNT_ID, partition: "aws", region: config["aws:region"] ?? "us-east-1" };
  const plan = await runPlan(() => require("../index"), { stack, cloud });
  const platform = platformLocation(settings.namePrefix, cloud.partition, cloud.region, cloud.accountId);
  const report = await proveIsolation(proofInputFromPlan(plan, specs, platform));
  console.log(values.json ? JSON.stringify(report, null, 2) : formatProofReport(report));
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
