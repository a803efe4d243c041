import { derivePlatformSettings } from "../../check/platformSettings";
import { UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import { allow, BUCKET, Case, document, runCases, TABLE } from "./corpus";
import { addChild, withInputs } from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// Resource types that reach the shared stores besides roles: DynamoDB resource policies, access
// points and their policies, users and groups (inline and attached); and AWS-managed policies on
// platform principals, which are an allow-list.

const baseline = tenantStack(BASELINE_TENANTS);
const FOREIGN_ROLE = "arn:aws:iam::999999999999:role/x";
const ACCESS_POINT_OBJECTS = `arn:aws:s3:${PLATFORM.region}:${PLATFORM.accountId}:accesspoint/reports/object/*`;
const platformChild = (type: string, name: string, inputs: Record<string, unknown>) =>
  addChild(baseline, "dev", type, name, inputs);
const grant = (Principal: unknown, Action: unknown, Resource: unknown) =>
  document({ Effect: "Allow", Principal, Action, Resource });
const TABLE_POLICY = "aws:dynamodb/resourcePolicy:ResourcePolicy";
const onWorkload = (policyArn: string) =>
  platformChild("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "dev-workload-managed", {
    role: "dev-workload",
    policyArn,
  });

const cases: Case[] = [
  // DynamoDB resource policies
  {
    name: "table resource policy granting another account's role",
    resources: platformChild(TABLE_POLICY, "dev-data-policy", {
      resourceArn: TABLE,
      policy: grant({ AWS: FOREIGN_ROLE }, "dynamodb:*", TABLE),
    }),
    rules: ["TI-IAM-001", "TI-SCOPE-001"],
  },
  {
    name: "table resource policy open to everyone",
    resources: platformChild(TABLE_POLICY, "dev-data-policy", {
      resourceArn: TABLE,
      policy: grant("*", "dynamodb:GetItem", TABLE),
    }),
    rules: ["TI-SCOPE-001", "TI-TRUST-001"],
  },
  {
    name: "table resource policy inside a Tenant component",
    resources: addChild(baseline, "acme", TABLE_POLICY, "acme-table-policy", {
      resourceArn: TABLE,
      policy: grant({ AWS: FOREIGN_ROLE }, "dynamodb:Query", `${TABLE}/index/*`),
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "table resource policy that only denies",
    resources: platformChild(TABLE_POLICY, "dev-data-policy", {
      resourceArn: TABLE,
      policy: document({
        Effect: "Deny",
        Principal: "*",
        Action: "dynamodb:DeleteTable",
        Resource: TABLE,
      }),
    }),
    rules: [],
  },
  {
    name: "table resource policy unknown at preview",
    resources: platformChild(TABLE_POLICY, "dev-data-policy", {
      resourceArn: TABLE,
      policy: UNKNOWN_SENTINEL,
    }),
    rules: ["TI-UNK-001"],
  },
  // Access points
  {
    name: "access point policy granting objects to a role",
    resources: platformChild("aws:s3/accessPointPolicy:AccessPointPolicy", "dev-reports-ap", {
      accessPointArn: UNKNOWN_SENTINEL,
      policy: grant({ AWS: FOREIGN_ROLE }, "s3:GetObject", ACCESS_POINT_OBJECTS),
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "access point on the shared bucket with a policy",
    resources: platformChild("aws:s3/accessPoint:AccessPoint", "dev-reports", {
      bucket: PLATFORM.bucketName,
      name: "reports",
      policy: grant({ AWS: FOREIGN_ROLE }, "s3:GetObject", ACCESS_POINT_OBJECTS),
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "access point on another bucket with a policy",
    resources: platformChild("aws:s3/accessPoint:AccessPoint", "dev-reports", {
      bucket: "dev-reports-bucket",
      name: "reports",
      policy: grant({ AWS: FOREIGN_ROLE }, "s3:GetObject", ACCESS_POINT_OBJECTS),
    }),
    rules: [],
  },
  {
    name: "platform role reading objects through an access point",
    resources: platformChild("aws:iam/role:Role", "dev-reports", {
      name: "dev-reports",
      assumeRolePolicy: grant({ Service: "lambda.amazonaws.com" }, "sts:AssumeRole", undefined),
      inlinePolicies: [
        { name: "read", policy: document(allow("s3:GetObject", ACCESS_POINT_OBJECTS)) },
      ],
    }),
    rules: ["TI-SCOPE-001"],
  },
  // Users and groups
  {
    name: "user inline policy reading the table",
    resources: platformChild("aws:iam/userPolicy:UserPolicy", "bob-read", {
      user: "bob",
      policy: document(allow("dynamodb:GetItem", TABLE)),
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "group inline policy reading the bucket",
    resources: platformChild("aws:iam/groupPolicy:GroupPolicy", "ops-read", {
      group: "ops",
      policy: document(allow("s3:GetObject", `${BUCKET}/*`)),
    }),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "user attached to AmazonDynamoDBFullAccess",
    resources: platformChild("aws:iam/userPolicyAttachment:UserPolicyAttachment", "bob-ddb", {
      user: "bob",
      policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
    }),
    rules: ["TI-IAM-006"],
  },
  {
    name: "group attached to AdministratorAccess",
    resources: platformChild("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "ops-admin", {
      group: "ops",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
    rules: ["TI-IAM-006"],
  },
  {
    name: "user attached to a traced platform Policy that reads the table",
    resources: addChild(
      platformChild("aws:iam/policy:Policy", "dev-reads", {
        name: "dev-reads",
        policy: document(allow("dynamodb:GetItem", TABLE)),
      }),
      "dev",
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "bob-reads",
      { user: "bob", policyArn: `arn:aws:iam::${PLATFORM.accountId}:policy/dev-reads` },
    ),
    rules: ["TI-SCOPE-001"],
  },
  // AWS-managed policies on platform principals: an allow-list
  ...[
    "IAMFullAccess",
    "job-function/DatabaseAdministrator",
    "service-role/AWSLambdaDynamoDBExecutionRole",
    "AmazonDynamoDBFullAccess_v2",
    "AmazonDynamoDBFullAccesswithDataPipeline",
    "AmazonS3FullAccess",
  ].map((name): Case => ({
    name: `workload role attached to ${name}`,
    resources: onWorkload(`arn:aws:iam::aws:policy/${name}`),
    rules: ["TI-IAM-006"],
  })),
  {
    name: "workload role's managedPolicyArns with AdministratorAccess",
    resources: withInputs(baseline, "dev-workload", (inputs) => ({
      ...inputs,
      managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    })),
    rules: ["TI-IAM-006"],
  },
  {
    // It writes to every log group, the Bedrock invocation log included.
    name: "AWSLambdaBasicExecutionRole on the workload role (not allowed by default)",
    resources: onWorkload("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
    rules: ["TI-IAM-006"],
  },
  {
    name: "AWSLambdaBasicExecutionRole in another partition, once allow-listed for every partition",
    resources: onWorkload(
      "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ),
    settings: {
      ...derivePlatformSettings(baseline),
      allowedPlatformManagedPolicyArns: [
        "arn:*:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      ],
    },
    rules: [],
  },
  {
    name: "AWS-managed policy added to allowedPlatformManagedPolicyArns",
    resources: onWorkload("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"),
    settings: {
      ...derivePlatformSettings(baseline),
      allowedPlatformManagedPolicyArns: [
        "arn:*:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
      ],
    },
    rules: [],
  },
];

describe("resource policies, users, groups and AWS-managed policies", () => {
  runCases(cases);
});
