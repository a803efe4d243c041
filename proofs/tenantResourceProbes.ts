import {
  ReferenceAction,
  resourceTypesOf,
  serviceActions,
} from "../policypack/lib/evaluation/iamReference";
import { wildcardMatcher } from "../policypack/lib/evaluation/wildcards";
import { isAllow, parsePolicyDocument, Statement } from "../policypack/lib/policyDocument";
import type { TenantResourcePattern } from "../policypack/lib/settings";
import type { Probe } from "./probe";
import type { IamPolicyJson } from "./proofInput";
import { type CatalogueContext, kebab, sessionProbes } from "./sessionProbes";

const TENANT_ID = "{tenantId}";
/**
 * Services whose resources are reachable only when their own policy allows it, whatever IAM
 * grants: a KMS key. Their probes carry AWS's default key policy, which hands access to the
 * account's IAM policies, so the verdict is the tenant role's documents' (and a deny is never
 * just the absence of a key policy).
 */
const RESOURCE_POLICY_REQUIRED = ["kms"];

/**
 * Probes for the per-tenant resources the pack settings declare (`tenantResources`): for every
 * action of the pattern's service that T's documents grant on the pattern's resource type, T's
 * own instance must be reachable (by an active T, when a statement names it) and no other
 * tenant's: the template filled with each representative id, or a resource tagged with that id,
 * or untagged. Named `tenant-resource-<n>.<service>.<action>.<whose>`, n counting the patterns
 * from 1 in the order the settings list them.
 */
export function tenantResourceProbes(ctx: CatalogueContext): Probe[] {
  const documents = [
    ctx.tenant.identityPolicy,
    ...(ctx.tenant.otherIdentityPolicies ?? []).map((other) => other.policy),
  ];
  const statements = documents.flatMap((document) => {
    const parsed = parsePolicyDocument(document);
    return parsed.kind === "document" ? parsed.document.statements.filter(isAllow) : [];
  });
  return (ctx.tenantResources ?? []).flatMap((pattern, index) =>
    patternProbes(ctx, statements, pattern, `tenant-resource-${index + 1}`),
  );
}

function patternProbes(
  ctx: CatalogueContext,
  allows: readonly Statement[],
  pattern: TenantResourcePattern,
  name: string,
): Probe[] {
  const templated = pattern.arn.includes(TENANT_ID);
  if (!templated && pattern.tag === undefined) return [];
  const { own, never, request } = sessionProbes(ctx);
  const tenantId = ctx.tenant.tenantId;
  const instance = (id: string) => pattern.arn.replaceAll(TENANT_ID, id).replace(/[*?]/g, "sample");
  const tagged = (id: string) =>
    pattern.tag === undefined ? {} : { [`aws:ResourceTag/${pattern.tag}`]: id };
  const service = pattern.arn.split(":")[2] ?? "";
  const documents: Probe["documents"] = RESOURCE_POLICY_REQUIRED.includes(service)
    ? { kind: "identity", resourcePolicy: accountDelegation(ctx, service) }
    : { kind: "identity" };
  const probes: Probe[] = [];
  const add = (probe: Probe) => probes.push({ ...probe, documents });
  for (const action of grantedActions(service, allows, instance(tenantId))) {
    const probeName = (whose: string) =>
      `${name}.${service}.${kebab(action.name.split(":")[1] ?? "")}.${whose}`;
    // Only where a statement names T's instance: a grant of the action elsewhere (a shared
    // queue) says nothing about whether T should reach its own.
    if (
      allows.some((statement) => grants(statement, action) && covers(statement, instance(tenantId)))
    )
      add(
        own(
          probeName("own"),
          request(action.name, instance(tenantId), tagged(tenantId)),
          `T's ${action.name} on its own ${pattern.arn}`,
        ),
      );
    for (const rep of ctx.representatives)
      add(
        never(
          probeName(rep.role),
          request(action.name, instance(rep.id), tagged(rep.id)),
          `${action.name} on ${rep.role} tenant "${rep.id}"'s ${pattern.arn}`,
        ),
      );
    if (!templated)
      add(
        never(
          probeName("untagged"),
          request(action.name, instance(tenantId)),
          `${action.name} on a resource of ${pattern.arn} without a ${pattern.tag} tag`,
        ),
      );
  }
  return probes;
}

/** AWS's default key policy: the account's IAM policies decide. */
function accountDelegation({ platform }: CatalogueContext, service: string): IamPolicyJson {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableIamPolicies",
        Effect: "Allow",
        Principal: { AWS: `arn:${platform.partition}:iam::${platform.accountId}:root` },
        Action: `${service}:*`,
        Resource: "*",
      },
    ],
  };
}

/**
 * The service's actions that some Allow statement grants (by Action or NotAction, whatever its
 * Resource) and that act on the resource type `resource` is of, per AWS's service reference.
 */
function grantedActions(
  service: string,
  allows: readonly Statement[],
  resource: string,
): ReferenceAction[] {
  const types = resourceTypesOf(service, resource);
  return (serviceActions(service) ?? []).filter(
    (action) =>
      action.resourceTypes.some((type) => types.includes(type)) &&
      allows.some((statement) => grants(statement, action)),
  );
}

function grants(statement: Statement, action: ReferenceAction): boolean {
  const named = statement.actions.some((pattern) =>
    wildcardMatcher(pattern, { ignoreCase: true })(action.name),
  );
  return named !== statement.notAction;
}

function covers(statement: Statement, resource: string): boolean {
  const named = statement.resources.some((pattern) =>
    wildcardMatcher(pattern, { arn: true })(resource),
  );
  return named !== statement.notResource;
}
