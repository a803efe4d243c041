// `npm start`: the offline plan. Runs index.ts on Pulumi's mock engine against tenants.json
// (or --tenants FILE) with the stack's config, compares it with a base (a git revision or a
// stack export) when given, checks every registered resource with the tenant-isolation pack and
// proves isolation.
import { readFileSync, writeFileSync } from "node:fs";
import { analyzeResources, hasMandatoryViolations } from "../check/analyzeResources";
import { formatViolations } from "../check/formatViolations";
import { ConfigError } from "../components/errors";
import { prepareBaseRun } from "../plan/baseRun";
import { DeployedStack, deployedStack } from "../plan/deployedStack";
import { formatChanges } from "../plan/formatChanges";
import { formatPlan, planAsJson } from "../plan/formatPlan";
import { environmentWarning } from "../plan/lambdaEnvironment";
import { runOfflineCommand } from "../plan/offlineCommand";
import { inAccount, OfflineRun, planProgram } from "../plan/offlineRun";
import { planChanges, PlanChanges } from "../plan/planChanges";
import { previewJson } from "../plan/previewJson";
import { Progress } from "../plan/progress";
import { protectedStoreChanges } from "../plan/protectedStoreChanges";
import { Plan } from "../plan/runPlan";
import packJson from "../policypack/package.json";
import { formatProofReport } from "../proofs/formatProofReport";
import { proofInputFromPlan } from "../proofs/fromPlan";
import { proveIsolation } from "../proofs/proveIsolation";

const USAGE = `Usage: npm start -- [options]      (npm start --silent -- --json for JSON alone on stdout)
  --tenants FILE       tenants file to plan (default: the stack's tenancy:tenantsFile, else tenants.json)
  --stack NAME         stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --base REF           compare with the same stack at git revision REF (its tenants file and config)
  --against FILE       compare with a \`pulumi stack export\` of the deployed stack; refuse edits
                       that would delete or replace a protected data store (exit 2)
  --tenant ID          show this tenant in full (repeatable)
  --verbose            show every tenant, every change and the probe x tenant matrix
  --emit-preview FILE  also write the plan as \`pulumi preview --json\` output (for npm run check)
  --json               print plan, changes, policy violations and proof summary as JSON
Steps: validate, plan on the mock engine, compare, run the tenant-isolation policy pack over the
analyzer protocol on every registered resource, prove isolation with an IAM policy simulator.
Progress and timings go to stderr when it is a terminal.
Exit codes: 0 all steps passed, 1 a mandatory policy violation or a failed proof,
2 bad arguments, invalid tenants file or config, or an edit of a protected store (--against).`;

runOfflineCommand(
  USAGE,
  async (run, { json, values }) => {
    const progress = new Progress();
    const base = values.base as string | undefined;
    const against = values.against as string | undefined;
    const focus = (values.tenant as string[] | undefined) ?? [];
    const verbose = values.verbose === true;
    if (base !== undefined && against !== undefined) {
      throw new ConfigError("--base", "compare with a git revision or a stack export, not both.");
    }
    const unknown = focus.filter((id) => !run.specs.some((spec) => spec.id === id));
    if (unknown.length > 0) {
      throw new ConfigError("--tenant", `${unknown.join(", ")} is not a tenant of ${run.source}.`);
    }
    const deployed = against === undefined ? undefined : readStackExport(against);
    const basePlan =
      base === undefined
        ? undefined
        : await progress.phase(`plan ${base}`, () => planProgram(prepareBaseRun(base, run.stack)));
    const head = deployed?.accountId === undefined ? run : inAccount(run, deployed.accountId);
    const plan = await progress.phase("plan", () => planProgram(head, deployed?.state));
    if (deployed !== undefined) {
      const refused = protectedStoreChanges(plan.resources, deployed.resources);
      if (refused.length > 0) {
        if (json) console.log(JSON.stringify({ protectedStoreChanges: refused }, null, 2));
        else
          console.log(
            `Refused: ${refused.length} edit(s) that pulumi up could never apply to ${against}:\n${refused.map((c) => `  ${c.message}`).join("\n")}`,
          );
        return 2;
      }
    }
    const before = basePlan?.resources ?? deployed?.resources;
    const changes = before === undefined ? undefined : planChanges(before, plan.resources);
    const emit = values["emit-preview"] as string | undefined;
    if (emit !== undefined) {
      writeFileSync(emit, `${JSON.stringify(previewJson(plan.resources, changes), null, 2)}\n`);
    }
    const violations = await progress.phase("pack", () => analyzeResources(plan.resources));
    const proof = await progress.phase("proofs", () =>
      proveIsolation(proofInputFromPlan(plan, head.specs, head.platform)),
    );
    const comparedWith = base ?? against ?? "";
    const environment = environmentWarning(
      plan.outputs.runtimeEnvironment as Record<string, string> | undefined,
    );
    const warnings = environment === undefined ? [] : [environment];
    if (json) {
      const timings = {
        ...progress.timings,
        cpuMs: progress.cpuMs,
        totalMs: progress.totalMs,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
      const report = jsonReport(plan, head, changes, violations, proof);
      console.log(JSON.stringify({ ...report, warnings, timings }, null, 2));
    } else {
      const view = { verbose, tenants: focus };
      const scoped = changes === undefined ? undefined : focusChanges(changes, focus);
      console.log(
        [
          ...(scoped === undefined
            ? []
            : [formatChanges(scoped, comparedWith, verbose ? Infinity : undefined), ""]),
          formatPlan(plan, head.specs, head.source, view),
          ...warnings.map((warning) => `\nWarning: ${warning}`),
          "",
          formatViolations(violations, packJson.version),
          ...(violations.length === 0
            ? [`    no violations in ${plan.resources.length} resources`]
            : []),
          "",
          "Isolation proofs",
          formatProofReport(proof, {
            table: focus.length > 0 || verbose ? "matrix" : "none",
            tenants: focus,
          }),
        ].join("\n"),
      );
    }
    return hasMandatoryViolations(violations) || !proof.ok ? 1 : 0;
  },
  {
    base: { type: "string" },
    against: { type: "string" },
    tenant: { type: "string", multiple: true },
    verbose: { type: "boolean", default: false },
    "emit-preview": { type: "string" },
  },
);

function readStackExport(file: string): DeployedStack {
  try {
    return deployedStack(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new ConfigError(
      "--against",
      `cannot read ${file}: ${(error as Error).message}. Fix: pass the output of pulumi stack export.`,
    );
  }
}

function focusChanges(changes: PlanChanges, focus: readonly string[]): PlanChanges {
  if (focus.length === 0) return changes;
  const kept = (tenant: string | undefined) => tenant === undefined || focus.includes(tenant);
  return {
    ...changes,
    changes: changes.changes.filter((c) => kept(c.tenant)),
    warnings: changes.warnings.filter((w) => kept(w.tenant)),
  };
}

function jsonReport(
  plan: Plan,
  run: OfflineRun,
  changes: PlanChanges | undefined,
  violations: Awaited<ReturnType<typeof analyzeResources>>,
  proof: Awaited<ReturnType<typeof proveIsolation>>,
) {
  const { ok, totals, tenants, premises, calibration } = proof;
  const failures = proof.results.filter((result) => result.verdict !== "pass");
  return {
    ...planAsJson(plan, run.specs),
    ...(changes === undefined ? {} : { changes }),
    violations,
    proofs: { ok, totals, tenants, failures, premises, calibration },
  };
}
