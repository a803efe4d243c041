import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "./stackSettings";
import { Tenant } from "./tenant";
import { TenantPlatform } from "./tenantPlatform";
import { TenantSpec } from "./tenantsFile";

export interface TenantOutputs {
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
}

/** The whole stack: one shared platform and one component per (already validated) tenant. */
export function deployTenancy(
  settings: StackSettings,
  tenants: readonly TenantSpec[],
): TenancyOutputs {
  const platform = new TenantPlatform(settings.namePrefix, {
    namePrefix: settings.namePrefix,
    bedrockInvocationLogging: settings.bedrockInvocationLogging,
  });
  const tenantOutputs = tenants.map((spec) => {
    const tenant = new Tenant(spec.id, {
      tenant: spec,
      platform: platform.location,
      userPoolId: platform.userPoolId,
    });
    const outputs: TenantOutputs = {
      roleArn: tenant.roleArn,
      group: tenant.groupName,
      keyPrefix: tenant.keyPrefix,
      s3Prefix: tenant.s3Prefix,
      inferenceProfiles: tenant.inferenceProfiles,
    };
    return [spec.id, outputs] as const;
  });
  return {
    userPoolId: platform.userPoolId,
    userPoolClientId: platform.userPoolClientId,
    tableName: platform.tableName,
    bucketName: platform.bucketName,
    workloadRoleArn: platform.workloadRoleArn,
    tenants: Object.fromEntries(tenantOutputs),
  };
}
