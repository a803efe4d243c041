import * as pulumi from "@pulumi/pulumi";
import { ENV } from "@tenancy/runtime/config";
import { formatIndexes } from "@tenancy/runtime/indexes";
import { ExampleApp } from "./exampleApp";
import { pooledShardOf, TenantIsolation } from "@tenancy/runtime/naming";
import { PooledShard } from "./pooledShard";
import { pooledShards } from "./pooledShards";
import { StackSettings } from "./stackSettings";
import { Tenant } from "./tenant";
import { TenantPlatform } from "./tenantPlatform";
import { TenantSpec } from "./tenantsFile";

export interface TenantOutputs {
  /** The tier: the runtime tags a pooled tenant's session with its id on the shard role. */
  readonly isolation: TenantIsolation;
  readonly roleArn: pulumi.Output<string>;
  readonly group: pulumi.Output<string>;
  readonly keyPrefix: string;
  readonly s3Prefix: string;
  readonly inferenceProfiles: pulumi.Output<Record<string, string>>;
}

export interface TenancyOutputs {
  readonly userPoolId: pulumi.Output<string>;
  readonly userPoolClientId: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly workloadRoleArn: pulumi.Output<string>;
  readonly tenants: Record<string, TenantOutputs>;
  /** What a Lambda running as the workload role needs for the runtime's `fromEnv()`. */
  readonly runtimeEnvironment: pulumi.Output<Record<string, string>>;
  /**
   * Tenant id -> model id -> profile ARN: the content of a `TENANCY_INFERENCE_PROFILES_FILE`,
   * for stacks whose profile map outgrows Lambda's 4 KB environment.
   */
  readonly inferenceProfiles: pulumi.Output<Record<string, Record<string, string>>>;
  /** The example app's API, with tenancy:exampleApp on. */
  readonly exampleApiUrl?: pulumi.Output<string>;
  /**
   * Tenant id -> the role the runtime assumes for it (its own, or its pooled shard's): the content
   * of `TENANCY_TENANT_ROLES_FILE`. With pooled tenants the runtime needs it; an id absent from
   * it is refused.
   */
  readonly tenantRoles: pulumi.Output<Record<string, string>>;
}

/** The whole stack: one shared platform and one component per (already validated) tenant. */
export function deployTenancy(
  settings: StackSettings,
  tenants: readonly TenantSpec[],
): TenancyOutputs {
  const platform = new TenantPlatform(settings.namePrefix, {
    namePrefix: settings.namePrefix,
    region: settings.region,
    bedrockInvocationLogging: settings.bedrockInvocationLogging,
    invitations: settings.invitations,
    userPoolTier: settings.userPoolTier,
    importRetained: settings.importRetained,
    tags: settings.defaultTags,
    indexes: settings.indexes,
    pooledTier: tenants.some((t) => t.isolation === "pooled"),
  });
  const shardRoleArns = new Map(
    pooledShards(tenants, settings.pooledShards).map((shard) => {
      const component = new PooledShard(`pooled-${shard.shard}`, {
        shard,
        platform: platform.location,
        workloadRole: platform.workloadRole,
        tags: settings.defaultTags,
      });
      return [shard.shard, component.roleArn] as const;
    }),
  );
  const tenantOutputs = tenants.map((spec) => {
    const tenant = new Tenant(spec.id, {
      tenant: spec,
      platform: platform.location,
      userPoolId: platform.userPoolId,
      invitations: settings.invitations.channel,
      workloadRole: platform.workloadRole,
      tags: settings.defaultTags,
      ...(spec.isolation === "pooled"
        ? { pooledRoleArn: shardRoleArns.get(pooledShardOf(spec.id, settings.pooledShards)) }
        : {}),
    });
    const outputs: TenantOutputs = {
      isolation: spec.isolation,
      roleArn: tenant.roleArn,
      group: tenant.groupName,
      keyPrefix: tenant.keyPrefix,
      s3Prefix: tenant.s3Prefix,
      inferenceProfiles: tenant.inferenceProfiles,
    };
    return [spec.id, outputs] as const;
  });
  const inferenceProfiles = pulumi
    .all(
      tenantOutputs.map(([id, outputs]) =>
        outputs.inferenceProfiles.apply((p) => [id, p] as const),
      ),
    )
    .apply((pairs) => Object.fromEntries(pairs));
  const tenantRoles = pulumi
    .all(tenantOutputs.map(([id, outputs]) => outputs.roleArn.apply((arn) => [id, arn] as const)))
    .apply((pairs) => Object.fromEntries(pairs));
  const pooledTier = tenants.some((t) => t.isolation === "pooled");
  const runtimeEnvironment = pulumi
    .all([
      platform.location,
      platform.userPoolId,
      platform.userPoolClientId,
      inferenceProfiles,
      tenantRoles,
    ])
    .apply(([location, userPoolId, clientId, profiles, roles]): Record<string, string> => ({
      [ENV.userPoolId]: userPoolId,
      [ENV.clientId]: clientId,
      [ENV.tableName]: location.tableName,
      // The runtime must know which indexes it may query and whose keys it prefixes.
      ...(settings.indexes.length === 0 ? {} : { [ENV.indexes]: formatIndexes(settings.indexes) }),
      [ENV.bucketName]: location.bucketName,
      [ENV.accountId]: location.accountId,
      [ENV.namePrefix]: location.namePrefix,
      [ENV.partition]: location.partition,
      // Lambda environments hold 4 KB: beyond a few tenants, ship this as a file instead.
      [ENV.inferenceProfiles]: JSON.stringify(profiles),
      // The naming rule places only dedicated tenants; with pooled ones the runtime reads the map.
      ...(pooledTier ? { [ENV.tenantRoles]: JSON.stringify(roles) } : {}),
    }));
  const exampleApp = settings.exampleApp
    ? new ExampleApp(`${settings.namePrefix}-example`, {
        namePrefix: settings.namePrefix,
        location: platform.location,
        workloadRoleArn: platform.workloadRoleArn,
        userPoolId: platform.userPoolId,
        clientIds: [platform.userPoolClientId],
        runtimeEnvironment,
        inferenceProfiles,
        tags: settings.defaultTags,
      })
    : undefined;
  return {
    userPoolId: platform.userPoolId,
    userPoolClientId: platform.userPoolClientId,
    tableName: platform.tableName,
    bucketName: platform.bucketName,
    workloadRoleArn: platform.workloadRoleArn,
    tenants: Object.fromEntries(tenantOutputs),
    runtimeEnvironment,
    inferenceProfiles,
    ...(exampleApp === undefined ? {} : { exampleApiUrl: exampleApp.url }),
    tenantRoles,
  };
}
