import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { isDeepStrictEqual } from "node:util";
import type { PlatformLocation } from "../components/policies/arns";
import { pooledRolePolicy } from "../components/policies/pooledRolePolicy";
import { pooledTrustPolicy } from "../components/policies/pooledTrustPolicy";
import type { Probe } from "./probe";
import type { TenantDocuments } from "./proofInput";

const REQUEST_TAG = `aws:RequestTag/${TENANT_TAG_KEY}`;

/** A pooled shard role as the proof input declares it: its tenants by status, and their models. */
interface ShardMembers {
  readonly active: string[];
  readonly suspended: string[];
  readonly models: Set<string>;
  readonly tenants: TenantDocuments[];
}

/** What a pooled tenant's verdicts read of its shard, when the shard's documents are generated. */
export interface GeneratedShard {
  /** The shard's active ids, the tag values its trust admits. */
  readonly activeIds: ReadonlySet<string>;
  /** The models its role policy grants, through profiles. */
  readonly models: readonly string[];
  /** Whether its role policy has the SuspendedTenantsDenied statement. */
  readonly withSuspended: boolean;
}

/**
 * The shard roles whose documents are exactly what the pooled builders generate for their
 * declared tenants (grouped by role ARN, as components/pooledShards.ts groups them), each with
 * its active ids: only their tenants share simulations ({@link pooledProbeKey}).
 */
export function generatedShards(
  tenants: readonly TenantDocuments[],
  platform: PlatformLocation,
): ReadonlyMap<string, GeneratedShard> {
  const members = new Map<string, ShardMembers>();
  const dedicatedRoles = new Set<string>();
  for (const tenant of tenants) {
    if (tenant.isolation !== "pooled") {
      dedicatedRoles.add(tenant.roleArn);
      continue;
    }
    const shard = members.get(tenant.roleArn) ?? {
      active: [],
      suspended: [],
      models: new Set(),
      tenants: [],
    };
    shard[tenant.status].push(tenant.tenantId);
    tenant.models.forEach((model) => shard.models.add(model));
    shard.tenants.push(tenant);
    members.set(tenant.roleArn, shard);
  }
  const generated = new Map<string, GeneratedShard>();
  for (const [roleArn, shard] of members) {
    const models = [...shard.models].sort();
    const identityPolicy = pooledRolePolicy({
      models,
      suspendedTenantIds: [...shard.suspended].sort(),
      platform,
    });
    const trustPolicy = pooledTrustPolicy({ activeTenantIds: [...shard.active].sort(), platform });
    // A dedicated tenant that names the shard's role as its own breaks the shape as well.
    const asBuilt =
      !dedicatedRoles.has(roleArn) &&
      shard.tenants.every(
        (tenant) =>
          (tenant.otherIdentityPolicies ?? []).length === 0 &&
          (tenant.unreadablePolicies ?? []).length === 0 &&
          isDeepStrictEqual(tenant.identityPolicy, identityPolicy) &&
          isDeepStrictEqual(tenant.trustPolicy, trustPolicy),
      );
    if (asBuilt) {
      generated.set(roleArn, {
        activeIds: new Set(shard.active),
        models,
        withSuspended: shard.suspended.length > 0,
      });
    }
  }
  return generated;
}

/**
 * What the verdict of a pooled tenant's probe depends on, on a generated shard (see
 * proofs/README.md, "Pooled tenants of one shard"): probes with equal keys get equal verdicts.
 * - The shard's role policy names no role and no id but the suspended ones, which it compares
 *   with the session's tag T only: a session tagged T, on any generated shard, is decided by T's
 *   status and models, the shard's models and fences, and "is the request's id T?", as for a
 *   dedicated role. The key is those and the probe.
 * - On the shard's trust, a request's tag value matters only through membership in the shard's
 *   active ids (`StringEquals`) and being non-empty (the workload's `StringLike "?*"`): the key
 *   is the whole request with the tag value replaced by those two facts, and the caller.
 */
export function pooledProbeKey(
  probe: Probe,
  tenant: TenantDocuments,
  shard: GeneratedShard,
  workloadPolicy: Readonly<Record<string, unknown>>,
): string {
  const { documents, request } = probe;
  if (documents.kind === "identity") {
    return JSON.stringify([
      "identity",
      shard.models,
      shard.withSuspended,
      tenant.status,
      tenant.models,
      probe.name,
      probe.expect,
      documents.resourcePolicy ?? null,
    ]);
  }
  const { [REQUEST_TAG]: tag, ...context } = request.context;
  const tagFacts =
    tag === undefined
      ? "absent"
      : typeof tag !== "string"
        ? JSON.stringify(tag)
        : `${shard.activeIds.has(tag) ? "member" : "non-member"},${tag === "" ? "empty" : "non-empty"}`;
  return JSON.stringify([
    "trust",
    probe.name,
    probe.expect,
    request.principal,
    request.action,
    request.resource,
    tagFacts,
    context,
    documents.callerPolicy === workloadPolicy ? "workload" : documents.callerPolicy,
  ]);
}
