import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import type { PlatformLocation } from "../components/policies/arns";
import type { TenantResourcePattern } from "../policypack/lib/settings";
import type { Probe, ProbeRequest } from "./probe";
import type { DeclaredTiers, TenantDocuments, WorkloadDocuments } from "./proofInput";
import type { Representative } from "./representatives";
import { sessionArnOf } from "./sessionArn";

export interface CatalogueContext {
  readonly platform: PlatformLocation;
  readonly workload: WorkloadDocuments;
  readonly tenant: TenantDocuments;
  readonly representatives: readonly Representative[];
  /** Per-tenant resources of other services, as the pack settings declare them. */
  readonly tenantResources?: readonly TenantResourcePattern[];
  /** The declared ids by tier: a pooled tenant's trust probes try the other tiers' ids. */
  readonly tiers?: DeclaredTiers;
}

export const PRINCIPAL_TAG = `aws:PrincipalTag/${TENANT_TAG_KEY}`;
export const END_USER = "user@probe.example";

/** A session of T's role making a request; an active tenant's own requests must succeed. */
export function sessionProbes(ctx: CatalogueContext) {
  const { tenant } = ctx;
  const principal = sessionArnOf(tenant.roleArn, END_USER);
  const base = { [PRINCIPAL_TAG]: tenant.tenantId, "aws:PrincipalArn": tenant.roleArn };
  const request = (
    action: string,
    resource: string,
    context: ProbeRequest["context"] = {},
  ): ProbeRequest => ({
    principal,
    action,
    resource,
    context: { ...base, ...context },
  });
  const own = (name: string, req: ProbeRequest, why: string, granted = true): Probe => ({
    name,
    // Suspension denies everything, including T's own data.
    expect: granted && tenant.status === "active" ? "allowed" : "denied",
    documents: { kind: "identity" },
    request: req,
    why,
  });
  const never = (name: string, req: ProbeRequest, why: string): Probe => ({
    name,
    expect: "denied",
    documents: { kind: "identity" },
    request: req,
    why,
  });
  return { own, never, request };
}

/** `BatchGetItem` -> `batch-get-item`, `PartiQLSelect` -> `partiql-select`. */
export function kebab(action: string): string {
  return action
    .replace("PartiQL", "Partiql")
    .replace(/[a-z](?=[A-Z])/g, (c) => `${c}-`)
    .toLowerCase();
}
