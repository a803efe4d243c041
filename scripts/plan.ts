// `npm start`: the offline plan. Runs index.ts on Pulumi's mock engine against tenants.json
// (or --tenants FILE) with the stack's config, prints what each tenant would get, then checks
// every registered resource with the tenant-isolation pack and proves isolation.
import { parseArgs } from "node:util";
import { TenancyError, TenantsFileError } from "../components/errors";
import { formatPlan, planAsJson } from "../plan/formatPlan";
import { planProgram, prepareOfflineRun } from "../plan/offlineRun";

const USAGE = `Usage: npm start -- [--tenants FILE] [--stack NAME] [--json]
  --tenants FILE  tenants file to plan (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME    stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --json          print the plan as JSON
Exit codes: 0 plan printed, 2 invalid tenants file or config.`;

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
  let run;
  try {
    run = prepareOfflineRun({ tenantsFile: values.tenants, stack: values.stack ?? "dev" });
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (values.json) {
      const issues = error instanceof TenantsFileError ? error.issues : [];
      const report = { error: { code: error.code, message: error.message, issues } };
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.error(error.message);
    }
    return 2;
  }
  const plan = await planProgram(run);
  console.log(
    values.json
      ? JSON.stringify(planAsJson(plan, run.specs), null, 2)
      : formatPlan(plan, run.specs, run.source),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
