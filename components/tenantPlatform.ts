import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TENANT_ID_ATTRIBUTE_NAME, TENANT_ID_CLAIM } from "@tenancy/runtime/naming";
import { PlatformLocation, workloadRoleName } from "./policies/arns";
import { bucketPolicy } from "./policies/bucketPolicy";
import { lambdaTrustPolicy, workloadRolePolicy } from "./policies/workloadRolePolicy";
import { bedrockLoggingPolicy, bedrockLoggingTrustPolicy } from "./policies/bedrockLoggingPolicy";
import { DefaultTags, tagsArg } from "./defaultTags";
import { dataBucketName } from "./physicalNames";
import { Invitations, StackSettings, UserPoolTier } from "./stackSettings";
import { assertTableIndexes, TableIndex } from "./tableIndexes";
import { invocationLogGroupName } from "./invocationLogGroup";

export interface TenantPlatformArgs {
  /** Prefix of every physical name, unique per stack and region (see StackSettings). */
  readonly namePrefix: string;
  /** The region the names were built for; the AWS provider must deploy there. */
  readonly region: string;
  /** Record Bedrock invocations (with the runtime's `requestMetadata.tenantId`) in CloudWatch Logs. */
  readonly bedrockInvocationLogging?: boolean;
  readonly invitations?: Invitations;
  readonly userPoolTier?: UserPoolTier;
  /** Adopt the stores a destroyed stack of the same names retained (see README, "Redeploying"). */
  readonly importRetained?: StackSettings["importRetained"];
  /** Set on every taggable child, e.g. for cost allocation; checked by parseDefaultTags. */
  readonly tags?: DefaultTags;
  /** Global secondary indexes of the table (checked by readTableIndexes: tenant-scoped keys). */
  readonly indexes?: readonly TableIndex[];
  /** Whether the stack has pooled tenants: the workload role may then become a shard role. */
  readonly pooledTier?: boolean;
}

/** App clients may read these; they may write only the standard ones, never the tenant id. */
export const APP_CLIENT_READ_ATTRIBUTES = ["email", "email_verified", "name", TENANT_ID_CLAIM];
export const APP_CLIENT_WRITE_ATTRIBUTES = ["email", "name"];

/**
 * What every tenant shares: the user pool, the table, the bucket and the role Lambdas run as.
 * Created once per stack; its data stores are protected from deletion.
 */
export class TenantPlatform extends pulumi.ComponentResource {
  public readonly location: pulumi.Output<PlatformLocation>;
  public readonly userPoolId: pulumi.Output<string>;
  public readonly userPoolClientId: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly bucketName: pulumi.Output<string>;
  public readonly workloadRoleArn: pulumi.Output<string>;
  /** Tenant roles' trust policies name it, so they must be created after it. */
  public readonly workloadRole: aws.iam.Role;

  constructor(name: string, args: TenantPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:index:TenantPlatform", name, {}, opts);
    assertTableIndexes(args.indexes ?? []);
    const child = { parent: this };
    const tagged = tagsArg(args.tags ?? {});
    // Data is never deleted by `pulumi up` or `destroy`; offboarding data is an explicit act.
    // The bucket's guards (public access block, TLS policy, encryption, versioning, ownership)
    // share its protection, so a retained bucket never loses them.
    const dataStore = pulumi.mergeOptions(child, { protect: true, retainOnDelete: true });
    // After a destroy the retained stores still hold their names: adopt them rather than fail.
    const { importRetained } = args;
    const adopt = (id: (retained: NonNullable<typeof importRetained>) => string) =>
      importRetained === undefined
        ? dataStore
        : pulumi.mergeOptions(dataStore, { import: id(importRetained) });

    const identity = aws.getCallerIdentityOutput({}, child);
    const region = aws.getRegionOutput({}, child);
    const partition = aws.getPartitionOutput({}, child);
    this.location = pulumi
      .all([identity.accountId, region.region, partition.partition])
      .apply(([accountId, regionName, partitionName]) => {
        if (regionName !== args.region) {
          // Names carry the region; deploying them elsewhere would break their uniqueness.
          throw new pulumi.RunError(
            `The AWS provider deploys to ${regionName}, but the stack's names were built for aws:region ${args.region}. Fix: set aws:region to the region you mean to deploy to, in the stack's config (pulumi config set aws:region ${regionName}), so names and provider agree.`,
          );
        }
        if (importRetained !== undefined && importRetained.accountId !== accountId) {
          throw new pulumi.RunError(
            `tenancy:importRetained names stores of account ${importRetained.accountId}, but the credentials are for account ${accountId}. Fix: use that account's credentials, or correct aws:allowedAccountIds.`,
          );
        }
        return platformLocation(
          args.namePrefix,
          partitionName,
          regionName,
          accountId,
          (args.indexes ?? []).map((index) => index.name),
        );
      });
    const invitations = args.invitations ?? { channel: "cognito" };
    const retainedBucketName = (retained: NonNullable<typeof importRetained>) =>
      dataBucketName(args.namePrefix, retained.accountId, args.region);

    const userPool = new aws.cognito.UserPool(
      `${name}-users`,
      {
        name: `${args.namePrefix}-users`,
        usernameAttributes: ["email"],
        // Fixed at creation: emails are case-insensitive, as tenants.json validation assumes.
        usernameConfiguration: { caseSensitive: false },
        autoVerifiedAttributes: ["email"],
        // Only admins (through IAM) create users, so only they decide a user's tenant.
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        schemas: [
          {
            name: TENANT_ID_ATTRIBUTE_NAME,
            attributeDataType: "String",
            // Mutable so admins can backfill existing users; app clients still cannot write it.
            mutable: true,
            developerOnlyAttribute: false,
            required: false,
            stringAttributeConstraints: { minLength: "1", maxLength: "64" },
          },
        ],
        passwordPolicy: {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: false,
          temporaryPasswordValidityDays: 7,
        },
        accountRecoverySetting: {
          recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
        },
        deletionProtection: "ACTIVE",
        ...tagged,
        // Pinned: AWS changed the default plan of new pools before, and the plan sets the price.
        userPoolTier: args.userPoolTier ?? "ESSENTIALS",
        // Always explicit: the provider keeps an omitted block as it was, so a switch back from
        // SES would otherwise go on sending through SES.
        emailConfiguration:
          invitations.channel === "ses"
            ? {
                // Cognito's own sender allows a few emails a day; SES sends as the operator.
                emailSendingAccount: "DEVELOPER",
                sourceArn: invitations.sesSourceArn,
                fromEmailAddress: invitations.fromEmailAddress,
              }
            : { emailSendingAccount: "COGNITO_DEFAULT" },
      },
      adopt((retained) => retained.userPoolId),
    );

    const userPoolClient = new aws.cognito.UserPoolClient(
      `${name}-app`,
      {
        name: `${args.namePrefix}-app`,
        userPoolId: userPool.id,
        generateSecret: false,
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        preventUserExistenceErrors: "ENABLED",
        readAttributes: APP_CLIENT_READ_ATTRIBUTES,
        writeAttributes: APP_CLIENT_WRITE_ATTRIBUTES,
      },
      child,
    );

    const indexes = args.indexes ?? [];
    const table = new aws.dynamodb.Table(
      `${name}-data`,
      {
        name: this.location.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: keyAttributes(indexes).map((attribute) => ({ name: attribute, type: "S" })),
        ...(indexes.length === 0
          ? {}
          : { globalSecondaryIndexes: indexes.map(globalSecondaryIndex) }),
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
        ...tagged,
      },
      adopt(() => tableName(args.namePrefix)),
    );

    const bucket = new aws.s3.Bucket(
      `${name}-data`,
      { bucket: this.location.bucketName, ...tagged },
      // In us-east-1 S3 would even answer "created" for a bucket the account already owns.
      adopt(retainedBucketName),
    );
    // Each bucket setting is imported by its bucket's name.
    const bucketGuard = adopt(retainedBucketName);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-data-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      bucketGuard,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-data-encryption`,
      {
        bucket: bucket.id,
        rules: [
          // SSE-S3: S3 Bucket Keys only apply to SSE-KMS, so none is set.
          { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      bucketGuard,
    );
    new aws.s3.BucketVersioning(
      `${name}-data-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      bucketGuard,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-data-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      bucketGuard,
    );
    new aws.s3.BucketPolicy(
      `${name}-data-tls-only`,
      { bucket: bucket.id, policy: this.location.apply((l) => JSON.stringify(bucketPolicy(l))) },
      pulumi.mergeOptions(bucketGuard, { dependsOn: [publicAccessBlock] }),
    );

    const workloadRole = new aws.iam.Role(
      `${name}-workload`,
      {
        name: workloadRoleName(args.namePrefix),
        description:
          "Lambdas run as this role; it can only assume tenant roles and write its own logs.",
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
        ...tagged,
      },
      child,
    );
    new aws.iam.RolePolicy(
      `${name}-workload-become-tenant`,
      {
        role: workloadRole.name,
        policy: this.location.apply((l) =>
          JSON.stringify(workloadRolePolicy(l, { pooled: args.pooledTier === true })),
        ),
      },
      child,
    );

    if (args.bedrockInvocationLogging) {
      const logGroupName = invocationLogGroupName(args.namePrefix);
      this.enableBedrockInvocationLogging(
        name,
        args.namePrefix,
        logGroupName,
        importRetained?.bedrockLogGroup === true ? adopt(() => logGroupName) : dataStore,
        tagged,
      );
    }

    this.userPoolId = userPool.id;
    this.userPoolClientId = userPoolClient.id;
    this.tableName = table.name;
    this.bucketName = bucket.bucket;
    this.workloadRoleArn = workloadRole.arn;
    this.workloadRole = workloadRole;
    this.registerOutputs({
      location: this.location,
      userPoolId: this.userPoolId,
      userPoolClientId: this.userPoolClientId,
      tableName: this.tableName,
      bucketName: this.bucketName,
      workloadRoleArn: this.workloadRoleArn,
    });
  }

  /** Model invocation logs carry the runtime's `requestMetadata`, so usage is attributable per tenant. */
  private enableBedrockInvocationLogging(
    name: string,
    namePrefix: string,
    logGroupName: string,
    logGroupOptions: pulumi.CustomResourceOptions,
    tagged: ReturnType<typeof tagsArg>,
  ): void {
    // The configuration is account-wide; the operator confirmed this stack may own it
    // (tenancy:bedrockInvocationLoggingReplacesExisting), so it follows the setting.
    const child = { parent: this };
    // The invocation records are per-tenant usage data: protected and retained like the stores.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-bedrock-invocations`,
      { name: logGroupName, retentionInDays: 365, ...tagged },
      logGroupOptions,
    );
    const loggingRole = new aws.iam.Role(
      `${name}-bedrock-logging`,
      {
        name: `${namePrefix}-bedrock-logging`,
        assumeRolePolicy: this.location.apply((l) => JSON.stringify(bedrockLoggingTrustPolicy(l))),
        ...tagged,
      },
      child,
    );
    const loggingPolicy = new aws.iam.RolePolicy(
      `${name}-bedrock-logging-write`,
      {
        role: loggingRole.name,
        policy: pulumi
          .all([this.location, logGroup.name])
          .apply(([l, logGroupName]) => JSON.stringify(bedrockLoggingPolicy(l, logGroupName))),
      },
      child,
    );
    new aws.bedrockmodel.InvocationLoggingConfiguration(
      `${name}-bedrock-invocation-logging`,
      {
        loggingConfig: {
          cloudwatchConfig: { logGroupName: logGroup.name, roleArn: loggingRole.arn },
          textDataDeliveryEnabled: true,
          imageDataDeliveryEnabled: false,
          embeddingDataDeliveryEnabled: false,
          videoDataDeliveryEnabled: false,
        },
      },
      { parent: this, dependsOn: [loggingPolicy] },
    );
  }
}

/** Physical names follow from the prefix, account and region alone, so they are known at preview. */
export function platformLocation(
  namePrefix: string,
  partition: string,
  region: string,
  accountId: string,
  indexNames: readonly string[] = [],
): PlatformLocation {
  return {
    partition,
    region,
    accountId,
    namePrefix,
    tableName: tableName(namePrefix),
    bucketName: dataBucketName(namePrefix, accountId, region),
    ...(indexNames.length === 0 ? {} : { indexNames }),
  };
}

/** Every key attribute of the table and its indexes, each once: all strings (the prefix is text). */
function keyAttributes(indexes: readonly TableIndex[]): string[] {
  const names = ["pk", "sk", ...indexes.flatMap((i) => [i.partitionKey, i.sortKey ?? []].flat())];
  return [...new Set(names)];
}

function globalSecondaryIndex(
  index: TableIndex,
): aws.types.input.dynamodb.TableGlobalSecondaryIndex {
  const keySchemas = [{ attributeName: index.partitionKey, keyType: "HASH" }];
  if (index.sortKey !== undefined)
    keySchemas.push({ attributeName: index.sortKey, keyType: "RANGE" });
  return typeof index.projection === "string"
    ? { name: index.name, keySchemas, projectionType: index.projection }
    : {
        name: index.name,
        keySchemas,
        projectionType: "INCLUDE",
        nonKeyAttributes: [...index.projection],
      };
}

function tableName(namePrefix: string): string {
  return `${namePrefix}-tenant-data`;
}
