// `npm run prove`: runs the program offline (mock engine), takes the IAM documents it
// registered, and proves with an IAM simulator that no tenant can reach another.
import { readFileSync } from "node:fs";
import { CheckConfigError, readCheckConfig } from "../check/checkConfig";
import { runOfflineCommand } from "../plan/offlineCommand";
import { planProgram } from "../plan/offlineRun";
import { formatProofReport } from "./formatProofReport";
import { proofInputFromPlan } from "./fromPlan";
import { proveIsolation } from "./proveIsolation";

const USAGE = `Usage: npm run prove -- [--tenants FILE] [--stack NAME] [--policy-config FILE] [--json]
  --tenants FILE        tenants file to prove (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME          stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --policy-config FILE  the pack's settings, as for npm run check --config (flat, or per policy as for
                        pulumi preview --policy-pack-config): its tenantResources are probed too
                        (default: none, as npm run check without --config)
  --json                print the full report (every tenant x probe) as JSON
Exit codes: 0 isolation proved, 1 a probe, premise or simulator check failed, 2 invalid tenants file, config or policy config.`;

runOfflineCommand(
  USAGE,
  async (run, { json, values }) => {
    const configFile = values["policy-config"];
    let tenantResources;
    try {
      tenantResources =
        typeof configFile === "string"
          ? readCheckConfig(JSON.parse(readFileSync(configFile, "utf8"))).tenantResources
          : undefined;
    } catch (err) {
      const unreadable = err instanceof Error && "code" in err;
      if (!(err instanceof CheckConfigError || err instanceof SyntaxError || unreadable)) throw err;
      console.error(`${err.message}\nFix the pack configuration (${String(configFile)}).`);
      return 2;
    }
    const plan = await planProgram(run);
    const input = proofInputFromPlan(plan, run.specs, run.platform);
    const report = await proveIsolation({ ...input, tenantResources });
    console.log(json ? JSON.stringify(report, null, 2) : formatProofReport(report));
    return report.ok ? 0 : 1;
  },
  { "policy-config": { type: "string" } },
);
