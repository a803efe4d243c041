import {
  pooledRoleName,
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  tenantGroupName,
  tenantRoleName,
} from "@tenancy/runtime/naming";
import {
  bucketPolicy,
  lambdaTrustPolicy,
  modelSourceArn,
  PlatformLocation,
  PolicyDocument,
  pooledRolePolicy,
  pooledTrustPolicy,
  tenantRolePolicy,
  tenantTrustPolicy,
  workloadRolePolicy,
} from "../../components/policies";
import { PlannedResource } from "../../plan/plannedResource";
import { STACK_TAG_KEY } from "../../policypack/lib/evaluation/bedrockProbes";

// A stack shaped like the program's (TenantPlatform + one Tenant per id), built with the real
// policy builders, as the offline plan would record it.

export const PLATFORM: PlatformLocation = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-eu-west-1",
};

export const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

export interface TenantFixture {
  readonly id: string;
  readonly status: "active" | "suspended";
  readonly models: readonly string[];
}

const STACK_URN_PREFIX = "urn:pulumi:dev::tenancy::";

export function urnOf(type: string, name: string, parent?: PlannedResource): string {
  const qualified = parent === undefined ? type : `${parent.urn.split("::")[2]}$${type}`;
  return `${STACK_URN_PREFIX}${qualified}::${name}`;
}

export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  parent?: PlannedResource,
): PlannedResource {
  return {
    type,
    name,
    urn: urnOf(type, name, parent),
    parent: parent?.urn,
    custom: !type.startsWith("tenancy:"),
    inputs,
    protect: false,
    retainOnDelete: false,
  };
}

export function platformResources(platform: PlatformLocation = PLATFORM): PlannedResource[] {
  const p = platform.namePrefix;
  const component = resource("tenancy:index:TenantPlatform", p, {});
  const workload = resource(
    "aws:iam/role:Role",
    `${p}-workload`,
    { name: `${p}-workload`, assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()) },
    component,
  );
  return [
    component,
    resource("aws:cognito/userPool:UserPool", `${p}-users`, { name: `${p}-users` }, component),
    resource(
      "aws:cognito/userPoolClient:UserPoolClient",
      `${p}-app`,
      {
        name: `${p}-app`,
        readAttributes: ["email", "email_verified", "name", "custom:tenantId"],
        writeAttributes: ["email", "name"],
      },
      component,
    ),
    resource(
      "aws:dynamodb/table:Table",
      `${p}-data`,
      { name: platform.tableName, hashKey: "pk" },
      component,
    ),
    resource("aws:s3/bucket:Bucket", `${p}-data`, { bucket: platform.bucketName }, component),
    resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      `${p}-data-tls-only`,
      { bucket: platform.bucketName, policy: JSON.stringify(bucketPolicy(platform)) },
      component,
    ),
    workload,
    resource(
      "aws:iam/rolePolicy:RolePolicy",
      `${p}-workload-become-tenant`,
      { role: `${p}-workload`, policy: JSON.stringify(workloadRolePolicy(platform)) },
      component,
    ),
  ];
}

export function tenantResources(
  tenant: TenantFixture,
  platform: PlatformLocation = PLATFORM,
): PlannedResource[] {
  const component = resource("tenancy:index:Tenant", tenant.id, {});
  const roleName = tenantRoleName(platform.namePrefix, tenant.id);
  const tags = { [TENANT_TAG_KEY]: tenant.id };
  return [
    component,
    resource(
      "aws:iam/role:Role",
      `${tenant.id}-role`,
      {
        name: roleName,
        path: TENANT_ROLE_PATH,
        maxSessionDuration: 3600,
        assumeRolePolicy: JSON.stringify(tenantTrustPolicy({ tenantId: tenant.id, platform })),
        tags,
      },
      component,
    ),
    resource(
      "aws:iam/rolePolicy:RolePolicy",
      `${tenant.id}-data-access`,
      {
        role: roleName,
        policy: JSON.stringify(
          pinnedToStack(
            tenantRolePolicy({
              tenantId: tenant.id,
              status: tenant.status,
              models: tenant.models,
              platform,
            }),
            platform,
          ),
        ),
      },
      component,
    ),
    ...sharedTenantResources(tenant, component, platform),
  ];
}

/** A pooled tenant as the Tenant component registers it: everything but a role of its own. */
export function pooledTenantResources(
  tenant: TenantFixture,
  platform: PlatformLocation = PLATFORM,
): PlannedResource[] {
  const component = resource("tenancy:index:Tenant", tenant.id, { isolation: "pooled" });
  return [component, ...sharedTenantResources(tenant, component, platform)];
}

/** The Cognito group and inference profiles: the same in both tiers. */
function sharedTenantResources(
  tenant: TenantFixture,
  component: PlannedResource,
  platform: PlatformLocation,
): PlannedResource[] {
  const profileTags = { [TENANT_TAG_KEY]: tenant.id, [STACK_TAG_KEY]: platform.namePrefix };
  return [
    resource(
      "aws:cognito/userGroup:UserGroup",
      `${tenant.id}-group`,
      { name: tenantGroupName(tenant.id), userPoolId: "eu-west-1_pool" },
      component,
    ),
    ...tenant.models.map((model) =>
      resource(
        "aws:bedrock/inferenceProfile:InferenceProfile",
        `${tenant.id}-profile-${model.replace(/[^a-z0-9]+/gi, "-")}`,
        {
          name: `${platform.namePrefix}-${tenant.id}`,
          modelSource: { copyFrom: modelSourceArn(platform, model) },
          tags: profileTags,
        },
        component,
      ),
    ),
  ];
}

/**
 * The tenant policy as the builders write it once profiles are unique per stack: the profile
 * statement also pinned by the `tenancyStack` tag, the model statement under ArnLike. A change to
 * components/ makes the builders do this themselves; then this is a no-op.
 */
function pinnedToStack(policy: PolicyDocument, platform: PlatformLocation): PolicyDocument {
  const statements = policy.Statement.map((statement) => {
    const condition = statement.Condition ?? {};
    if (statement.Sid === "OwnInferenceProfilesOnly")
      return {
        ...statement,
        Condition: {
          ...condition,
          StringEquals: {
            ...condition.StringEquals,
            [`aws:ResourceTag/${STACK_TAG_KEY}`]: platform.namePrefix,
          },
        },
      };
    if (statement.Sid === "ModelsOnlyThroughProfiles" && condition.StringLike !== undefined) {
      const { StringLike, ...rest } = condition;
      return { ...statement, Condition: { ...rest, ArnLike: StringLike } };
    }
    return statement;
  });
  return { ...policy, Statement: statements };
}

/** One pooled shard role and its policy, as PooledShard registers them, for `members`. */
export function pooledShardResources(
  shard: number,
  members: readonly TenantFixture[],
  platform: PlatformLocation = PLATFORM,
): PlannedResource[] {
  const component = resource("tenancy:index:PooledShard", `pooled-${shard}`, {});
  const roleName = pooledRoleName(platform.namePrefix, shard);
  const ids = (status: TenantFixture["status"]) =>
    members.filter((t) => t.status === status).map((t) => t.id);
  return [
    component,
    resource(
      "aws:iam/role:Role",
      `pooled-${shard}-role`,
      {
        name: roleName,
        path: TENANT_ROLE_PATH,
        maxSessionDuration: 3600,
        assumeRolePolicy: JSON.stringify(
          pooledTrustPolicy({ activeTenantIds: ids("active"), platform }),
        ),
        tags: {},
      },
      component,
    ),
    resource(
      "aws:iam/rolePolicy:RolePolicy",
      `pooled-${shard}-data-access`,
      {
        name: `pooled-${shard}-data-access`,
        role: roleName,
        policy: JSON.stringify(
          pinnedToStack(
            pooledRolePolicy({
              models: [...new Set(members.flatMap((t) => t.models))],
              suspendedTenantIds: ids("suspended"),
              platform,
            }),
            platform,
          ),
        ),
      },
      component,
    ),
  ];
}

/** Platform plus tenants: the known-good baseline every mutation starts from. */
export function tenantStack(
  tenants: readonly TenantFixture[],
  platform: PlatformLocation = PLATFORM,
): PlannedResource[] {
  return [
    ...platformResources(platform),
    ...tenants.flatMap((tenant) => tenantResources(tenant, platform)),
  ];
}

export const BASELINE_TENANTS: readonly TenantFixture[] = [
  { id: "acme", status: "active", models: [MODEL] },
  { id: "acme-eu", status: "active", models: [] },
  { id: "globex", status: "suspended", models: [MODEL] },
];

export const POOLED_TENANTS: readonly TenantFixture[] = [
  { id: "hooli", status: "active", models: [MODEL] },
  { id: "umbrella", status: "active", models: [] },
  { id: "vandelay", status: "suspended", models: [MODEL] },
];

/** The baseline plus a pooled shard (shard 0) serving two active and one suspended tenant. */
export function pooledStack(platform: PlatformLocation = PLATFORM): PlannedResource[] {
  return [
    ...tenantStack(BASELINE_TENANTS, platform),
    ...POOLED_TENANTS.flatMap((tenant) => pooledTenantResources(tenant, platform)),
    ...pooledShardResources(0, POOLED_TENANTS, platform),
  ];
}
