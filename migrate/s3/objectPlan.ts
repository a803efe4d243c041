import { DeclaredTenants, undeclaredTenantIssue } from "../declaredTenants";
import { MigrationInputError, MigrationIssue } from "../errors";
import { increment } from "../stepReport";
import { isMigratedKey, objectDestination, ObjectTenantRule } from "./objectTenantRule";
import { BucketAccess, listObjects } from "./sourceObjects";

export interface ObjectSource extends BucketAccess {
  readonly sourceBucket: string;
  readonly sourcePrefix?: string;
  readonly destinationBucket: string;
  readonly rule: ObjectTenantRule;
  readonly tenants: DeclaredTenants;
}

export interface ObjectPlan {
  readonly objects: number;
  readonly bytes: number;
  readonly perTenant: ReadonlyMap<string, number>;
  readonly unmapped: readonly string[];
}

export function isSharedBucket(source: Pick<ObjectSource, "sourceBucket" | "destinationBucket">) {
  return source.sourceBucket === source.destinationBucket;
}

/**
 * Lists the source and decides every object's tenant and destination key. Throws a
 * {@link MigrationInputError} listing undeclared tenants and destination keys two source objects
 * would share, before any write.
 */
export async function planObjects(source: ObjectSource): Promise<ObjectPlan> {
  const perTenant = new Map<string, number>();
  const destinations = new Map<string, string>();
  const unmapped: string[] = [];
  const issues: MigrationIssue[] = [];
  const where = `bucket ${source.sourceBucket}`;
  let objects = 0;
  let bytes = 0;
  for await (const page of listObjects(source, source.sourceBucket, source.sourcePrefix)) {
    for (const object of page) {
      if (isSharedBucket(source) && isMigratedKey(object.key, source.tenants)) continue;
      objects++;
      const destination = objectDestination(object.key, source.rule);
      if (destination === undefined) {
        unmapped.push(object.key);
        continue;
      }
      const record = `object "${object.key}"`;
      const unknown = undeclaredTenantIssue(source.tenants, destination.tenantId, {
        source: where,
        record,
      });
      if (unknown !== undefined) {
        issues.push(unknown);
        continue;
      }
      const other = destinations.get(destination.key);
      if (other !== undefined) {
        issues.push({
          source: where,
          record,
          code: "ERR_KEY_COLLISION",
          message: `and "${other}" would both be copied to "${destination.key}".`,
          fix: "map the two prefixes to different tenants, or keep the source path in the destination (a key pattern without a path group).",
        });
        continue;
      }
      destinations.set(destination.key, object.key);
      increment(perTenant, destination.tenantId);
      bytes += object.size;
    }
  }
  if (issues.length > 0) throw new MigrationInputError(issues);
  return { objects, bytes, perTenant, unmapped };
}
