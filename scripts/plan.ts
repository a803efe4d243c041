// `npm start`: the offline plan. Runs index.ts on Pulumi's mock engine against tenants.json
// (or --tenants FILE) with the stack's config, prints what each tenant would get, then checks
// every registered resource with the tenant-isolation pack and proves isolation.
import { analyzeResources, hasMandatoryViolations } from "../check/analyzeResources";
import { formatViolations } from "../check/formatViolations";
import { readFileSync } from "node:fs";
import { resourcesFromState } from "../check/pulumiJson";
import { formatPlan, planAsJson } from "../plan/formatPlan";
import { runOfflineCommand } from "../plan/offlineCommand";
import { planProgram } from "../plan/offlineRun";
import { protectedStoreChanges } from "../plan/protectedStoreChanges";
import packJson from "../policypack/package.json";
import { formatProofReport } from "../proofs/formatProofReport";
import { proofInputFromPlan } from "../proofs/fromPlan";
import { proveIsolation } from "../proofs/proveIsolation";

const USAGE = `Usage: npm start -- [--tenants FILE] [--stack NAME] [--against FILE] [--json]
  --tenants FILE  tenants file to plan (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME    stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --against FILE  a \`pulumi stack export\` of the deployed stack: refuse edits that would delete or
                  replace a protected data store (exit 2), which \`pulumi up\` could never apply
  --json          print the plan, the policy violations and the proof summary as JSON
Steps: validate, plan on the mock engine, run the tenant-isolation policy pack over the analyzer
protocol on every registered resource, prove isolation with an IAM policy simulator.
Exit codes: 0 all steps passed, 1 a mandatory policy violation or a failed proof,
2 invalid tenants file or config, or an edit of a protected store (with --against).`;

runOfflineCommand(
  USAGE,
  async (run, { json, against }) => {
    const plan = await planProgram(run);
    if (against !== undefined) {
      let deployed;
      try {
        deployed = resourcesFromState(JSON.parse(readFileSync(against, "utf8")));
      } catch (error) {
        console.error(`--against: cannot read ${against}: ${(error as Error).message}`);
        return 2;
      }
      const refused = protectedStoreChanges(plan.resources, deployed);
      if (refused.length > 0) {
        if (json) console.log(JSON.stringify({ protectedStoreChanges: refused }, null, 2));
        else
          console.log(
            `Refused: ${refused.length} edit(s) that pulumi up could never apply to ${against}:\n${refused.map((c) => `  ${c.message}`).join("\n")}`,
          );
        return 2;
      }
    }
    const violations = await analyzeResources(plan.resources);
    const proof = await proveIsolation(proofInputFromPlan(plan, run.specs, run.platform));
    if (json) {
      const { ok, totals, tenants, premises, calibration } = proof;
      const failures = proof.results.filter((result) => result.verdict !== "pass");
      const proofSummary = { ok, totals, tenants, failures, premises, calibration };
      const report = { ...planAsJson(plan, run.specs), violations, proofs: proofSummary };
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(formatPlan(plan, run.specs, run.source));
      console.log(`\n${formatViolations(violations, packJson.version)}`);
      if (violations.length === 0)
        console.log(`    no violations in ${plan.resources.length} resources`);
      console.log(`\nIsolation proofs\n${formatProofReport(proof)}`);
    }
    return hasMandatoryViolations(violations) || !proof.ok ? 1 : 0;
  },
  { against: true },
);
