import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  TENANT_ID_ATTRIBUTE_NAME,
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  TenantIsolation,
  tenantGroupName,
  tenantKeyPrefix,
  tenantRoleName,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";
import { PlatformLocation } from "./policies/arns";
import { modelSourceArn } from "./policies/modelArns";
import { STACK_TAG_KEY, tenantRolePolicy } from "./policies/tenantRolePolicy";
import { tenantTrustPolicy } from "./policies/tenantTrustPolicy";
import {
  adminResourceName,
  inferenceProfileDescription,
  inferenceProfileName,
  inferenceProfileResourceName,
  normalizedEmail,
} from "./resourceNames";
import { DefaultTags } from "./defaultTags";
import { Invitations } from "./stackSettings";
import { TenantSpec } from "./tenantsFile";

export interface TenantArgs {
  readonly tenant: TenantSpec;
  /** The shared platform's location and user pool (from {@link TenantPlatform}). */
  readonly platform: pulumi.Input<PlatformLocation>;
  readonly userPoolId: pulumi.Input<string>;
  /** How new admins hear about their account; see the tenancy:invitations setting. */
  readonly invitations: Invitations["channel"];
  /**
   * The workload role the trust policy names. IAM refuses a trust policy whose principal does
   * not exist yet, and the policy names it by ARN string (known at preview), so the tenant
   * role must wait for it explicitly.
   */
  readonly workloadRole: pulumi.Resource;
  /**
   * The stack's tags, checked by parseDefaultTags (never `tenantId` or `tenancyStack`, in any
   * case); the tenant's own `tenantId` tag is added to them.
   */
  readonly tags?: DefaultTags;
  /** For a pooled tenant, the ARN of its shard role (from {@link PooledShard}); it gets no role of its own. */
  readonly pooledRoleArn?: pulumi.Input<string>;
}

/**
 * Everything one tenant gets. The component is named after the tenant id, so every child's
 * URN carries the tenant, and reordering tenants.json renames nothing.
 */
export class Tenant extends pulumi.ComponentResource {
  public readonly tenantId: string;
  public readonly isolation: TenantIsolation;
  public readonly roleArn: pulumi.Output<string>;
  public readonly groupName: pulumi.Output<string>;
  public readonly keyPrefix: string;
  public readonly s3Prefix: string;
  /** Model id (foundation model or cross-Region profile) -> the tenant's application inference profile ARN. */
  public readonly inferenceProfiles: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    const { tenant } = args;
    // The engine records a component's args as its inputs (its outputs, once registered, carry
    // it too): the policy pack reads the tier to tell whom a shard role may serve. Not the status:
    // suspending a tenant must change only its policy and its users.
    super("tenancy:index:Tenant", name, { isolation: tenant.isolation }, opts);
    const child = { parent: this };
    const platform = pulumi.output(args.platform);
    const tags = { ...args.tags, [TENANT_TAG_KEY]: tenant.id };

    // Only the role differs between the tiers: a change of tier touches no data and no user.
    const roleArn = tenant.isolation === "pooled" ? pooledArn(args) : this.ownRole(name, args);

    const group = new aws.cognito.UserGroup(
      `${name}-group`,
      {
        name: tenantGroupName(tenant.id),
        userPoolId: args.userPoolId,
        description: tenant.displayName,
      },
      child,
    );

    // Usernames and profile names are unique, and Pulumi creates a replacement before it
    // deletes the original: a replacement that reuses the name must delete first.
    const reusesName = { parent: this, deleteBeforeReplace: true };
    const active = tenant.status === "active";
    for (const email of tenant.admins.map(normalizedEmail)) {
      const adminName = adminResourceName(email);
      const user = new aws.cognito.User(
        adminName,
        {
          userPoolId: args.userPoolId,
          username: email,
          attributes: { email, email_verified: "true", [TENANT_ID_ATTRIBUTE_NAME]: tenant.id },
          desiredDeliveryMediums: ["EMAIL"],
          // No invitation for a user who cannot sign in yet: its temporary password would expire.
          ...(args.invitations === "suppress" || !active ? { messageAction: "SUPPRESS" } : {}),
          // A suspended tenant's admins cannot sign in until it is reactivated.
          enabled: active,
        },
        reusesName,
      );
      new aws.cognito.UserInGroup(
        `${adminName}-membership`,
        { userPoolId: args.userPoolId, username: user.username, groupName: group.name },
        reusesName,
      );
    }

    const profiles = tenant.models.map((model) => {
      const profile = new aws.bedrock.InferenceProfile(
        inferenceProfileResourceName(name, model),
        {
          name: platform.apply((p) => inferenceProfileName(p.namePrefix, tenant.id, model)),
          description: inferenceProfileDescription(tenant.id, model),
          // A cross-Region profile id copies from that system profile, so calls route as it does.
          modelSource: { copyFrom: platform.apply((p) => modelSourceArn(p, model)) },
          // The role's policy requires both tags: the tenant's, and this stack's.
          tags: platform.apply((p) => ({ ...tags, [STACK_TAG_KEY]: p.namePrefix })),
        },
        reusesName,
      );
      return profile.arn.apply((arn) => [model, arn] as const);
    });

    this.tenantId = tenant.id;
    this.isolation = tenant.isolation;
    this.roleArn = roleArn;
    this.groupName = group.name;
    this.keyPrefix = tenantKeyPrefix(tenant.id);
    this.s3Prefix = tenantS3Prefix(tenant.id);
    this.inferenceProfiles = pulumi.all(profiles).apply((pairs) => Object.fromEntries(pairs));
    this.registerOutputs({
      tenantId: this.tenantId,
      isolation: this.isolation,
      roleArn: this.roleArn,
      groupName: this.groupName,
      keyPrefix: this.keyPrefix,
      s3Prefix: this.s3Prefix,
      inferenceProfiles: this.inferenceProfiles,
    });
  }

  /** The dedicated tier: `tenant-<id>` with a literal-id policy and a trust pinned to the id. */
  private ownRole(name: string, args: TenantArgs): pulumi.Output<string> {
    const { tenant } = args;
    const child = { parent: this };
    const platform = pulumi.output(args.platform);
    const tags = { ...args.tags, [TENANT_TAG_KEY]: tenant.id };
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: platform.apply((p) => tenantRoleName(p.namePrefix, tenant.id)),
        path: TENANT_ROLE_PATH,
        // Not the display name: IAM descriptions accept only Latin-1 characters.
        description: `Data access of tenant ${tenant.id}`,
        // Lambdas assume tenant roles by role chaining, which AWS caps at one hour.
        maxSessionDuration: 3600,
        assumeRolePolicy: platform.apply((p) =>
          JSON.stringify(tenantTrustPolicy({ tenantId: tenant.id, platform: p })),
        ),
        tags,
      },
      { parent: this, dependsOn: [args.workloadRole] },
    );
    new aws.iam.RolePolicy(
      `${name}-data-access`,
      {
        name: `${tenant.id}-data-access`,
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

    return role.arn;
  }
}

function pooledArn(args: TenantArgs): pulumi.Output<string> {
  if (args.pooledRoleArn === undefined) {
    // A programming error, not user input: deployTenancy passes the shard's role.
    throw new Error(`pooled tenant "${args.tenant.id}" needs its shard's pooledRoleArn`);
  }
  return pulumi.output(args.pooledRoleArn);
}
