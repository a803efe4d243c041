import { PlatformLocation, workloadRoleName } from "../components/policies/arns";
import type { TenantSpec } from "../components/tenantsFile";
import type { Plan } from "../plan/runPlan";
import type { PlannedResource } from "../plan/plannedResource";
import { ProofError } from "./errors";
import { asArray, PlanIndex, RESOURCE_TYPES } from "./planIndex";
import { declaredTiers, type IamPolicyJson, type NamedPolicy, type ProofInput } from "./proofInput";

const { ROLE, ROLE_POLICY, ROLE_POLICY_ATTACHMENT, POLICY_ATTACHMENT } = RESOURCE_TYPES;

/**
 * The documents exactly as the program registered them on the (mock) engine, paired with what
 * the tenants file declares each tenant should be able to do. Every identity document that
 * applies to a tenant role is taken, wherever in the program it was declared: inline policies
 * (`RolePolicy` resources naming the role, the role's `inlinePolicies`) and managed policies
 * (`RolePolicyAttachment`, `PolicyAttachment`, the role's `managedPolicyArns`). A managed policy
 * whose document the plan does not hold is reported as unreadable, never skipped.
 */
export function proofInputFromPlan(
  plan: Plan,
  specs: readonly TenantSpec[],
  platform: PlatformLocation,
): ProofInput {
  const workloadName = workloadRoleName(platform.namePrefix);
  const workloadRole = plan.resources.find(
    (r) => r.type === ROLE && r.inputs["name"] === workloadName,
  );
  const workloadPolicy = plan.resources.find(
    (r) => r.type === ROLE_POLICY && r.inputs["role"] === workloadName,
  );
  const workloadRoleArn = plan.outputs["workloadRoleArn"];
  if (
    workloadRole === undefined ||
    workloadPolicy === undefined ||
    typeof workloadRoleArn !== "string"
  ) {
    throw new ProofError(
      "ERR_PLAN_DOCUMENT_MISSING",
      `the plan has no workload role "${workloadName}" with an inline policy`,
    );
  }
  const pooled = specs.some((spec) => spec.isolation === "pooled");
  const index = new PlanIndex(plan);
  // A shard role's documents are read once for all of its pooled tenants.
  const attachedTo = new Map<string, AttachedDocuments>();
  const attachedDocuments = (role: PlannedResource, identity: RoleIdentity) => {
    const key = JSON.stringify([role.urn, identity.name, identity.arn]);
    const found = attachedTo.get(key) ?? identityDocumentsOf(index, role, identity);
    attachedTo.set(key, found);
    return found;
  };
  return {
    platform,
    workload: { roleArn: workloadRoleArn, identityPolicy: document(workloadPolicy, "policy") },
    ...(pooled ? { tiers: declaredTiers(specs) } : {}),
    tenants: specs.map((spec) => {
      const tenant = index.tenant(spec.id);
      const { role, policy } =
        spec.isolation === "pooled" && tenant !== undefined
          ? shardDocuments(index, tenant.roleArn)
          : {
              role: tenant?.resources.find((r) => r.type === ROLE && r.name === `${spec.id}-role`),
              policy: tenant?.resources.find(
                (r) => r.type === ROLE_POLICY && r.name === `${spec.id}-data-access`,
              ),
            };
      if (tenant === undefined || role === undefined || policy === undefined) {
        throw new ProofError(
          "ERR_PLAN_DOCUMENT_MISSING",
          spec.isolation === "pooled"
            ? `the plan has no pooled shard role ${tenant?.roleArn ?? "(no role ARN)"} with a data-access policy for tenant "${spec.id}"`
            : `the plan has no role "${spec.id}-role" with policy "${spec.id}-data-access" for tenant "${spec.id}"`,
        );
      }
      const roleName = role.inputs["name"];
      if (typeof roleName !== "string" || policy.inputs["role"] !== roleName) {
        throw new ProofError(
          "ERR_PLAN_DOCUMENT_INVALID",
          `${policy.urn} is not attached to ${role.urn} (role ${String(policy.inputs["role"])}, role name ${String(roleName)})`,
        );
      }
      const attached = attachedDocuments(role, {
        name: roleName,
        arn: tenant.roleArn,
        accountId: platform.accountId,
      });
      return {
        tenantId: spec.id,
        status: spec.status,
        models: spec.models,
        ...(spec.isolation === "pooled" ? { isolation: "pooled" as const } : {}),
        roleArn: tenant.roleArn,
        identityPolicy: document(policy, "policy"),
        otherIdentityPolicies: attached.documents
          .filter((d) => d.urn !== policy.urn)
          .map(({ name, policy }) => ({ name, policy })),
        unreadablePolicies: [...attached.unreadable],
        trustPolicy: document(role, "assumeRolePolicy"),
      };
    }),
  };
}

/** The shard role a pooled tenant's role ARN names, and the shard's data-access policy. */
function shardDocuments(
  index: PlanIndex,
  roleArn: string,
): { role?: PlannedResource; policy?: PlannedResource } {
  const roleName = roleArn.split("/").pop() ?? "";
  return { role: index.roleNamed(roleName), policy: index.dataAccessPolicyOf(roleName) };
}

interface RoleIdentity {
  readonly name: string;
  readonly arn: string;
  /** The platform's account: managed policies of any other account are not in the plan. */
  readonly accountId: string;
}

interface AttachedDocuments {
  readonly documents: (NamedPolicy & { readonly urn: string })[];
  /** One line per policy that applies (or may apply) to the role but cannot be read. */
  readonly unreadable: string[];
}

/** Every identity document the plan applies to `role`, in registration order. */
function identityDocumentsOf(
  index: PlanIndex,
  role: PlannedResource,
  identity: RoleIdentity,
): AttachedDocuments {
  const found: AttachedDocuments = { documents: [], unreadable: [] };
  const add = (urn: string, name: string, policy: IamPolicyJson) => {
    if (!found.documents.some((d) => d.urn === urn)) found.documents.push({ urn, name, policy });
  };
  const attach = (policyArn: unknown, via: string) => {
    const resolved = managedPolicy(index, policyArn, via, identity.accountId);
    if (typeof resolved === "string") found.unreadable.push(resolved);
    else add(resolved.urn, resolved.name, document(resolved, "policy"));
  };
  // A role is named by its name (or, leniently, its ARN); an unknown role input may be T's.
  const names = (value: unknown): boolean | undefined =>
    typeof value === "string" ? value === identity.name || value === identity.arn : undefined;

  for (const resource of index.attachmentsOf(identity.name, identity.arn)) {
    const via = `${resource.type.split(":").pop()} ${resource.name}`;
    if (resource.type === ROLE_POLICY || resource.type === ROLE_POLICY_ATTACHMENT) {
      const applies = names(resource.inputs["role"]);
      if (applies === undefined) {
        found.unreadable.push(`${via} names no role the plan knows (it may be this one)`);
      } else if (applies && resource.type === ROLE_POLICY) {
        add(resource.urn, resource.name, document(resource, "policy"));
      } else if (applies) {
        attach(resource.inputs["policyArn"], via);
      }
    } else if (resource.type === POLICY_ATTACHMENT) {
      const roles = asArray(resource.inputs["roles"]).map(names);
      if (roles.includes(undefined)) {
        found.unreadable.push(`${via} names a role the plan does not know (it may be this one)`);
      } else if (roles.includes(true)) {
        attach(resource.inputs["policyArn"], via);
      }
    }
  }
  asArray(role.inputs["inlinePolicies"]).forEach((entry, index) => {
    const inline = (entry ?? {}) as Record<string, unknown>;
    // An entry without a policy grants nothing (the provider uses it to clear inline policies).
    if (inline["policy"] === undefined || inline["policy"] === "") return;
    const name = `${role.name}.inlinePolicies.${typeof inline["name"] === "string" ? inline["name"] : index}`;
    add(
      `${role.urn}#inlinePolicies[${index}]`,
      name,
      parse(inline["policy"], `${role.urn}: ${name}`),
    );
  });
  for (const arn of asArray(role.inputs["managedPolicyArns"])) {
    attach(arn, `${role.name}.managedPolicyArns`);
  }
  return found;
}

/**
 * The `aws:iam/policy:Policy` of the plan that `policyArn` names, or why it cannot be read. Plans
 * record inputs, not outputs, so the ARN's account, path and name are matched against the
 * Policy's inputs (`name`, else its logical name; `path`, else `/`).
 */
function managedPolicy(
  index: PlanIndex,
  policyArn: unknown,
  via: string,
  accountId: string,
): PlannedResource | string {
  if (typeof policyArn !== "string" || policyArn === "") {
    return `${via} attaches a policy whose ARN is not known in the plan, so its document cannot be read`;
  }
  const parts = /^arn:[^:]+:iam::([^:]*):policy(\/(?:.*\/)?)([^/]+)$/.exec(policyArn);
  if (parts === null) return `${via} attaches ${policyArn}, which is not a managed-policy ARN`;
  const [, account, path, name] = parts;
  if (account === "aws") {
    return `${via} attaches the AWS-managed policy ${policyArn}, whose document is not in the plan`;
  }
  if (account !== accountId) {
    return `${via} attaches ${policyArn}, a policy of another account, whose document is not in the plan`;
  }
  const candidates = index.policiesNamed(name!, path!);
  if (candidates.length !== 1) {
    return `${via} attaches ${policyArn}, which matches ${candidates.length === 0 ? "no" : candidates.length} aws:iam/policy:Policy in the plan`;
  }
  return candidates[0]!;
}

/** Policies travel as JSON strings in resource inputs. */
function document(resource: PlannedResource, input: string): IamPolicyJson {
  return parse(resource.inputs[input], `${resource.urn}: ${input}`);
}

function parse(text: unknown, where: string): IamPolicyJson {
  try {
    if (typeof text !== "string") throw new TypeError(`it is ${typeof text}, not a JSON string`);
    return JSON.parse(text) as IamPolicyJson;
  } catch (error) {
    throw new ProofError("ERR_PLAN_DOCUMENT_INVALID", `${where} is not a policy document`, {
      cause: error,
    });
  }
}
