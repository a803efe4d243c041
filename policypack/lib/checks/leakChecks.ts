import { parsedDocuments } from "../documents";
import { ExampleRequest, Finding, finding } from "../finding";
import { holdingValue } from "../evaluation/conditions";
import { assumedConditions, decide, PlacedStatement } from "../evaluation/decide";
import { ProbeRequest } from "../evaluation/probeRequest";
import { probesFor } from "../evaluation/probes";
import { POOLED_REPRESENTATIVE, pooledSessionIds } from "../evaluation/pooledSessions";
import { KnownProfile, tenantTarget, TenantTarget } from "../evaluation/tenantTarget";
import { TENANT_TAG_KEY } from "../naming";
import { perView } from "../perView";
import { ConditionEntry, describeStatement } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RuleKind } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { actsAsTenant, tenantScope } from "../tenantScope";

/**
 * Evaluates a tenant resource's identity documents together, as IAM does for one principal,
 * against the representative requests of its tenant, and reports each allowed request of the
 * given kind: one finding per (rule, allowing statement), with the first request as the example.
 */
export function allowedProbeFindings(
  view: ResourceView,
  settings: PackSettings,
  kind: RuleKind,
  knownProfiles: readonly KnownProfile[] = NO_KNOWN_PROFILES,
): Finding[] {
  const groups = new Map<string, { probe: ProbeRequest; by: PlacedStatement; more: number }>();
  for (const { probe, by } of allowedProbes(view, settings, knownProfiles)) {
    if (probe.rule.kind !== kind) continue;
    const key = `${probe.rule.id}\n${by.location}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { probe, by, more: 0 });
    else group.more += 1;
  }
  return [...groups.values()].map(({ probe, by, more }) =>
    finding(
      probe.rule,
      by.location,
      `allows ${probe.action} on ${probe.resource}${more > 0 ? ` (and ${more} more representative request${more === 1 ? "" : "s"})` : ""}`,
      { fix: probe.fix, request: exampleRequest(probe, assumedConditions(by, probe)) },
    ),
  );
}

const NO_KNOWN_PROFILES: readonly KnownProfile[] = [];

/**
 * The allowed probes of a tenant resource's identity documents, evaluated once per view: the leak
 * and the contract policy both report from them.
 */
const allowedProbes = perView(
  (
    view: ResourceView,
    settings: PackSettings,
    knownProfiles: readonly KnownProfile[],
  ): readonly { probe: ProbeRequest; by: PlacedStatement }[] => {
    const scope = tenantScope(view, settings);
    if (!actsAsTenant(scope)) return [];
    const documents = parsedDocuments(view, ["identity"]);
    if (documents.length === 0) return [];
    const statements: PlacedStatement[] = documents.flatMap(({ source, document }) =>
      document.statements.map((statement) => ({
        statement,
        document,
        location: `${source.location} ${describeStatement(statement)}`,
      })),
    );
    const docs = documents.map(({ document }) => document);
    // A shard role's session is whichever tenant its tag names: judge it as each representative.
    const sessions =
      scope.kind === "tenant"
        ? [tenantTarget(scope.tenantId, settings, docs, knownProfiles)]
        : pooledSessionIds(docs).map((id) =>
            tenantTarget(id, settings, docs, knownProfiles, scope.roleName),
          );
    return sessions.flatMap((target) =>
      probesFor(statements, target).flatMap((probe) => {
        const decision = decide(statements, probe);
        return decision.kind === "allowed"
          ? [{ probe: pooledFix(probe, target), by: decision.by }]
          : [];
      }),
    );
  },
);

/** A shard role's fix names the session's tag where a tenant role's names its id. */
function pooledFix(probe: ProbeRequest, target: TenantTarget): ProbeRequest {
  return target.pooledRoleName === undefined || target.tenantId !== POOLED_REPRESENTATIVE
    ? probe
    : { ...probe, fix: probe.fix.replaceAll(POOLED_REPRESENTATIVE, PRINCIPAL_TENANT) };
}

const PRINCIPAL_TENANT = `\${aws:PrincipalTag/${TENANT_TAG_KEY}}`;

/**
 * The request a finding shows. A condition on a key the pack does not model was taken to hold;
 * the request then carries a value that makes it hold, or says what it assumes.
 */
function exampleRequest(probe: ProbeRequest, assumed: readonly ConditionEntry[]): ExampleRequest {
  const set = assumed.flatMap((entry) => {
    const value = holdingValue(entry);
    return value === undefined ? [] : [[entry.key, [value]] as const];
  });
  const others = assumed.filter((entry) => holdingValue(entry) === undefined);
  return {
    action: probe.action,
    resource: probe.resource,
    context: { ...probe.context.describe(), ...Object.fromEntries(set) },
    stands:
      others.length === 0
        ? probe.stands
        : `${probe.stands}; assuming ${others.map((entry) => `${entry.operator} ${entry.key} ${JSON.stringify(entry.values)}`).join(" and ")} ${others.length === 1 ? "holds" : "hold"}`,
  };
}

/** TI-LEAK-001..004 on a tenant's identity documents. */
export function checkLeaks(view: ResourceView, settings: PackSettings): Finding[] {
  return allowedProbeFindings(view, settings, "leak");
}
