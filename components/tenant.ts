import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import {
  TENANT_ID_ATTRIBUTE_NAME,
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  tenantGroupName,
  tenantKeyPrefix,
  tenantRoleName,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";
import { foundationModelArn, PlatformLocation } from "./policies/arns";
import { tenantRolePolicy } from "./policies/tenantRolePolicy";
import { tenantTrustPolicy } from "./policies/tenantTrustPolicy";
import { TenantSpec } from "./tenantsFile";

export interface TenantArgs {
  readonly tenant: TenantSpec;
  /** The shared platform's location and user pool (from {@link TenantPlatform}). */
  readonly platform: pulumi.Input<PlatformLocation>;
  readonly userPoolId: pulumi.Input<string>;
}

/** Bedrock application inference profile names: letters, digits, `-`, `_`, space; 64 at most. */
const MAX_PROFILE_NAME_LENGTH = 64;

/**
 * Everything one tenant gets. The component is named after the tenant id, so every child's
 * URN carries the tenant, and reordering tenants.json renames nothing.
 */
export class Tenant extends pulumi.ComponentResource {
  public readonly tenantId: string;
  public readonly roleArn: pulumi.Output<string>;
  public readonly groupName: pulumi.Output<string>;
  public readonly keyPrefix: string;
  public readonly s3Prefix: string;
  /** Foundation model id -> the tenant's application inference profile ARN. */
  public readonly inferenceProfiles: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:index:Tenant", name, {}, opts);
    const { tenant } = args;
    const child = { parent: this };
    const platform = pulumi.output(args.platform);
    const tags = { [TENANT_TAG_KEY]: tenant.id };

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: platform.apply((p) => tenantRoleName(p.namePrefix, tenant.id)),
        path: TENANT_ROLE_PATH,
        description: `Data access of tenant ${tenant.id} (${tenant.displayName})`,
        // Lambdas assume tenant roles by role chaining, which AWS caps at one hour.
        maxSessionDuration: 3600,
        assumeRolePolicy: platform.apply((p) =>
          JSON.stringify(tenantTrustPolicy({ tenantId: tenant.id, platform: p })),
        ),
        tags,
      },
      child,
    );
    new aws.iam.RolePolicy(
      `${name}-data-access`,
      {
        role: role.name,
        policy: platform.apply((p) =>
          JSON.stringify(
            tenantRolePolicy({
              tenantId: tenant.id,
              status: tenant.status,
              models: tenant.models,
              platform: p,
            }),
          ),
        ),
      },
      child,
    );

    const group = new aws.cognito.UserGroup(
      `${name}-group`,
      {
        name: tenantGroupName(tenant.id),
        userPoolId: args.userPoolId,
        description: tenant.displayName,
      },
      child,
    );

    for (const email of tenant.admins) {
      // Named by a hash of the address: stable under reordering, and no email in the URN.
      const adminName = `${name}-admin-${shortHash(email.toLowerCase())}`;
      const user = new aws.cognito.User(
        adminName,
        {
          userPoolId: args.userPoolId,
          username: email,
          attributes: { email, email_verified: "true", [TENANT_ID_ATTRIBUTE_NAME]: tenant.id },
          desiredDeliveryMediums: ["EMAIL"],
          // A suspended tenant's admins cannot sign in until it is reactivated.
          enabled: tenant.status === "active",
        },
        child,
      );
      new aws.cognito.UserInGroup(
        `${adminName}-membership`,
        { userPoolId: args.userPoolId, username: user.username, groupName: group.name },
        child,
      );
    }

    const profiles = tenant.models.map((model) => {
      const profile = new aws.bedrock.InferenceProfile(
        `${name}-profile-${modelSlug(model)}`,
        {
          name: platform.apply((p) => inferenceProfileName(p.namePrefix, tenant.id, model)),
          description: `Bedrock ${model} for tenant ${tenant.id}`,
          modelSource: { copyFrom: platform.apply((p) => foundationModelArn(p, model)) },
          tags,
        },
        child,
      );
      return profile.arn.apply((arn) => [model, arn] as const);
    });

    this.tenantId = tenant.id;
    this.roleArn = role.arn;
    this.groupName = group.name;
    this.keyPrefix = tenantKeyPrefix(tenant.id);
    this.s3Prefix = tenantS3Prefix(tenant.id);
    this.inferenceProfiles = pulumi.all(profiles).apply((pairs) => Object.fromEntries(pairs));
    this.registerOutputs({
      roleArn: this.roleArn,
      groupName: this.groupName,
      keyPrefix: this.keyPrefix,
      s3Prefix: this.s3Prefix,
      inferenceProfiles: this.inferenceProfiles,
    });
  }
}

/** `anthropic.claude-3-haiku-20240307-v1:0` -> `anthropic-claude-3-haiku-20240307-v1-0`. */
export function modelSlug(modelId: string): string {
  return modelId.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
}

export function inferenceProfileName(
  namePrefix: string,
  tenantId: string,
  modelId: string,
): string {
  const full = `${namePrefix}-${tenantId}-${modelSlug(modelId)}`;
  if (full.length <= MAX_PROFILE_NAME_LENGTH) return full;
  // Too long for Bedrock: keep a readable head and a hash that stays unique per model.
  const hash = shortHash(modelId);
  return `${full.slice(0, MAX_PROFILE_NAME_LENGTH - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
