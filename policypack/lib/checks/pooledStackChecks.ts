import { TENANT_TAG_KEY } from "../naming";
import { parsedDocuments } from "../documents";
import { finding, show, StackFinding } from "../finding";
import { conditionsOn, describeStatement, isAllow } from "../policyDocument";
import { ResourceView, ROLE } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { StackIndex } from "../stackIndex";
import { tenantScope } from "../tenantScope";
import { grantedFrom } from "../actions";

/**
 * What only the whole stack tells about pooled shard roles: every id a shard's trust admits is
 * an active pooled tenant of the stack (TI-TRUST-006; a dedicated, suspended or undeclared id
 * would get a session scoped to that tenant's data), and every active pooled tenant is admitted by some
 * shard (TI-STACK-002: otherwise it has no role at all). A pooled tenant is suspended when a
 * shard's policy denies its tag (the status is not a Tenant input: suspending a tenant changes
 * only its policy and its users).
 */
export function checkPooledMembers(index: StackIndex, settings: PackSettings): StackFinding[] {
  const tenants = index.declaredTenants();
  const shardViews = index.views.filter((view) => tenantScope(view, settings).kind === "pooled");
  const suspended = deniedTags(shardViews);
  const admitted = new Set<string>();
  const findings: StackFinding[] = [];
  for (const view of shardViews) {
    if (view.type !== ROLE) continue;
    for (const { source, document } of parsedDocuments(view, ["trust"])) {
      for (const statement of document.statements.filter(isAllow)) {
        if (grantedFrom(statement.actions, ["sts:AssumeRole", "sts:TagSession"]).length === 0)
          continue;
        const ids = conditionsOn(statement, `aws:RequestTag/${TENANT_TAG_KEY}`).flatMap(
          (entry) => entry.values,
        );
        ids.forEach((id) => admitted.add(id));
        const strangers = ids.flatMap((id) => {
          const tenant = tenants.get(id);
          const why =
            tenant === undefined
              ? "is no tenant of this stack"
              : tenant.isolation !== "pooled"
                ? "is a dedicated tenant"
                : suspended.has(id)
                  ? "is a suspended pooled tenant (a shard policy denies its tag)"
                  : undefined;
          return why === undefined ? [] : [`${show(id)} ${why}`];
        });
        if (strangers.length > 0)
          findings.push({
            view,
            finding: finding(
              RULES.trustPooledTag,
              `${source.location} ${describeStatement(statement)}`,
              `the trust admits sessions tagged ${strangers.join(", ")}`,
              { fix: "list only the shard's active pooled tenants (components/pooledShards.ts)" },
            ),
          });
      }
    }
  }
  for (const [id, tenant] of tenants) {
    if (tenant.isolation !== "pooled" || suspended.has(id) || admitted.has(id)) continue;
    findings.push({
      view: tenant.view,
      finding: finding(
        RULES.stackIncompleteTenant,
        "children",
        `pooled tenant ${show(id)} is admitted by no pooled shard role's trust`,
      ),
    });
  }
  return findings;
}

/** Tag values the shard roles' policies deny outright: the suspended pooled tenants. */
function deniedTags(shardViews: readonly ResourceView[]): Set<string> {
  const denied = new Set<string>();
  for (const view of shardViews)
    for (const { document } of parsedDocuments(view, ["identity"]))
      for (const statement of document.statements)
        if (!isAllow(statement))
          for (const entry of conditionsOn(statement, `aws:PrincipalTag/${TENANT_TAG_KEY}`))
            if (entry.operator === "StringEquals") entry.values.forEach((id) => denied.add(id));
  return denied;
}
