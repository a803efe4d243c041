import { tenantS3Prefix } from "@tenancy/runtime/naming";
import { increment } from "../stepReport";
import { objectContentDigest } from "../s3/objectDigest";
import { describeObject, descriptionDifferences } from "../s3/objectDescription";
import { isSharedBucket, ObjectSource } from "../s3/objectPlan";
import { isMigratedKey, objectDestination } from "../s3/objectTenantRule";
import { listObjects } from "../s3/sourceObjects";
import { SampleFinding, TenantCounts } from "./verification";

export interface VerifyObjectsOptions extends ObjectSource {
  /** Source objects compared with their copy, per tenant; "all" compares every object. */
  readonly samplesPerTenant: number | "all";
}

export interface ObjectVerification {
  readonly ok: boolean;
  readonly perTenant: Record<string, TenantCounts>;
  readonly sampled: number;
  readonly findings: readonly (SampleFinding & { readonly detail?: string })[];
  /** Destination keys under no declared tenant's prefix. */
  readonly outsideTenantPrefixes: readonly string[];
  readonly unmapped: readonly string[];
  /** ETag of each source object found identical to its copy (for --delete-source). */
  readonly verifiedSourceEtags: ReadonlyMap<string, string>;
}

/**
 * Counts source and destination objects per tenant, compares samples (content SHA-256, headers,
 * metadata, tags), and lists destination keys outside every declared tenant's prefix.
 */
export async function verifyObjects(options: VerifyObjectsOptions): Promise<ObjectVerification> {
  const sourceCounts = new Map<string, number>();
  const sampledPerTenant = new Map<string, number>();
  const samples: { from: string; to: string }[] = [];
  const unmapped: string[] = [];
  for await (const page of listObjects(options, options.sourceBucket, options.sourcePrefix)) {
    for (const object of page) {
      if (isSharedBucket(options) && isMigratedKey(object.key, options.tenants)) continue;
      const destination = objectDestination(object.key, options.rule);
      if (destination === undefined || !options.tenants.ids.has(destination.tenantId)) {
        unmapped.push(object.key);
        continue;
      }
      increment(sourceCounts, destination.tenantId);
      const taken = sampledPerTenant.get(destination.tenantId) ?? 0;
      if (options.samplesPerTenant !== "all" && taken >= options.samplesPerTenant) continue;
      sampledPerTenant.set(destination.tenantId, taken + 1);
      samples.push({ from: object.key, to: destination.key });
    }
  }

  const destinationCounts = new Map<string, number>();
  const outsideTenantPrefixes: string[] = [];
  for await (const page of listObjects(options, options.destinationBucket, undefined)) {
    for (const object of page) {
      const tenantId = [...options.tenants.ids].find((id) =>
        object.key.startsWith(tenantS3Prefix(id)),
      );
      if (tenantId !== undefined) increment(destinationCounts, tenantId);
      // In the shared bucket, keys outside tenants/ are the source still waiting to be migrated.
      else if (!(isSharedBucket(options) && !object.key.startsWith("tenants/"))) {
        outsideTenantPrefixes.push(object.key);
      }
    }
  }

  const findings: (SampleFinding & { detail?: string })[] = [];
  const verifiedSourceEtags = new Map<string, string>();
  for (const { from, to } of samples) {
    const [source, copy] = await Promise.all([
      describeObject(options, options.sourceBucket, from),
      describeObject(options, options.destinationBucket, to),
    ]);
    if (source === undefined) continue;
    if (copy === undefined) {
      findings.push({ key: from, problem: "missing" });
      continue;
    }
    const differences = descriptionDifferences(source, copy);
    const [a, b] = await Promise.all([
      objectContentDigest(options, options.sourceBucket, from),
      objectContentDigest(options, options.destinationBucket, to),
    ]);
    if (a !== b) differences.push("content");
    if (differences.length > 0) {
      findings.push({ key: from, problem: "differs", detail: differences.join(", ") });
    } else {
      verifiedSourceEtags.set(from, source.etag);
    }
  }

  const perTenant: Record<string, TenantCounts> = {};
  for (const tenantId of [...options.tenants.ids].sort()) {
    const source = sourceCounts.get(tenantId) ?? 0;
    const destination = destinationCounts.get(tenantId) ?? 0;
    if (source > 0 || destination > 0) perTenant[tenantId] = { source, destination };
  }
  const short = Object.values(perTenant).some((c) => c.destination < c.source);
  return {
    ok:
      !short &&
      findings.length === 0 &&
      outsideTenantPrefixes.length === 0 &&
      unmapped.length === 0,
    perTenant,
    sampled: samples.length,
    findings: findings.sort((a, b) => a.key.localeCompare(b.key)),
    outsideTenantPrefixes: outsideTenantPrefixes.sort(),
    unmapped: unmapped.sort(),
    verifiedSourceEtags,
  };
}
