import { derivePlatformSettings } from "../../check/platformSettings";
import { UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import { allow, Case, document, runCases, TABLE, TENANT_ROLES } from "./corpus";
import {
  addChild,
  findResource,
  withInputs,
  withPropertyDependencies,
  withTrust,
} from "./stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "./tenantStackFixture";

// TI-TRUST-005: a role that can assume tenant roles can become every tenant, so only the
// configured service principals (Lambda by default) may assume it.

const baseline = tenantStack(BASELINE_TENANTS);
const ACCOUNT = PLATFORM.accountId;
const lambda = { Service: "lambda.amazonaws.com" };
const becomeTenant = allow(["sts:AssumeRole", "sts:TagSession"], TENANT_ROLES);
const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: lambda, Action: "sts:AssumeRole" }],
});
const userTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/intern` },
      Action: "sts:AssumeRole",
    },
  ],
});
const withRole = (name: string, inputs: Record<string, unknown>) =>
  addChild(baseline, "dev", "aws:iam/role:Role", name, { name, ...inputs });
const jobsRole = withRole("dev-jobs", { assumeRolePolicy: userTrust });
const jobsPolicy = (role: unknown, statement: unknown = becomeTenant) =>
  addChild(jobsRole, "dev", "aws:iam/rolePolicy:RolePolicy", "dev-jobs-become-tenant", {
    role,
    policy: document(statement),
  });
const noSettings = { allowedManagedPolicyArns: [] };

const cases: Case[] = [
  {
    name: "workload trusts a role in another account",
    resources: withTrust(baseline, "dev-workload", {
      AWS: "arn:aws:iam::999999999999:role/attacker",
    }),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "workload trusts a Cognito identity pool (Federated)",
    resources: withTrust(
      baseline,
      "dev-workload",
      { Federated: "cognito-identity.amazonaws.com" },
      "sts:AssumeRoleWithWebIdentity",
    ),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "workload trusts a user of its own account",
    resources: withTrust(baseline, "dev-workload", { AWS: `arn:aws:iam::${ACCOUNT}:user/intern` }),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "workload trusts Lambda and EC2",
    resources: withTrust(baseline, "dev-workload", {
      Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"],
    }),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "workload trusts a service listed in workloadTrustedServices",
    resources: withTrust(baseline, "dev-workload", { Service: "ecs-tasks.amazonaws.com" }),
    settings: {
      ...derivePlatformSettings(baseline),
      workloadTrustedServices: ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"],
    },
    rules: [],
  },
  {
    name: "workload role (name ends in -workload) trusts a user, no settings",
    resources: withTrust(baseline, "dev-workload", { AWS: `arn:aws:iam::${ACCOUNT}:user/intern` }),
    settings: noSettings,
    rules: ["TI-TRUST-005"],
  },
  {
    name: "another role whose inline policy assumes tenant roles trusts a user",
    resources: withRole("dev-jobs", {
      assumeRolePolicy: userTrust,
      inlinePolicies: [{ name: "become", policy: document(becomeTenant) }],
    }),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "another role whose inline policy assumes tenant roles trusts only Lambda",
    resources: withRole("dev-jobs", {
      assumeRolePolicy: lambdaTrust,
      inlinePolicies: [{ name: "become", policy: document(becomeTenant) }],
    }),
    rules: [],
  },
  {
    name: "inline sts:AssumeRole on * reaches tenant roles too",
    resources: withRole("dev-jobs", {
      assumeRolePolicy: userTrust,
      inlinePolicies: [{ name: "become", policy: document(allow("sts:AssumeRole", "*")) }],
    }),
    rules: ["TI-IAM-003", "TI-TRUST-005"],
  },
  {
    name: "a role that trusts a user but cannot assume tenant roles",
    resources: jobsRole,
    rules: [],
  },
  {
    name: "separate RolePolicy (role by name) lets a user-trusting role assume tenant roles",
    resources: jobsPolicy("dev-jobs"),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "separate RolePolicy (role by ARN) lets a user-trusting role assume tenant roles",
    resources: jobsPolicy(`arn:aws:iam::${ACCOUNT}:role/dev-jobs`),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "separate RolePolicy for a role of unknown name, traced through propertyDependencies",
    resources: withPropertyDependencies(jobsPolicy(UNKNOWN_SENTINEL), "dev-jobs-become-tenant", {
      role: [findResource(jobsRole, "dev-jobs").urn],
    }),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "separate RolePolicy for a role unknown at preview and not traceable",
    resources: jobsPolicy(UNKNOWN_SENTINEL),
    rules: ["TI-UNK-001"],
  },
  {
    name: "separate RolePolicy lets a role outside the stack assume tenant roles",
    resources: jobsPolicy("ci-deployer"),
    rules: ["TI-TRUST-005"],
  },
  {
    name: "separate RolePolicy with NotAction reaches sts:AssumeRole on tenant roles",
    resources: jobsPolicy("dev-jobs", {
      Effect: "Allow",
      NotAction: "s3:*",
      Resource: TENANT_ROLES,
    }),
    rules: ["TI-IAM-002", "TI-TRUST-005"],
  },
  {
    name: "separate RolePolicy that reads a non-shared table leaves the role alone",
    resources: jobsPolicy("dev-jobs", allow("dynamodb:GetItem", `${TABLE}-archive`)),
    rules: [],
  },
  {
    name: "workload role's trust widened through its own inlinePolicies stays Lambda-only",
    resources: withInputs(baseline, "dev-workload", (inputs) => ({
      ...inputs,
      inlinePolicies: [{ name: "become", policy: document(becomeTenant) }],
    })),
    rules: [],
  },
];

describe("workload role trust (TI-TRUST-005)", () => {
  runCases(cases);
});
