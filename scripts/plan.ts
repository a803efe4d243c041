// `npm start`: the offline plan. Runs index.ts on Pulumi's mock engine against tenants.json
// (or --tenants FILE) with the stack's config, and prints what each tenant would get.
import * as pulumi from "@pulumi/pulumi";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadTenantsFile, readStackSettings, TenancyError, TenantsFileError } from "../components";
import { formatPlan, planAsJson } from "../plan/formatPlan";
import { runPlan } from "../plan/runPlan";
import { readStackConfig } from "../plan/stackConfig";

const PROJECT_DIR = resolve(__dirname, "..");
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
  const stack = values.stack ?? "dev";
  const config = readStackConfig(PROJECT_DIR, stack);
  if (values.tenants) config["tenancy:tenantsFile"] = resolve(values.tenants);
  // What the CLI would pass to the program in PULUMI_CONFIG.
  pulumi.runtime.setAllConfig(config);

  let specs;
  let source;
  try {
    const settings = readStackSettings(new pulumi.Config("tenancy"));
    const file = isAbsolute(settings.tenantsFile)
      ? settings.tenantsFile
      : join(PROJECT_DIR, settings.tenantsFile);
    source = relative(process.cwd(), file) || file;
    specs = loadTenantsFile(file, { namePrefix: settings.namePrefix, source });
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (values.json) {
      const issues = error instanceof TenantsFileError ? error.issues : [];
      console.log(
        JSON.stringify({ error: { code: error.code, message: error.message, issues } }, null, 2),
      );
    } else {
      console.error(error.message);
    }
    return 2;
  }

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real entrypoint, run on the mock engine
  const plan = await runPlan(() => require("../index"), {
    stack,
    cloud: {
      accountId: "123456789012",
      partition: "aws",
      region: config["aws:region"] ?? "us-east-1",
    },
  });
  console.log(
    values.json
      ? JSON.stringify(planAsJson(plan, specs), null, 2)
      : formatPlan(plan, specs, source),
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
