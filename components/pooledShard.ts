import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { pooledRoleName, TENANT_ROLE_PATH } from "@tenancy/runtime/naming";
import { PlatformLocation } from "./policies/arns";
import { pooledRolePolicy } from "./policies/pooledRolePolicy";
import { pooledTrustPolicy } from "./policies/pooledTrustPolicy";
import { DefaultTags } from "./defaultTags";
import { PooledShardSpec } from "./pooledShards";

export interface PooledShardArgs {
  readonly shard: PooledShardSpec;
  readonly platform: pulumi.Input<PlatformLocation>;
  /** The workload role the trust policy names; it must exist first (see TenantArgs). */
  readonly workloadRole: pulumi.Resource;
  readonly tags?: DefaultTags;
}

/**
 * One shard role of the pooled tier, shared by the pooled tenants whose id hashes to it. It is
 * named after the shard number, which the ids decide, so reordering tenants.json renames nothing.
 */
export class PooledShard extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: PooledShardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:index:PooledShard", name, {}, opts);
    const { shard } = args;
    const platform = pulumi.output(args.platform);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: platform.apply((p) => pooledRoleName(p.namePrefix, shard.shard)),
        path: TENANT_ROLE_PATH,
        description: `Data access of the pooled tenants of shard ${shard.shard}, scoped by the tenantId session tag`,
        // Lambdas assume it by role chaining, which AWS caps at one hour.
        maxSessionDuration: 3600,
        assumeRolePolicy: platform.apply((p) =>
          JSON.stringify(
            pooledTrustPolicy({ activeTenantIds: shard.activeTenantIds, platform: p }),
          ),
        ),
        // No tenantId tag: the role belongs to no one tenant.
        tags: { ...args.tags },
      },
      { parent: this, dependsOn: [args.workloadRole] },
    );
    new aws.iam.RolePolicy(
      `${name}-data-access`,
      {
        name: `${name}-data-access`,
        role: role.name,
        policy: platform.apply((p) =>
          JSON.stringify(
            pooledRolePolicy({
              models: shard.models,
              suspendedTenantIds: shard.suspendedTenantIds,
              platform: p,
            }),
          ),
        ),
      },
      { parent: this },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
