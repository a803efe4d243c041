import { derivePlatformSettings } from "../../../check/platformSettings";
import { withTrust } from "../stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";
import { runTrustCases, TrustCase } from "./trustChecksHarness";

// TI-TRUST-001 (open principals) on any trust, and TI-TRUST-005 (only the configured services may
// assume a role that can become every tenant), in process, with the offending principal named.

const baseline = tenantStack(BASELINE_TENANTS);
const ACCOUNT = PLATFORM.accountId;
const WORKLOAD = `arn:aws:iam::${ACCOUNT}:role/dev-workload`;

const cases: TrustCase[] = [
  {
    name: 'a tenant role trusting "*"',
    resources: withTrust(baseline, "acme-role", "*"),
    findings: [
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["*"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "a tenant role trusting a bare account id",
    resources: withTrust(baseline, "acme-role", { AWS: ACCOUNT }),
    findings: [
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:123456789012"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:123456789012"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "a tenant role trusting an unreadable Principal (a list) counts it as open",
    resources: withTrust(baseline, "acme-role", [WORKLOAD]),
    findings: [
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["*"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "a role whose name ends in twelve digits is no account",
    resources: withTrust(baseline, "acme-role", {
      AWS: `arn:aws:iam::${ACCOUNT}:role/build-202401011200`,
    }),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:arn:aws:iam::123456789012:role/build-202401011200"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    // IAM paths may hold any printable ASCII, ":" included: only an ARN that ends in :root is one.
    name: 'a role whose path holds ":root" is no account root',
    resources: withTrust(baseline, "acme-role", {
      AWS: `arn:aws:iam::${ACCOUNT}:role/ops:root/deployer`,
    }),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:arn:aws:iam::123456789012:role/ops:root/deployer"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "thirteen digits are no account id",
    resources: withTrust(baseline, "acme-role", { AWS: `${ACCOUNT}3` }),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Principal ["AWS:1234567890123"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: 'the workload role trusting every service ("Service": "*")',
    resources: withTrust(baseline, "dev-workload", { Service: "*" }),
    findings: [
      'mandatory TI-TRUST-001 dev-workload | [TI-TRUST-001] aws:iam/role:Role "dev-workload", assumeRolePolicy statement 0: Principal ["Service:*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-005 dev-workload | [TI-TRUST-005] aws:iam/role:Role "dev-workload", assumeRolePolicy statement 0: Principal ["Service:*"] (the role can assume tenant roles: it is the workload role "dev-workload") ... Fix: trust only {"Service": "lambda.amazonaws.com"} (or list the service in workloadTrustedServices).',
    ],
  },
  {
    name: "a wildcard in a Service principal is not an open AWS principal, but no trusted service",
    resources: withTrust(baseline, "dev-workload", { Service: "*.amazonaws.com" }),
    findings: [
      'mandatory TI-TRUST-005 dev-workload | [TI-TRUST-005] aws:iam/role:Role "dev-workload", assumeRolePolicy statement 0: Principal ["Service:*.amazonaws.com"] (the role can assume tenant roles: it is the workload role "dev-workload") ... Fix: trust only {"Service": "lambda.amazonaws.com"} (or list the service in workloadTrustedServices).',
    ],
  },
  {
    name: "the workload role trusting an AWS principal spelled as the Lambda service",
    resources: withTrust(baseline, "dev-workload", { AWS: "lambda.amazonaws.com" }),
    findings: [
      'mandatory TI-TRUST-005 dev-workload | [TI-TRUST-005] aws:iam/role:Role "dev-workload", assumeRolePolicy statement 0: Principal ["AWS:lambda.amazonaws.com"] (the role can assume tenant roles: it is the workload role "dev-workload") ... Fix: trust only {"Service": "lambda.amazonaws.com"} (or list the service in workloadTrustedServices).',
    ],
  },
  {
    name: "the workload role trusting itself, two trusted services configured: the fix lists both",
    resources: withTrust(baseline, "dev-workload", { AWS: WORKLOAD }),
    settings: {
      ...derivePlatformSettings(baseline),
      workloadTrustedServices: ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"],
    },
    findings: [
      'mandatory TI-TRUST-005 dev-workload | [TI-TRUST-005] aws:iam/role:Role "dev-workload", assumeRolePolicy statement 0: Principal ["AWS:arn:aws:iam::123456789012:role/dev-workload"] (the role can assume tenant roles: it is the workload role "dev-workload") ... Fix: trust only {"Service": ["lambda.amazonaws.com","ecs-tasks.amazonaws.com"]} (or list the service in workloadTrustedServices).',
    ],
  },
];

describe("trustChecks: open principals and the workload role's trust (TI-TRUST-001, 005)", () => {
  runTrustCases(cases);
});
