import { tenantS3Prefix } from "../naming";
import { RULES } from "../ruleCatalog";
import { changesSharedState, readsOnlyMetadata, ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";
import { unsafeWitness } from "./witness";

const PREFIX = "s3:prefix";
const ACCESS_POINT = "sample-access-point";

/**
 * Requests on the shared bucket: objects of other tenants, outside `tenants/`, and smuggled under
 * another tenant's prefix (directly and through an access point, which can front the bucket);
 * listing under other tenants' prefixes (also one that merely contains the tenant's), a prefix
 * without its trailing `/`, and the whole bucket; for each object Resource and `s3:prefix` value
 * of the policy, a key it reaches outside the tenant's prefix (witness.ts);
 * any bucket-level action that changes what every tenant shares.
 */
export function s3Probes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  const own = tenantS3Prefix(target.tenantId);
  const others = target.others;
  const foreign = others[0]?.id ?? "zz-other";
  const apArn = `arn:${target.partition}:s3:${target.region}:${target.accountId}:accesspoint/${ACCESS_POINT}`;
  const probes: ProbeRequest[] = [];
  const probe = (
    resource: string,
    stands: string,
    fix: string,
    context: RequestContext = base,
  ): ProbeRequest => ({
    action: action.name,
    reference: action,
    resource,
    context,
    rule: RULES.leakS3,
    stands,
    fix,
  });
  const objectFix = (bucket: string) =>
    `name only "arn:${target.partition}:s3:::${bucket}/${own}*" as the object Resource`;

  for (const bucket of target.bucketNames) {
    const bucketArn = `arn:${target.partition}:s3:::${bucket}`;
    if (action.resourceTypes.includes("object")) {
      for (const other of others)
        probes.push(
          probe(
            `${bucketArn}/${tenantS3Prefix(other.id)}r1`,
            `${other.stands}'s object`,
            objectFix(bucket),
          ),
        );
      probes.push(
        probe(`${bucketArn}/shared/r1`, "an object outside tenants/", objectFix(bucket)),
        probe(
          `${bucketArn}/${tenantS3Prefix(foreign)}${own}r1`,
          `another tenant's object whose key merely contains "${own}"`,
          objectFix(bucket),
        ),
      );
      // The key `tenants/<id>` itself (a folder marker) lies in no other tenant's prefix.
      const scope = {
        required: `${bucketArn}/`,
        safe: `${bucketArn}/${own}`,
        exact: false,
        alsoSafe: `${bucketArn}/${own.slice(0, -1)}`,
      };
      for (const pattern of target.allowed.resources) {
        const object = unsafeWitness(pattern, scope);
        if (object !== undefined)
          probes.push(
            probe(
              object,
              `the object "${object.slice(scope.required.length)}" outside "${own}", which the Resource "${pattern}" reaches`,
              objectFix(bucket),
            ),
          );
      }
    }
    if (action.resourceTypes.includes("bucket")) {
      const listFix = `add "StringLike": {"${PREFIX}": ["${own}*"]} to the list statement`;
      if (action.conditionKeys.has(PREFIX)) {
        const listing = (prefix: string | undefined, stands: string) =>
          probe(
            bucketArn,
            stands,
            listFix,
            base.with(prefix === undefined ? {} : { [PREFIX]: prefix }, [PREFIX]),
          );
        for (const other of others)
          probes.push(listing(tenantS3Prefix(other.id), `listing ${other.stands}'s keys`));
        probes.push(
          listing(
            own.slice(0, -1),
            `listing "${own.slice(0, -1)}", which shows "${tenantS3Prefix(`${target.tenantId}-x`)}" too`,
          ),
          listing(
            `${tenantS3Prefix(foreign)}${own}`,
            `listing another tenant's keys under a prefix that merely contains "${own}"`,
          ),
          listing("tenants/", "listing every tenant's keys"),
          listing("", "listing from the bucket's root"),
          listing(undefined, "listing the whole bucket"),
        );
        const scope = { required: "tenants/", safe: own, exact: false, shortOfRequired: true };
        for (const pattern of target.allowed.values(PREFIX)) {
          const prefix = unsafeWitness(pattern, scope);
          if (prefix !== undefined)
            probes.push(
              listing(
                prefix,
                `listing "${prefix}", which the ${PREFIX} value "${pattern}" reaches`,
              ),
            );
        }
      } else if (
        changesSharedState(action) ||
        !readsOnlyMetadata(action) ||
        /List/.test(action.accessLevel)
      ) {
        probes.push(
          probe(
            bucketArn,
            "an action on the bucket every tenant shares",
            "remove the action; bucket settings belong to the platform stack, not to a tenant role",
          ),
        );
      }
    }
  }
  if (action.resourceTypes.includes("accesspointobject"))
    probes.push(
      probe(
        `${apArn}/object/${tenantS3Prefix(foreign)}r1`,
        `another tenant's object through an access point, which can front the shared bucket`,
        "do not grant object actions through access points; name the bucket's tenants/<id>/ ARN",
      ),
    );
  if (
    action.resourceTypes.includes("accesspoint") &&
    (action.conditionKeys.has(PREFIX) || changesSharedState(action))
  )
    probes.push(
      probe(
        apArn,
        "an access point, which can front the shared bucket",
        "do not grant access point actions to a tenant role",
        base.with({}, [PREFIX]),
      ),
    );
  return probes;
}
