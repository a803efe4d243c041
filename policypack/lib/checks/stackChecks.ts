import {
  isValidTenantId,
  TENANT_TAG_KEY,
  tenantGroupName,
  tenantKeyPrefix,
  tenantS3Prefix,
} from "../naming";
import { parsedDocuments } from "../documents";
import { finding, show, StackFinding } from "../finding";
import { describeStatement, isAllow, Statement } from "../policyDocument";
import { ResourceView, ROLE, ROLE_POLICY, TENANT_COMPONENT, USER_GROUP } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { StackIndex } from "../stackIndex";
import { tenantScope } from "../tenantScope";
import { checkKnownProfiles } from "./knownProfileChecks";
import { checkPooledMembers } from "./pooledStackChecks";
import { checkResolvedReferences } from "./referenceChecks";
import { checkTenantTrustAccounts, checkWorkloadTrustAcrossStack } from "./stackTrustChecks";
import { checkUnknownAcrossStack } from "./unknownChecks";

/**
 * TI-STACK-001..003, and whatever other rule needs every resource at once: pooled shard roles'
 * members (TI-TRUST-006, checkPooledMembers), references traced
 * through the stack (checkResolvedReferences), roles made workload roles by another resource
 * (TI-TRUST-005), the workload role's account when accountId is not configured (TI-TRUST-002),
 * and unknowns only the stack can tell apart (TI-UNK-001).
 */
export function checkStack(views: readonly ResourceView[], settings: PackSettings): StackFinding[] {
  const tenants = views.filter((view) => view.type === TENANT_COMPONENT);
  const tenantIds = [...new Set(tenants.map((view) => view.name))];
  const index = new StackIndex(views);
  return [
    ...sharedPrefixes(tenants),
    ...incompleteTenants(tenants, views, index),
    ...checkPooledMembers(index, settings),
    ...foreignTenants(views, tenantIds, settings),
    ...checkResolvedReferences(index, settings),
    ...checkKnownProfiles(views, settings),
    ...checkWorkloadTrustAcrossStack(index, settings),
    ...checkTenantTrustAccounts(index, settings),
    ...checkUnknownAcrossStack(index, settings),
  ];
}

function sharedPrefixes(tenants: readonly ResourceView[]): StackFinding[] {
  const findings: StackFinding[] = [];
  const seen = new Map<string, ResourceView>();
  for (const view of tenants) {
    const id = view.name;
    const twin = seen.get(id.toLowerCase());
    if (twin !== undefined) {
      findings.push({
        view,
        finding: finding(
          RULES.stackSharedPrefix,
          "tenant id",
          `${show(id)} is also the id of ${twin.urn}`,
        ),
      });
    } else if (!isValidTenantId(id)) {
      findings.push({
        view,
        finding: finding(
          RULES.stackSharedPrefix,
          "tenant id",
          `${show(id)} is not a valid tenant id, so its prefixes "${tenantKeyPrefix(id)}" and "${tenantS3Prefix(id)}" may overlap another tenant's`,
        ),
      });
    }
    seen.set(id.toLowerCase(), view);
  }
  return findings;
}

function incompleteTenants(
  tenants: readonly ResourceView[],
  views: readonly ResourceView[],
  index: StackIndex,
): StackFinding[] {
  const declared = index.declaredTenants();
  // Children by parent once: a filter per tenant would be quadratic in the stack's size.
  const childrenOf = new Map<string, ResourceView[]>();
  for (const view of views) {
    if (view.parent === undefined) continue;
    const siblings = childrenOf.get(view.parent);
    if (siblings === undefined) childrenOf.set(view.parent, [view]);
    else siblings.push(view);
  }
  return tenants.flatMap((tenant) => {
    const children = childrenOf.get(tenant.urn);
    const hasChild = (test: (child: ResourceView) => boolean) => children?.some(test) ?? false;
    const has = (type: string) => hasChild((child) => child.type === type);
    const inlinePolicies = hasChild(
      (child) =>
        child.type === ROLE &&
        Array.isArray(child.props.inlinePolicies) &&
        child.props.inlinePolicies.length > 0,
    );
    // A pooled tenant's role is its shard's (checkPooledMembers): it has no role of its own.
    const ownRole = declared.get(tenant.name)?.isolation !== "pooled";
    const missing = [
      ownRole && !has(ROLE) && "its role (aws:iam/role:Role)",
      ownRole &&
        !has(ROLE_POLICY) &&
        !inlinePolicies &&
        "its role policy (aws:iam/rolePolicy:RolePolicy)",
      !has(USER_GROUP) &&
        `its Cognito group ${tenantGroupName(tenant.name)} (aws:cognito/userGroup:UserGroup)`,
    ].filter((item): item is string => typeof item === "string");
    return missing.length === 0
      ? []
      : [
          {
            view: tenant,
            finding: finding(
              RULES.stackIncompleteTenant,
              "children",
              `tenant ${show(tenant.name)} lacks ${missing.join(", ")}`,
            ),
          },
        ];
  });
}

function foreignTenants(
  views: readonly ResourceView[],
  tenantIds: readonly string[],
  settings: PackSettings,
): StackFinding[] {
  const known = new Set(tenantIds);
  return views.flatMap((view) => {
    const scope = tenantScope(view, settings);
    if (scope.kind !== "tenant") return [];
    // Only what a statement allows: a Deny naming another tenant fences it off.
    return parsedDocuments(view, ["identity", "trust"]).flatMap(({ source, document }) =>
      document.statements.filter(isAllow).flatMap((statement) => {
        const named = [...tenantsNamedBy(statement)].filter(
          (id) => id !== scope.tenantId && known.has(id),
        );
        return named.length === 0
          ? []
          : [
              {
                view,
                finding: finding(
                  RULES.stackForeignTenant,
                  `${source.location} ${describeStatement(statement)}`,
                  `tenant ${show(scope.tenantId)} names tenant ${named.map((id) => show(id)).join(", ")}`,
                ),
              },
            ];
      }),
    );
  });
}

/**
 * Ids a statement names as a key prefix (`<id>#`), S3 prefix, tenant role ARN or tag value.
 * Role names count only inside a role ARN under /tenants/: the shared table is `<prefix>-tenant-data`.
 */
function tenantsNamedBy(statement: Statement): Set<string> {
  const named = new Set<string>();
  const texts = [
    ...statement.resources,
    ...statement.principals.map((principal) => principal.value),
    ...statement.conditions.flatMap((entry) => entry.values),
  ];
  for (const text of texts) {
    for (const match of text.matchAll(
      /(?:^|[^a-z0-9-])([a-z0-9-]+)#|tenants\/([^/*?]+)\/|:role\/tenants\/[^/]*?-tenant-([a-z0-9-]+)$/g,
    )) {
      const id = match[1] ?? match[2] ?? match[3];
      if (id !== undefined) named.add(id);
    }
  }
  for (const entry of statement.conditions) {
    if (entry.key.endsWith(`/${TENANT_TAG_KEY}`)) entry.values.forEach((value) => named.add(value));
  }
  return named;
}
