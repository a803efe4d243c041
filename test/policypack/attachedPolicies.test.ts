import { CheckedResource } from "../../check/checkedResource";
import { UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import { allow, Case, document, runCases, TABLE, TENANT_ROLES } from "./corpus";
import { addChild, findResource, withPropertyDependencies } from "./stackMutations";
import { BASELINE_TENANTS, tenantStack } from "./tenantStackFixture";

// At a real preview an attachment's policyArn is unknown (aws.iam.Policy.arn is an output). The
// stack rules trace it to the Policy through propertyDependencies and judge that document under
// the attachment's scope; what cannot be traced fails closed for tenant and workload roles.

const baseline = tenantStack(BASELINE_TENANTS);
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY = "aws:iam/policy:Policy";
const acmeItems = allow("dynamodb:GetItem", TABLE, {
  Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] } },
});
/** A managed Policy owned by `owner` (a component name), its document given. */
const withPolicy = (owner: string, name: string, ...statements: unknown[]) =>
  addChild(baseline, owner, POLICY, name, { name, policy: document(...statements) });
const acmePolicy = withPolicy("acme", "acme-extra", acmeItems);
const policyUrn = (resources: CheckedResource[], name: string) =>
  findResource(resources, name, POLICY).urn;

/** Attaches with policyArn unknown; `traced` records propertyDependencies to the Policy. */
function attach(
  resources: CheckedResource[],
  owner: string,
  role: unknown,
  policyName: string | undefined,
  name = "extra-attachment",
): CheckedResource[] {
  const attached = addChild(resources, owner, ATTACHMENT, name, {
    role,
    policyArn: UNKNOWN_SENTINEL,
  });
  return policyName === undefined
    ? attached
    : withPropertyDependencies(attached, name, { policyArn: [policyUrn(resources, policyName)] });
}

const userTrustingRole = addChild(
  withPolicy("dev", "dev-jobs-become", allow(["sts:AssumeRole", "sts:TagSession"], TENANT_ROLES)),
  "dev",
  "aws:iam/role:Role",
  "dev-jobs",
  {
    name: "dev-jobs",
    assumeRolePolicy: document({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:user/intern" },
      Action: "sts:AssumeRole",
    }),
  },
);

const cases: Case[] = [
  {
    name: "acme's Policy attached to acme's role (traced, same scope)",
    resources: attach(acmePolicy, "acme", "dev-tenant-acme", "acme-extra"),
    rules: [],
  },
  {
    name: "acme's Policy attached to globex's role (traced): judged as globex's",
    resources: attach(acmePolicy, "-", "dev-tenant-globex", "acme-extra"),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "acme's Policy attached to globex's role, policyArn not traceable",
    resources: attach(acmePolicy, "-", "dev-tenant-globex", undefined),
    rules: ["TI-UNK-001"],
  },
  {
    name: "attachment under Tenant globex with role and policyArn unknown, not traceable",
    resources: attach(acmePolicy, "globex", UNKNOWN_SENTINEL, undefined),
    rules: ["TI-UNK-001"],
  },
  {
    name: "attachment under Tenant globex with role and policyArn unknown, both traced",
    resources: withPropertyDependencies(
      attach(acmePolicy, "globex", UNKNOWN_SENTINEL, undefined),
      "extra-attachment",
      {
        role: [findResource(baseline, "globex-role").urn],
        policyArn: [policyUrn(acmePolicy, "acme-extra")],
      },
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "attachment under Tenant acme whose role is traced to globex's role",
    resources: withPropertyDependencies(
      attach(acmePolicy, "acme", UNKNOWN_SENTINEL, undefined),
      "extra-attachment",
      {
        role: [findResource(baseline, "globex-role").urn],
        policyArn: [policyUrn(acmePolicy, "acme-extra")],
      },
    ),
    rules: ["TI-SCOPE-002"],
  },
  {
    name: "acme's Policy attached to the workload role (traced): platform IAM with data access",
    resources: attach(acmePolicy, "dev", "dev-workload", "acme-extra"),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "platform Policy reading the table attached to the workload role (judged once, as itself)",
    resources: attach(
      withPolicy("dev", "dev-reads", allow("dynamodb:GetItem", TABLE)),
      "dev",
      "dev-workload",
      "dev-reads",
    ),
    rules: ["TI-SCOPE-001"],
  },
  {
    name: "harmless platform Policy attached to the workload role (traced)",
    resources: attach(
      withPolicy("dev", "dev-xray", allow("xray:PutTraceSegments", "*")),
      "dev",
      "dev-workload",
      "dev-xray",
    ),
    rules: [],
  },
  {
    name: "untraceable policyArn attached to the workload role",
    resources: attach(baseline, "dev", "dev-workload", undefined),
    rules: ["TI-UNK-001"],
  },
  {
    name: "untraceable policyArn attached to a role of unknown name",
    resources: attach(baseline, "dev", UNKNOWN_SENTINEL, undefined),
    rules: ["TI-UNK-001"],
  },
  {
    name: "untraceable policyArn attached to an ordinary platform role",
    resources: attach(
      addChild(baseline, "dev", "aws:iam/role:Role", "dev-reports", {
        name: "dev-reports",
        assumeRolePolicy: document({
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      }),
      "dev",
      "dev-reports",
      undefined,
    ),
    rules: [],
  },
  {
    name: "traced Policy lets a user-trusting role assume tenant roles",
    resources: attach(userTrustingRole, "dev", "dev-jobs", "dev-jobs-become"),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "PolicyAttachment (roles list) of acme's Policy to globex's role, traced",
    resources: withPropertyDependencies(
      addChild(acmePolicy, "-", "aws:iam/policyAttachment:PolicyAttachment", "shared", {
        roles: ["dev-tenant-globex"],
        policyArn: UNKNOWN_SENTINEL,
      }),
      "shared",
      { policyArn: [policyUrn(acmePolicy, "acme-extra")] },
    ),
    rules: ["TI-LEAK-001"],
  },
  {
    name: "known ARN of acme's Policy attached to globex's role",
    resources: addChild(acmePolicy, "-", ATTACHMENT, "by-arn", {
      role: "dev-tenant-globex",
      policyArn: "arn:aws:iam::123456789012:policy/acme-extra",
    }),
    rules: ["TI-LEAK-001", "TI-IAM-004"],
  },
];

describe("attached policies traced through the stack (TI-UNK-001 when they cannot be)", () => {
  runCases(cases);
});
