// `npm run prove`: runs the program offline (mock engine), takes the IAM documents it
// registered, and proves with an IAM simulator that no tenant can reach another.
import { runOfflineCommand } from "../plan/offlineCommand";
import { planProgram } from "../plan/offlineRun";
import { formatProofReport } from "./formatProofReport";
import { proofInputFromPlan } from "./fromPlan";
import { proveIsolation } from "./proveIsolation";

const USAGE = `Usage: npm run prove -- [--tenants FILE] [--stack NAME] [--json]
  --tenants FILE  tenants file to prove (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME    stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --json          print the full report (every tenant x probe) as JSON
Exit codes: 0 isolation proved, 1 a probe, premise or simulator check failed, 2 invalid tenants file or config.`;

runOfflineCommand(USAGE, async (run, { json }) => {
  const plan = await planProgram(run);
  const report = await proveIsolation(proofInputFromPlan(plan, run.specs, run.platform));
  console.log(json ? JSON.stringify(report, null, 2) : formatProofReport(report));
  return report.ok ? 0 : 1;
});
