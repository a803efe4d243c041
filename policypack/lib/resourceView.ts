/** What every rule sees of one resource: identity from the engine, inputs as plain data. */
export interface ResourceView {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  /** URN of the parent, when the engine knows one. */
  readonly parent?: string;
  /** Inputs after {@link knownCopy}: unknown values are the `UNKNOWN` symbol. */
  readonly props: Record<string, unknown>;
  /**
   * Stack level only: for each input, the URNs of the resources its value came from, as the
   * engine sends them in AnalyzeStack. How an unknown `policyArn` or `role` is traced back.
   */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /**
   * Stack level only: the `aws:iam/policy:Policy` of this stack an attachment attaches, found
   * through its policyArn. Its document is then judged under the attachment's scope.
   */
  readonly attachedPolicy?: ResourceView;
}

export const TENANT_COMPONENT = "tenancy:index:Tenant";
export const PLATFORM_COMPONENT = "tenancy:index:TenantPlatform";

export const ROLE = "aws:iam/role:Role";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const MANAGED_POLICY = "aws:iam/policy:Policy";
export const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
export const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
export const USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
export const GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
/** Every resource that attaches a managed policy by ARN. */
export const ATTACHMENT_TYPES: readonly string[] = [
  ROLE_POLICY_ATTACHMENT,
  POLICY_ATTACHMENT,
  USER_POLICY_ATTACHMENT,
  GROUP_POLICY_ATTACHMENT,
];
export const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
export const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const ACCESS_POINT = "aws:s3/accessPoint:AccessPoint";
export const ACCESS_POINT_POLICY = "aws:s3/accessPointPolicy:AccessPointPolicy";
export const DYNAMODB_RESOURCE_POLICY = "aws:dynamodb/resourcePolicy:ResourcePolicy";
export const USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
export const MANAGED_USER_POOL_CLIENT = "aws:cognito/managedUserPoolClient:ManagedUserPoolClient";
/** Both kinds of Cognito app client: each has writeAttributes. */
export const APP_CLIENT_TYPES: readonly string[] = [USER_POOL_CLIENT, MANAGED_USER_POOL_CLIENT];
export const USER_GROUP = "aws:cognito/userGroup:UserGroup";
export const TABLE = "aws:dynamodb/table:Table";
export const BUCKET = "aws:s3/bucket:Bucket";
export const INFERENCE_PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` split into its parts. */
export function parseUrn(urn: string): { qualifiedType: string; type: string; name: string } {
  const [, , qualifiedType = "", ...nameParts] = urn.split("::");
  const types = qualifiedType.split("$");
  return { qualifiedType, type: types[types.length - 1] ?? "", name: nameParts.join("::") };
}
