import { calibrateSimulator } from "./calibration";
import { conditionKeysFor } from "./conditionKeys";
import { builderShape, isGeneratedWorkload } from "./documentShape";
import { type GeneratedShard, generatedShards, pooledProbeKey } from "./pooledShape";
import { checkPremises } from "./premises";
import type { Probe } from "./probe";
import { probesFor } from "./probeCatalogue";
import type { ProofInput, TenantDocuments } from "./proofInput";
import type { ProbeResult, ProofReport, TenantSummary } from "./proofReport";
import { pooledRepresentativesOf, representativesOf } from "./representatives";
import { simulate, type SimulationDocuments } from "./simulate";

/** What the simulator said about one probe, without the tenant it was asked for. */
type Judgement = Omit<
  ProbeResult,
  "tenantId" | "probe" | "expected" | "explanation" | "request"
> & {
  readonly reason: string;
};

/**
 * Evaluates every tenant's generated documents against its fixed probe set with an IAM
 * simulator, offline. Cost is linear in the number of tenants: each tenant is probed against a
 * fixed handful of foreign ids, never against every other tenant. Tenants whose documents are
 * exactly the builders' output for their id share the simulations of the first tenant of their
 * shape (status and models); pooled tenants of a shard whose documents are the builders' share
 * the probes whose verdicts provably agree (pooledShape.ts); every other tenant is simulated on
 * its own.
 */
export async function proveIsolation(
  input: ProofInput,
  options: { readonly shareShapes?: boolean } = {},
): Promise<ProofReport> {
  const shareShapes =
    (options.shareShapes ?? true) && isGeneratedWorkload(input.workload, input.platform);
  const started = performance.now();
  const calibration = await calibrateSimulator();
  const results: ProbeResult[] = [];
  const premises = [];
  const tenants: TenantSummary[] = [];
  const judgedShapes = new Map<string, ReadonlyMap<string, Judgement>>();
  const shards = shareShapes
    ? generatedShards(input.tenants, input.platform)
    : new Map<string, GeneratedShard>();
  const judgedPooled = new Map<string, Judgement>();
  let simulations = calibration.length;
  for (const [index, tenant] of input.tenants.entries()) {
    // The next declared tenant stands in for "a real neighbour"; see representatives.ts.
    const neighbour = input.tenants[(index + 1) % input.tenants.length]?.tenantId;
    const probes = probesFor({
      platform: input.platform,
      workload: input.workload,
      tenant,
      representatives: [
        ...representativesOf(tenant.tenantId, neighbour),
        ...(tenant.isolation === "pooled" && input.tiers !== undefined
          ? pooledRepresentativesOf(tenant.tenantId, input.tiers)
          : []),
      ],
      tenantResources: input.tenantResources,
      ...(input.tiers === undefined ? {} : { tiers: input.tiers }),
    });
    const shape = shareShapes ? builderShape(tenant, input.platform) : undefined;
    const judged = shape === undefined ? undefined : judgedShapes.get(shape);
    const judgements = new Map<string, Judgement>();
    const own: ProbeResult[] = [];
    const shard = tenant.isolation === "pooled" ? shards.get(tenant.roleArn) : undefined;
    for (const probe of probes) {
      const key =
        shard === undefined
          ? undefined
          : pooledProbeKey(probe, tenant, shard, input.workload.identityPolicy);
      let judgement = key === undefined ? judged?.get(probe.name) : judgedPooled.get(key);
      if (judgement === undefined) {
        judgement = await judge(probe, tenant, input.platform.accountId);
        simulations += 1;
        if (key !== undefined) judgedPooled.set(key, judgement);
      }
      judgements.set(probe.name, judgement);
      own.push(resultOf(probe, tenant, judgement));
    }
    if (shape !== undefined && judged === undefined) judgedShapes.set(shape, judgements);
    results.push(...own);
    premises.push(...checkPremises(tenant, input.platform, input.tiers));
    tenants.push({
      tenantId: tenant.tenantId,
      status: tenant.status,
      probes: own.length,
      failed: own.filter((r) => r.verdict === "fail").length,
      unproven: own.filter((r) => r.verdict === "unproven").length,
    });
  }
  const failed = results.filter((r) => r.verdict === "fail").length;
  const unproven = results.filter((r) => r.verdict === "unproven").length;
  return {
    ok: failed === 0 && premises.every((p) => p.holds) && calibration.every((c) => c.ok),
    tenants,
    results,
    premises,
    calibration,
    totals: {
      probes: results.length,
      passed: results.length - failed - unproven,
      failed,
      unproven,
      simulations,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

async function judge(probe: Probe, tenant: TenantDocuments, accountId: string): Promise<Judgement> {
  const documents: SimulationDocuments =
    probe.documents.kind === "identity"
      ? {
          identity: { label: "identity", policy: tenant.identityPolicy },
          moreIdentity: (tenant.otherIdentityPolicies ?? []).map((other) => ({
            label: `identity[${other.name}]` as const,
            policy: other.policy,
          })),
          ...(probe.documents.resourcePolicy === undefined
            ? {}
            : { resource: probe.documents.resourcePolicy, resourceLabel: "resource" as const }),
        }
      : {
          identity: { label: "caller", policy: probe.documents.callerPolicy },
          resource: tenant.trustPolicy,
        };
  const evaluation = await simulate(probe.request, documents, accountId);
  const asExpected = evaluation.outcome === probe.expect;
  const tested = conditionKeysFor(
    probe.request.action,
    documents.identity.policy,
    ...(documents.moreIdentity ?? []).map((other) => other.policy),
    documents.resource,
  );
  const dropped = evaluation.ignoredContextKeys.filter((key) => tested.has(key.toLowerCase()));
  // A dropped key means the simulator judged a different request than the real one: a deny it
  // finds proves nothing (fail, the isolation claim is open); an allow only shows availability.
  const verdict =
    dropped.length === 0
      ? asExpected
        ? "pass"
        : "fail"
      : probe.expect === "allowed"
        ? "unproven"
        : "fail";
  const caveat =
    dropped.length === 0
      ? ""
      : `; the simulator dropped ${dropped.join(", ")} for ${probe.request.action}`;
  return {
    actual: evaluation.outcome,
    verdict,
    ...(evaluation.decidingStatement === undefined
      ? {}
      : { decidingStatement: evaluation.decidingStatement }),
    reason: `${evaluation.reason}${caveat}`,
  };
}

function resultOf(probe: Probe, tenant: TenantDocuments, judgement: Judgement): ProbeResult {
  const { reason, ...verdict } = judgement;
  const result: ProbeResult = {
    tenantId: tenant.tenantId,
    probe: probe.name,
    expected: probe.expect,
    ...verdict,
    explanation: `${probe.why}: ${reason}`,
  };
  return judgement.verdict === "pass" ? result : { ...result, request: probe.request };
}
