import { TenantSpec } from "../components/tenantsFile";
import { Plan } from "./runPlan";

/** The plan as JSON for machines: tenants (spec + what each gets) and every resource. */
export function planAsJson(plan: Plan, specs: readonly TenantSpec[]) {
  const specById = new Map(specs.map((spec) => [spec.id, spec]));
  return {
    stack: plan.stack,
    outputs: plan.outputs,
    tenants: plan.tenants.map(({ resources, ...tenant }) => ({
      ...tenant,
      displayName: specById.get(tenant.id)?.displayName,
      status: specById.get(tenant.id)?.status,
      resourceCount: resources.length,
    })),
    resources: plan.resources.map(({ type, name, urn, parent, protect, retainOnDelete }) => ({
      type,
      name,
      urn,
      parent: parent ?? null,
      protect,
      retainOnDelete,
    })),
    totals: totals(plan, specs),
  };
}

export interface PlanView {
  /** Every tenant in full. */
  readonly verbose?: boolean;
  /** Only these tenants, in full. */
  readonly tenants?: readonly string[];
}

/** Up to this many tenants the default view gives each a line of its own. */
export const FEW_TENANTS = 20;

/**
 * The plan for people: the shared platform, then the tenants (in full when asked for, one line
 * each when there are few, else only counted), then totals.
 */
export function formatPlan(
  plan: Plan,
  specs: readonly TenantSpec[],
  source: string,
  view: PlanView,
): string {
  const out = plan.outputs as Record<string, string>;
  const protectedNames = plan.resources
    .filter((r) => r.protect)
    .map((r) => `${r.name} (${shortType(r.type)})`);
  const lines = [
    `Offline plan for stack "${plan.stack}" from ${source} (Pulumi mock engine; nothing was deployed)`,
    "",
    "Shared platform",
    row("user pool", out.userPoolId),
    row("app client", `${out.userPoolClientId} (reads custom:tenantId, cannot write it)`),
    row("table", out.tableName),
    row("bucket", out.bucketName),
    row("workload role", out.workloadRoleArn),
    row("protected", protectedNames.join(", ")),
  ];
  const specById = new Map(specs.map((spec) => [spec.id, spec]));
  const focus = view.tenants ?? [];
  const inFull =
    focus.length > 0
      ? plan.tenants.filter((t) => focus.includes(t.id))
      : view.verbose
        ? plan.tenants
        : [];
  if (inFull.length === 0 && plan.tenants.length <= FEW_TENANTS) {
    lines.push("", "Tenants");
    for (const tenant of plan.tenants) {
      const spec = specById.get(tenant.id);
      const profiles = Object.keys(tenant.inferenceProfiles ?? {}).length;
      lines.push(
        `  ${tenant.id.padEnd(20)} ${(spec?.status ?? "").padEnd(9)} ${tenant.admins.length} admin(s), ${profiles} profile(s), ${tenant.resources.length} resources`,
      );
    }
  } else if (inFull.length === 0) {
    lines.push(
      "",
      `${plan.tenants.length} tenants (--verbose lists each in full, --tenant ID shows one)`,
    );
  }
  for (const tenant of inFull) {
    const spec = specById.get(tenant.id);
    const profiles = Object.entries(tenant.inferenceProfiles ?? {});
    lines.push(
      "",
      `Tenant ${tenant.id}${spec ? ` (${spec.displayName}), ${spec.status}` : ""}`,
      row("role", tenant.roleArn),
      row("group", tenant.group),
      row("admins", `${tenant.admins.join(", ")}${tenant.adminsEnabled ? "" : " (disabled)"}`),
      row("key prefix", tenant.keyPrefix),
      row("s3 prefix", tenant.s3Prefix),
      ...(profiles.length === 0
        ? [row("profiles", "none (no Bedrock access)")]
        : profiles.map(([model, arn], i) => row(i === 0 ? "profiles" : "", `${model} -> ${arn}`))),
      row("resources", String(tenant.resources.length)),
    );
  }
  const t = totals(plan, specs);
  lines.push(
    "",
    `Totals: ${t.tenants} tenants (${t.active} active, ${t.suspended} suspended), ${t.resources} resources`,
    ...Object.entries(t.byType).map(([type, count]) => `  ${String(count).padStart(5)}  ${type}`),
  );
  return lines.join("\n");
}

function totals(plan: Plan, specs: readonly TenantSpec[]) {
  const byType: Record<string, number> = {};
  for (const resource of plan.resources) byType[resource.type] = (byType[resource.type] ?? 0) + 1;
  return {
    tenants: plan.tenants.length,
    active: specs.filter((s) => s.status === "active").length,
    suspended: specs.filter((s) => s.status === "suspended").length,
    resources: plan.resources.length,
    byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function row(label: string, value: string | undefined): string {
  return `  ${label.padEnd(13)} ${value ?? "-"}`;
}

function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}
