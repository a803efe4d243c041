/** Every rule the pack enforces: its stable id, what it checks, why, and the usual fix. */
export interface RuleDefinition {
  readonly id: string;
  readonly what: string;
  readonly why: string;
  readonly fix: string;
}

function rule(id: string, what: string, why: string, fix: string): RuleDefinition {
  return { id, what, why, fix };
}

export const RULES = {
  ddbLeadingKeysMissing: rule(
    "TI-DDB-001",
    "Item actions on the shared table need a ForAllValues condition on dynamodb:LeadingKeys",
    "without it the role reads and writes every tenant's items",
    'add "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["<id>#*"]} to the statement',
  ),
  ddbLeadingKeysOperator: rule(
    "TI-DDB-002",
    "dynamodb:LeadingKeys only under ForAllValues:StringLike or ForAllValues:StringEquals",
    "ForAnyValue lets one batch mix the tenant's keys with another tenant's, and a single-valued operator on a multi-valued key does not constrain every key",
    'use "ForAllValues:StringLike" (no IfExists, no ForAnyValue)',
  ),
  ddbLeadingKeysValue: rule(
    "TI-DDB-003",
    "Every LeadingKeys value is <id>#* or <id>#<exact key> (or ${aws:PrincipalTag/tenantId}#* under Version 2012-10-17)",
    'a value without the "#" delimiter, with a wildcard in the tenant part, or naming another tenant matches other tenants\' partition keys',
    'use exactly "<id>#*"',
  ),
  ddbKeyless: rule(
    "TI-DDB-004",
    "On the shared table and its indexes a tenant holds only the eight item actions (an allow-list: any other dynamodb action or any wildcard, e.g. Scan, PartiQL, streams, export/import/restore, Kinesis streaming, backups, table control, dynamodb:*)",
    "other actions carry no dynamodb:LeadingKeys, and ForAllValues is true when the key is absent, so they reach the whole table",
    "grant only GetItem, BatchGetItem, Query, PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem",
  ),
  s3ObjectPrefix: rule(
    "TI-S3-001",
    "Every S3 action (whatever it is) on objects of the shared bucket only on <bucket>/tenants/<id>/*, and none through access points",
    "any other object ARN (wildcard bucket or tenant segment, missing '/', another prefix, an access point that can front the bucket) reaches other tenants' objects",
    'use "arn:aws:s3:::<bucket>/tenants/<id>/*"',
  ),
  s3ListPrefix: rule(
    "TI-S3-002",
    "List actions (ListBucket, ListBucketVersions, ListBucketMultipartUploads) on the shared bucket only with an s3:prefix condition under tenants/<id>/",
    "listing without that condition (or with a prefix lacking the trailing '/') shows other tenants' keys",
    'add "StringLike": {"s3:prefix": ["tenants/<id>/*"]}',
  ),
  s3BucketControl: rule(
    "TI-S3-003",
    "On the shared bucket ARN only the list actions (an allow-list), and no bucket-control actions anywhere (policy, ACL, public access block, delete, s3:*)",
    "whoever changes the bucket's policy or ACLs can open every tenant's objects, and other bucket-level actions read or change what all tenants share",
    "remove the action; bucket settings belong to the platform stack, not to a role",
  ),
  bedrockOwnProfiles: rule(
    "TI-BR-001",
    "Every Bedrock action on application inference profiles only on the tenant's own (StringEquals aws:ResourceTag/tenantId = <id>)",
    "profile ARNs are random, so only the tenantId tag proves a profile is the tenant's; other profiles bill and log as another tenant",
    'add "StringEquals": {"aws:ResourceTag/tenantId": "<id>"} and use the application-inference-profile ARN family',
  ),
  bedrockModelThroughProfile: rule(
    "TI-BR-002",
    "Foundation models only with StringEquals, StringLike, ArnEquals or ArnLike on bedrock:InferenceProfileArn naming the application inference profile family (no ForAllValues/ForAnyValue, IfExists or negated operators)",
    "direct model calls bypass the tenant's profile, so usage is neither attributed nor limited to the tenant; the excluded operators also hold for a direct call",
    'add "StringLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:<region>:<account>:application-inference-profile/*"}',
  ),
  bedrockWildcard: rule(
    "TI-BR-003",
    'Bedrock invocation never on Resource "*" or a wildcard spanning profiles and models',
    "it reaches every tenant's profiles and every model directly",
    "list the application-inference-profile family and the foundation model ARNs separately",
  ),
  bedrockTenantActions: rule(
    "TI-BR-004",
    "Tenants hold only bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream (an allow-list: no other action, no wildcard)",
    "other actions on the profile family or the models (DeleteInferenceProfile, TagResource, StartAsyncInvoke, ...) change or use other tenants' profiles, or run outside the runtime's per-tenant accounting",
    'grant exactly "bedrock:InvokeModel" and "bedrock:InvokeModelWithResponseStream"',
  ),
  iamWildcardAction: rule(
    "TI-IAM-001",
    'No "*" or service-wide wildcard actions that expand to write or permission management',
    "a wildcard grants actions nobody reviewed, including ones that change data or permissions of every tenant",
    "list the exact actions needed",
  ),
  iamNotElements: rule(
    "TI-IAM-002",
    "No NotAction, NotResource or NotPrincipal with Allow",
    "an Allow with a Not-element grants everything except a list, including every future action and resource",
    "rewrite the statement with Action, Resource and Principal",
  ),
  iamEscalation: rule(
    "TI-IAM-003",
    "No privilege escalation: iam:PassRole on * or without iam:PassedToService, policy/role/user management, sts:AssumeRole on other roles",
    "a role that can grant itself permissions or become another role is not confined to its tenant",
    "remove the action, or pin iam:PassRole to one role ARN with an iam:PassedToService condition",
  ),
  iamManagedPolicy: rule(
    "TI-IAM-004",
    "No managed policies (known ARNs) on tenant roles unless listed in allowedManagedPolicyArns",
    "managed policies are written outside this stack and are not tenant-scoped (AWS-managed ones reach every table and bucket)",
    "move the permissions into the tenant's inline policy, or list the ARN in allowedManagedPolicyArns",
  ),
  iamMalformed: rule(
    "TI-IAM-005",
    "IAM documents are well-formed JSON with a Statement",
    "a document the pack cannot read cannot be shown to be tenant-scoped",
    "pass a JSON object (or its JSON.stringify) with Version 2012-10-17 and a Statement",
  ),
  iamPlatformManagedPolicy: rule(
    "TI-IAM-006",
    "No AWS-managed policies on platform roles, users or groups unless they match allowedPlatformManagedPolicyArns (default AWSLambdaBasicExecutionRole)",
    "AWS writes and widens them for every resource in the account: many read or write every table, bucket and model (AmazonDynamoDBFullAccess_v2, job-function/DatabaseAdministrator) or manage IAM (IAMFullAccess), so a platform principal would bypass every tenant boundary",
    "grant the platform principal exact statements in an inline policy, or add the ARN to allowedPlatformManagedPolicyArns after review",
  ),
  trustOpenPrincipal: rule(
    "TI-TRUST-001",
    'No "*" principal, wildcard principal or account root in an Allow',
    "it lets any principal (or anyone the account's admins choose) assume the role or reach the store",
    "name the exact role ARN or service principal",
  ),
  trustWorkloadOnly: rule(
    "TI-TRUST-002",
    "A tenant role trusts only the platform's workload role arn:<partition>:iam::<account>:role/<prefix>-workload (without settings: the prefix from the role's own name, the account the stack's ARNs name)",
    "any other principal could act as the tenant without the runtime's tenant checks",
    "trust only arn:aws:iam::<account>:role/<prefix>-workload",
  ),
  trustTagSession: rule(
    "TI-TRUST-003",
    "A tenant role's trust allows sts:AssumeRole only together with sts:TagSession",
    "without session tags the runtime cannot carry the tenant id, and the aws:RequestTag condition can never hold",
    'add "sts:TagSession" to the trusted actions',
  ),
  trustTenantTag: rule(
    "TI-TRUST-004",
    "A tenant role's trust pins aws:RequestTag/tenantId to its own id with StringEquals",
    "otherwise a session can assume the role while tagged for another tenant (or untagged)",
    'add "StringEquals": {"aws:RequestTag/tenantId": "<id>"}',
  ),
  trustWorkloadService: rule(
    "TI-TRUST-005",
    "A role that can assume tenant roles (the workload role <prefix>-workload, or any role whose policy allows sts:AssumeRole on role/tenants/<prefix>-tenant-*) trusts only the service principals in workloadTrustedServices (default lambda.amazonaws.com)",
    "whoever can become that role can become every tenant; an AWS or Federated principal in its trust is a way into every tenant's data that bypasses the runtime",
    'trust only {"Service": "lambda.amazonaws.com"} (or list the service in workloadTrustedServices)',
  ),
  cognitoTenantAttribute: rule(
    "TI-COG-001",
    "No app client may write custom:tenantId (an unset writeAttributes means every attribute is writable)",
    "users could move themselves into another tenant with their own access token",
    'set writeAttributes explicitly, without "custom:tenantId"',
  ),
  scopeSharedData: rule(
    "TI-SCOPE-001",
    "IAM outside tenant scope, and any resource policy (bucket, DynamoDB table, access point), never allows the shared table, bucket or tenant inference profiles",
    "a non-tenant role with data access bypasses every tenant boundary",
    "grant data access only through tenant roles; the workload role assumes them",
  ),
  scopeUndetermined: rule(
    "TI-SCOPE-002",
    "A tenant resource's tenant is determinable and consistent (parent Tenant component, tenantId tag, role name)",
    "the pack cannot check isolation for a tenant it cannot identify",
    "create tenant IAM as direct children of the Tenant component and tag the role tenantId=<id>",
  ),
  unknownAtPreview: rule(
    "TI-UNK-001",
    "IAM documents, trust policies and app-client write attributes are known at preview; a policy attached to a tenant or workload role, or a role granted tenant-role assumption, can be traced through the stack",
    "an unknown document cannot be checked, so the pack fails closed instead of passing it",
    "build the document from names known before deployment (see components/policies/arns.ts), not from resource outputs",
  ),
  stackForeignTenant: rule(
    "TI-STACK-001",
    "Each tenant's IAM names only its own tenant",
    "a tenant policy naming another tenant's key prefix, S3 prefix, role or tag grants it that tenant's data",
    "derive every id in the document from the owning tenant",
  ),
  stackIncompleteTenant: rule(
    "TI-STACK-002",
    "Every tenant has its role, its role policy and its Cognito group",
    "a tenant without them either cannot work or is served by some other tenant's permissions",
    "create tenants only through the Tenant component",
  ),
  stackSharedPrefix: rule(
    "TI-STACK-003",
    "No two tenants share an id or prefix, and every id follows the tenant id rule",
    "two tenants with one key prefix, S3 prefix or role read each other's data",
    "give each tenant a unique id of lower-case letters, digits and single hyphens",
  ),
} as const;

export const ALL_RULES: readonly RuleDefinition[] = Object.values(RULES);
