import { changedInputs } from "./inputChanges";
import { PlannedResource } from "./plannedResource";
import { DATA_BEARING_TYPES, REPLACE_ON_CHANGE } from "./replaceOnChange";
import { TENANT_COMPONENT } from "./runPlan";

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface ResourceChange {
  readonly kind: ChangeKind;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The tenant whose component holds the resource; absent for the shared platform. */
  readonly tenant?: string;
  /** Inputs that change (update and replace). */
  readonly inputs?: readonly string[];
  /** Of those, the ones that make the provider replace the resource. */
  readonly replacedBecause?: readonly string[];
}

export interface ChangeWarning {
  readonly tenant?: string;
  readonly message: string;
}

export interface PlanChanges {
  /** Tenants added and removed, by id. */
  readonly tenantsAdded: readonly string[];
  readonly tenantsRemoved: readonly string[];
  /** Every resource that changes, platform first, then by tenant. */
  readonly changes: readonly ResourceChange[];
  /** What a reviewer must not miss: data at risk, tenants losing access, admins removed. */
  readonly warnings: readonly ChangeWarning[];
}

/**
 * What `pulumi up` would do to go from `before` (a plan of the base, or a stack export) to
 * `after` (this plan), as the engine decides it: by URN, then by inputs.
 */
export function planChanges(
  before: readonly PlannedResource[],
  after: readonly PlannedResource[],
): PlanChanges {
  const beforeByUrn = new Map(before.map((r) => [r.urn, r]));
  const afterByUrn = new Map(after.map((r) => [r.urn, r]));
  const tenantOfBefore = tenantLookup(before);
  const tenantOfAfter = tenantLookup(after);
  const changes: ResourceChange[] = [];
  for (const now of after) {
    if (!now.custom) continue;
    const was = beforeByUrn.get(now.urn);
    const tenant = tenantOfAfter(now);
    const where = { urn: now.urn, type: now.type, name: now.name, ...scope(tenant) };
    if (was === undefined) {
      changes.push({ kind: "create", ...where });
      continue;
    }
    const inputs = changedInputs(now.inputs, was.inputs);
    if (inputs.length === 0) continue;
    const replacedBecause = inputs.filter((i) => REPLACE_ON_CHANGE[now.type]?.includes(i));
    changes.push(
      replacedBecause.length > 0
        ? { kind: "replace", ...where, inputs, replacedBecause }
        : { kind: "update", ...where, inputs },
    );
  }
  for (const was of before) {
    if (was.custom && !afterByUrn.has(was.urn)) {
      changes.push({
        kind: "delete",
        urn: was.urn,
        type: was.type,
        name: was.name,
        ...scope(tenantOfBefore(was)),
      });
    }
  }
  const tenantIds = (resources: readonly PlannedResource[]) =>
    new Set(resources.filter((r) => r.type === TENANT_COMPONENT).map((r) => r.name));
  const idsBefore = tenantIds(before);
  const idsAfter = tenantIds(after);
  const tenantsAdded = [...idsAfter].filter((id) => !idsBefore.has(id)).sort();
  const tenantsRemoved = [...idsBefore].filter((id) => !idsAfter.has(id)).sort();
  const ordered = changes.sort(
    (a, b) =>
      (a.tenant ?? "").localeCompare(b.tenant ?? "") ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.urn.localeCompare(b.urn),
  );
  return {
    tenantsAdded,
    tenantsRemoved,
    changes: ordered,
    warnings: warningsFor(ordered, tenantsRemoved, beforeByUrn, afterByUrn),
  };
}

const KIND_ORDER: readonly ChangeKind[] = ["delete", "replace", "update", "create"];

function scope(tenant: string | undefined): { tenant?: string } {
  return tenant === undefined ? {} : { tenant };
}

/** The id of the Tenant component a resource sits under, at any depth. */
function tenantLookup(resources: readonly PlannedResource[]) {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return (resource: PlannedResource): string | undefined => {
    for (let r: PlannedResource | undefined = resource; r !== undefined;) {
      if (r.type === TENANT_COMPONENT) return r.name;
      r = r.parent === undefined ? undefined : byUrn.get(r.parent);
    }
    return undefined;
  };
}

function warningsFor(
  changes: readonly ResourceChange[],
  tenantsRemoved: readonly string[],
  before: ReadonlyMap<string, PlannedResource>,
  after: ReadonlyMap<string, PlannedResource>,
): ChangeWarning[] {
  const warnings: ChangeWarning[] = [];
  const removed = new Set(tenantsRemoved);
  for (const id of tenantsRemoved) {
    const gone = changes.filter((c) => c.tenant === id && c.kind === "delete");
    const count = (type: string) => gone.filter((c) => c.type === type).length;
    warnings.push({
      tenant: id,
      message: `tenant ${id} is removed: its role, group, ${plural(count(USER), "admin user")} and ${plural(count(PROFILE), "inference profile")} are deleted (${plural(gone.length, "resource")}); its data under "${id}#" and "tenants/${id}/" stays in the table and bucket.`,
    });
  }
  for (const change of changes) {
    const was = before.get(change.urn);
    const now = after.get(change.urn);
    const tenant = scope(change.tenant);
    if (
      (change.kind === "delete" || change.kind === "replace") &&
      (was?.protect === true || DATA_BEARING_TYPES.includes(change.type))
    ) {
      warnings.push({
        ...tenant,
        message: `${change.type} ${change.name} would be ${change.kind === "delete" ? "deleted" : `replaced (${(change.replacedBecause ?? []).join(", ")})`}: it ${was?.protect === true ? "is protected, so pulumi up will refuse" : "holds data"}.`,
      });
    }
    if (change.tenant === undefined || removed.has(change.tenant)) continue;
    if (change.type === USER && change.kind === "delete") {
      warnings.push({
        ...tenant,
        message: `admin user ${String(was?.inputs.username)} of tenant ${change.tenant} is deleted: they can no longer sign in.`,
      });
    }
    if (change.type === USER && change.kind === "update" && change.inputs?.includes("attributes")) {
      const from = tenantAttribute(was);
      const to = tenantAttribute(now);
      if (from !== to) {
        warnings.push({
          ...tenant,
          message: `admin user ${String(now?.inputs.username)} moves from tenant ${from} to tenant ${to}: they lose access to ${from}'s data.`,
        });
      }
    }
    if (change.type === PROFILE && change.kind === "delete") {
      warnings.push({
        ...tenant,
        message: `tenant ${change.tenant} loses Bedrock model ${modelOf(was)}: its inference profile is deleted.`,
      });
    }
    if (change.type === ROLE_POLICY && !deniesAll(was) && deniesAll(now)) {
      warnings.push({
        ...tenant,
        message: `tenant ${change.tenant} is suspended: its role denies every request and its admin users are disabled.`,
      });
    }
  }
  return warnings;
}

const USER = "aws:cognito/user:User";
const PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

function tenantAttribute(user: PlannedResource | undefined): string {
  const attributes = user?.inputs.attributes as Record<string, unknown> | undefined;
  return String(attributes?.tenantId ?? "(none)");
}

function modelOf(profile: PlannedResource | undefined): string {
  const source = profile?.inputs.modelSource as { copyFrom?: unknown } | undefined;
  return (
    String(source?.copyFrom ?? profile?.name)
      .split("/")
      .pop() ?? ""
  );
}

/** Whether a role policy holds an explicit Deny of every action on every resource. */
function deniesAll(policy: PlannedResource | undefined): boolean {
  const text = policy?.inputs.policy;
  if (typeof text !== "string") return false;
  try {
    const statements = ([] as unknown[]).concat(
      (JSON.parse(text) as { Statement?: unknown }).Statement ?? [],
    ) as Array<Record<string, unknown>>;
    const all = (value: unknown) => ([] as unknown[]).concat(value).includes("*");
    return statements.some((s) => s.Effect === "Deny" && all(s.Action) && all(s.Resource));
  } catch {
    return false;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
