/** Every rule the pack enforces: its stable id, what it checks, why, and the usual fix. */
/**
 * `leak`: the pack shows a request of the tenant's session that reaches another tenant or escalates
 * (mandatory). `contract`: nothing leaks as far as the pack can evaluate, but the form is not one the
 * project supports (advisory unless configured). `guard`: a safeguard the isolation argument rests on
 * (trust, Cognito, known documents, tenant scope), mandatory.
 */
export type RuleKind = "leak" | "contract" | "guard";

export interface RuleDefinition {
  readonly id: string;
  readonly kind: RuleKind;
  readonly what: string;
  readonly why: string;
  readonly fix: string;
}

function rule(id: string, kind: RuleKind, what: string, why: string, fix: string): RuleDefinition {
  return { id, kind, what, why, fix };
}

export const RULES = {
  leakDynamoDb: rule(
    "TI-LEAK-001",
    "leak",
    "A tenant's session can read or change the shared table beyond its own partition keys: another tenant's keys, a batch mixing keys, or a request without keys (Scan, PartiQL without a key, streams, exports, table changes)",
    "dynamodb:LeadingKeys is the only thing that ties a table request to a tenant, so every key of every request must start with the tenant's <id># (ForAllValues) and keys must be present (ForAllValues also holds when they are absent)",
    'pin item actions with "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["<id>#*"]} and "Null": {"dynamodb:LeadingKeys": "false"}, and grant no keyless action on the shared table',
  ),
  leakS3: rule(
    "TI-LEAK-002",
    "leak",
    "A tenant's session can reach objects of the shared bucket outside tenants/<id>/, list outside that prefix, act through an access point, or change the bucket or the account's block on public access",
    "object ARNs and the s3:prefix of list requests are what tie S3 requests to a tenant; bucket settings are shared by every tenant",
    "name objects only under arn:aws:s3:::<bucket>/tenants/<id>/ and list only with an s3:prefix condition under tenants/<id>/",
  ),
  leakBedrock: rule(
    "TI-LEAK-003",
    "leak",
    "A tenant's session can use an application inference profile that is not provably its own (another tenant's, an untagged one, or when namePrefix is set its namesake's of another stack), or read or change the Bedrock invocation log group, the account's invocation logging or its enforced guardrails",
    "profile ids are random, so only the tenantId and tenancyStack tags (or the exact ARNs the stack outputs) say whose a profile is; another's profile bills and logs as that tenant; the invocation log holds every tenant's prompts and completions",
    'add "StringEquals": {"aws:ResourceTag/tenantId": "<id>", "aws:ResourceTag/tenancyStack": "<namePrefix>"} to the profile statement, or name the tenant\'s own profile ARNs; grant no logs action on /<namePrefix>/bedrock/invocations beyond listing it and appending records',
  ),
  leakEscalation: rule(
    "TI-LEAK-004",
    "leak",
    "A tenant's session can assume another role, pass another role to a service, change IAM (its own role's policies included), or read or change the users of the shared user pool",
    "a session that can become another role or grant itself permissions is no longer confined to its tenant",
    "remove the action; permissions are managed by the platform stack, and only the workload role assumes tenant roles",
  ),
  leakTenantResource: rule(
    "TI-LEAK-005",
    "leak",
    "A tenant's session can reach another tenant's resource of a declared tenant-scoped pattern (settings tenantResources)",
    "the platform declared these resources as one per tenant, so a grant beyond the tenant's own reaches another tenant's",
    "name only the tenant's own resource (the template with its id), or pin the tag that holds the tenant id with StringEquals",
  ),
  contractDirectModel: rule(
    "TI-CONTRACT-001",
    "contract",
    "Foundation models (and cross-region system inference profiles) only through the tenant's application inference profiles (bedrock:InferenceProfileArn)",
    "a direct model call is not attributed to the tenant or limited per tenant",
    'add "ArnLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:<region>:<account>:application-inference-profile/*"} to the model statement',
  ),
  contractLiteralVariables: rule(
    "TI-CONTRACT-002",
    "contract",
    'Documents that use policy variables declare "Version": "2012-10-17"',
    "under another or a missing Version IAM reads ${...} as literal text, so the grant matches nothing the author meant",
    'set "Version": "2012-10-17"',
  ),
  contractSessionVariable: rule(
    "TI-CONTRACT-003",
    "contract",
    "Policy variables name values a tenant role session has (${aws:PrincipalTag/tenantId}), not ${aws:username} or other session tags",
    "a role session has no aws:username and carries only the tenantId tag, so the variable has no value and the statement matches nothing",
    "use ${aws:PrincipalTag/tenantId}",
  ),
  contractUnknownAction: rule(
    "TI-CONTRACT-004",
    "contract",
    "Every action is one AWS's service authorization reference lists",
    "an action the reference does not list is a typo or an unreleased action; the pack cannot say what it reaches",
    "correct the action name (see the Service Authorization Reference)",
  ),
  iamWildcardAction: rule(
    "TI-IAM-001",
    "guard",
    'Outside tenant roles\' identity policies: no "*" or service-wide wildcard actions that expand to write or permission management',
    "a wildcard grants actions nobody reviewed, including ones that change data or permissions of every tenant",
    "list the exact actions needed",
  ),
  iamNotElements: rule(
    "TI-IAM-002",
    "guard",
    "Outside tenant roles' identity policies: no NotAction, NotResource or NotPrincipal with Allow",
    "an Allow with a Not-element grants everything except a list, including every future action and resource",
    "rewrite the statement with Action, Resource and Principal",
  ),
  iamEscalation: rule(
    "TI-IAM-003",
    "guard",
    "Outside tenant roles' identity policies: no privilege escalation (iam:PassRole on * or without iam:PassedToService, policy/role/user management, sts:AssumeRole on roles other than tenant roles)",
    "a role that can grant itself permissions or become another role is not confined to its tenant",
    "remove the action, or pin iam:PassRole to one role ARN with an iam:PassedToService condition",
  ),
  iamManagedPolicy: rule(
    "TI-IAM-004",
    "guard",
    "No managed policies (known ARNs) on tenant roles unless listed in allowedManagedPolicyArns",
    "managed policies are written outside this stack and are not tenant-scoped (AWS-managed ones reach every table and bucket)",
    "move the permissions into the tenant's inline policy, or list the ARN in allowedManagedPolicyArns",
  ),
  iamMalformed: rule(
    "TI-IAM-005",
    "guard",
    "IAM documents are well-formed JSON with a Statement",
    "a document the pack cannot read cannot be shown to be tenant-scoped",
    "pass a JSON object (or its JSON.stringify) with Version 2012-10-17 and a Statement",
  ),
  iamPlatformManagedPolicy: rule(
    "TI-IAM-006",
    "guard",
    "No AWS-managed policies on platform roles, users or groups unless they match allowedPlatformManagedPolicyArns (default none)",
    "AWS writes and widens them for every resource in the account: many read or write every table, bucket and model (AmazonDynamoDBFullAccess_v2, job-function/DatabaseAdministrator) or manage IAM (IAMFullAccess), so a platform principal would bypass every tenant boundary",
    "grant the platform principal exact statements in an inline policy, or add the ARN to allowedPlatformManagedPolicyArns after review",
  ),
  trustOpenPrincipal: rule(
    "TI-TRUST-001",
    "guard",
    'No "*" principal, wildcard principal or account root in an Allow',
    "it lets any principal (or anyone the account's admins choose) assume the role or reach the store",
    "name the exact role ARN or service principal",
  ),
  trustWorkloadOnly: rule(
    "TI-TRUST-002",
    "guard",
    "A tenant role trusts only the platform's workload role arn:<partition>:iam::<account>:role/<prefix>-workload (without settings: the prefix from the role's own name, the account the stack's ARNs name)",
    "any other principal could act as the tenant without the runtime's tenant checks",
    "trust only arn:aws:iam::<account>:role/<prefix>-workload",
  ),
  trustTagSession: rule(
    "TI-TRUST-003",
    "guard",
    "A tenant role's trust allows sts:AssumeRole only together with sts:TagSession",
    "without session tags the runtime cannot carry the tenant id, and the aws:RequestTag condition can never hold",
    'add "sts:TagSession" to the trusted actions',
  ),
  trustTenantTag: rule(
    "TI-TRUST-004",
    "guard",
    "A tenant role's trust pins aws:RequestTag/tenantId to its own id with StringEquals",
    "otherwise a session can assume the role while tagged for another tenant (or untagged)",
    'add "StringEquals": {"aws:RequestTag/tenantId": "<id>"}',
  ),
  trustWorkloadService: rule(
    "TI-TRUST-005",
    "guard",
    "A role that can assume tenant roles (the workload role <prefix>-workload, or any role whose policy allows sts:AssumeRole on role/tenants/<prefix>-tenant-*) trusts only the service principals in workloadTrustedServices (default lambda.amazonaws.com)",
    "whoever can become that role can become every tenant; an AWS or Federated principal in its trust is a way into every tenant's data that bypasses the runtime",
    'trust only {"Service": "lambda.amazonaws.com"} (or list the service in workloadTrustedServices)',
  ),
  trustPooledTag: rule(
    "TI-TRUST-006",
    "guard",
    "A pooled shard role's trust pins aws:RequestTag/tenantId with StringEquals to active pooled tenants of the stack, allows no other tag key (ForAllValues:StringEquals aws:TagKeys [tenantId]) and no transitive tags (Null sts:TransitiveTagKeys true)",
    "the session tag is the tenant on a shard role: any other value (a wildcard, a dedicated, suspended or undeclared id) or an extra or transitive tag gives a session another tenant's data",
    'add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}',
  ),
  cognitoTenantAttribute: rule(
    "TI-COG-001",
    "guard",
    "No app client may write custom:tenantId (an unset writeAttributes means every attribute is writable)",
    "users could move themselves into another tenant with their own access token",
    'set writeAttributes explicitly, without "custom:tenantId"',
  ),
  scopeSharedData: rule(
    "TI-SCOPE-001",
    "guard",
    "IAM outside tenant scope, and any resource policy (bucket, DynamoDB table, access point), never allows the shared table, bucket or tenant inference profiles",
    "a non-tenant role with data access bypasses every tenant boundary",
    "grant data access only through tenant roles; the workload role assumes them",
  ),
  scopeUndetermined: rule(
    "TI-SCOPE-002",
    "guard",
    "A tenant resource's tenant is determinable and consistent (parent Tenant component, tenantId tag, role name)",
    "the pack cannot check isolation for a tenant it cannot identify",
    "create tenant IAM as direct children of the Tenant component and tag the role tenantId=<id>",
  ),
  unknownAtPreview: rule(
    "TI-UNK-001",
    "guard",
    "IAM documents, trust policies and app-client write attributes are known at preview; a policy attached to a tenant or workload role, or a role granted tenant-role assumption, can be traced through the stack",
    "an unknown document cannot be checked, so the pack fails closed instead of passing it",
    "build the document from names known before deployment (see components/policies/arns.ts), not from resource outputs",
  ),
  stackForeignTenant: rule(
    "TI-STACK-001",
    "guard",
    "Each tenant's IAM allows nothing that names another tenant (a Deny may name others: it fences them off)",
    "a tenant policy naming another tenant's key prefix, S3 prefix, role or tag grants it that tenant's data",
    "derive every id in the document from the owning tenant",
  ),
  stackIncompleteTenant: rule(
    "TI-STACK-002",
    "guard",
    "Every tenant has its Cognito group and its role and role policy, or, if pooled, a shard role whose trust admits it",
    "a tenant without them either cannot work or is served by some other tenant's permissions",
    "create tenants only through the Tenant component",
  ),
  stackSharedPrefix: rule(
    "TI-STACK-003",
    "guard",
    "No two tenants share an id or prefix, and every id follows the tenant id rule",
    "two tenants with one key prefix, S3 prefix or role read each other's data",
    "give each tenant a unique id of lower-case letters, digits and single hyphens",
  ),
} as const;

export const ALL_RULES: readonly RuleDefinition[] = Object.values(RULES);
