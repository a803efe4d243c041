import { UNKNOWN_SENTINEL } from "../../../policypack/lib/knownValues";
import { addChild, withInputs } from "../stackMutations";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";
import { document } from "../corpus";
import {
  eachTrustStatement,
  runTrustCases,
  sessionConditions,
  TrustCase,
  trustOf,
  withoutNamePrefix,
} from "./trustChecksHarness";

// TI-TRUST-002..004 on a tenant role's trust, in process: only the workload role, TagSession
// wherever AssumeRole is allowed, and the tag pinned to the tenant's own id on every statement that
// starts or tags a session; without namePrefix, the prefix comes from the role's own name.

const baseline = tenantStack(BASELINE_TENANTS);
const ACCOUNT = PLATFORM.accountId;
const WORKLOAD = `arn:aws:iam::${ACCOUNT}:role/dev-workload`;
const TAG = "aws:RequestTag/tenantId";
const acmeSessions = (edit: (condition: Record<string, any>) => Record<string, any>) =>
  sessionConditions(baseline, "acme-role", edit);
const acmeNamed = (name: unknown) => withInputs(baseline, "acme-role", (i) => ({ ...i, name }));
const acmeUnnamed = withInputs(baseline, "acme-role", (inputs) =>
  Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "name")),
);
/** Every statement of acme's trust names `principal` instead of the workload role. */
const acmeTrusting = (principal: string, resources = baseline) =>
  eachTrustStatement(resources, "acme-role", (statement) => ({
    ...statement,
    Principal: { AWS: principal },
  }));
const workloadStatement = (Action: string, Condition?: Record<string, unknown>) => ({
  Effect: "Allow",
  Principal: { AWS: WORKLOAD },
  Action,
  ...(Condition === undefined ? {} : { Condition }),
});
const pinned = { StringEquals: { [TAG]: "acme" } };

const cases: TrustCase[] = [
  {
    name: "the tenant roles as the builders write them -> no finding",
    resources: baseline,
    findings: [],
  },
  {
    name: "tag pinned with StringLike",
    resources: acmeSessions((c) => ({ StringLike: c.StringEquals })),
    findings: [
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): aws:RequestTag/tenantId ["StringLike [\\"acme\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): aws:RequestTag/tenantId ["StringLike [\\"acme\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "tag pinned to the tenant and another tenant",
    resources: acmeSessions((c) => ({ ...c, StringEquals: { [TAG]: ["acme", "globex"] } })),
    findings: [
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): aws:RequestTag/tenantId ["StringEquals [\\"acme\\",\\"globex\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): aws:RequestTag/tenantId ["StringEquals [\\"acme\\",\\"globex\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: 'tag pinned with StringEquals and also StringLike "*"',
    resources: acmeSessions((c) => ({ ...c, StringLike: { [TAG]: "*" } })),
    findings: [
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): aws:RequestTag/tenantId ["StringEquals [\\"acme\\"]","StringLike [\\"*\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): aws:RequestTag/tenantId ["StringEquals [\\"acme\\"]","StringLike [\\"*\\"]"] ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "AssumeRole unpinned, TagSession pinned: the AssumeRole statement is named",
    resources: trustOf(
      baseline,
      "acme-role",
      workloadStatement("sts:AssumeRole"),
      workloadStatement("sts:TagSession", pinned),
    ),
    findings: [
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "AssumeRole pinned, TagSession unpinned: the TagSession statement is named",
    resources: trustOf(
      baseline,
      "acme-role",
      workloadStatement("sts:AssumeRole", pinned),
      workloadStatement("sts:TagSession"),
    ),
    findings: [
      'mandatory TI-TRUST-004 acme-role | [TI-TRUST-004] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1: no aws:RequestTag/tenantId condition ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": "acme"}.',
    ],
  },
  {
    name: "no statement allows TagSession: the first AssumeRole statement (not the first statement) is named",
    resources: trustOf(
      baseline,
      "acme-role",
      workloadStatement("sts:SetSourceIdentity"),
      workloadStatement("sts:AssumeRole", pinned),
    ),
    findings: [
      'mandatory TI-TRUST-003 acme-role | [TI-TRUST-003] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
    ],
  },
  {
    name: "a trust that allows no AssumeRole -> no TagSession finding",
    resources: trustOf(baseline, "acme-role", workloadStatement("sts:SetSourceIdentity")),
    findings: [],
  },
  {
    name: "the workload role of another account (accountId configured)",
    resources: acmeTrusting("arn:aws:iam::999999999999:role/dev-workload"),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws:iam::999999999999:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws:iam::999999999999:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws:iam::999999999999:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "the workload role of another partition (partition configured)",
    resources: acmeTrusting(`arn:aws-cn:iam::${ACCOUNT}:role/dev-workload`),
    settings: { ...withoutNamePrefix(baseline), namePrefix: "dev", partition: "aws" },
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws-cn:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws-cn:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws-cn:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "the workload role's ARN with a trailing newline is not the workload role",
    resources: acmeTrusting(`${WORKLOAD}\n`),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws:iam::123456789012:role/dev-workload\\n"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws:iam::123456789012:role/dev-workload\\n"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws:iam::123456789012:role/dev-workload\\n"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "the workload role's ARN with a leading space is not the workload role",
    resources: acmeTrusting(` ${WORKLOAD}`),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS: arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS: arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS: arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "a Service principal spelled as the workload role's ARN is not the workload role",
    resources: eachTrustStatement(baseline, "acme-role", (statement) => ({
      ...statement,
      Principal: { Service: WORKLOAD },
    })),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["Service:arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["Service:arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["Service:arn:aws:iam::123456789012:role/dev-workload"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "no namePrefix, role named off-pattern: only the name finding, the workload role is no stranger",
    resources: acmeNamed("acme-runtime"),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name "acme-runtime" is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
    ],
  },
  {
    name: "no namePrefix, role without a name",
    resources: acmeUnnamed,
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name (not set) is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
    ],
  },
  {
    name: "no namePrefix, role name unknown at preview",
    resources: acmeNamed(UNKNOWN_SENTINEL),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name (unknown at preview) is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
    ],
  },
  {
    name: 'no namePrefix, role named "-tenant-acme" (an empty prefix)',
    resources: acmeNamed("-tenant-acme"),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name "-tenant-acme" is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
    ],
  },
  {
    name: "no namePrefix, prefix not told: a user is still a stranger",
    resources: acmeTrusting(`arn:aws:iam::${ACCOUNT}:user/intern`, acmeNamed("acme-runtime")),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name "acme-runtime" is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws:iam::123456789012:user/intern"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws:iam::123456789012:user/intern"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws:iam::123456789012:user/intern"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "no namePrefix, prefix not told: a wildcard role ARN is a stranger",
    resources: acmeTrusting(`arn:aws:iam::${ACCOUNT}:role/*`, acmeNamed("acme-runtime")),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-001 acme-role | [TI-TRUST-001] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: name the exact role ARN or service principal.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy: the workload role\'s name cannot be told: namePrefix is not configured and the role\'s name "acme-runtime" is not "<prefix>-tenant-acme" ... Fix: set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesWithTenantTag): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithTenantId): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-002 acme-role | [TI-TRUST-002] aws:iam/role:Role "acme-role", assumeRolePolicy statement 2 (Sid WorkloadNamesTheUser): Principal ["AWS:arn:aws:iam::123456789012:role/*"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
    ],
  },
  {
    name: "a tenant role that can itself assume tenant roles is still judged as a tenant role (no TI-TRUST-005)",
    resources: withInputs(baseline, "acme-role", (inputs) => ({
      ...inputs,
      inlinePolicies: [
        {
          name: "hop",
          policy: document({
            Effect: "Allow",
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Resource: `arn:aws:iam::${ACCOUNT}:role/tenants/dev-tenant-*`,
          }),
        },
      ],
    })),
    findings: [],
  },
  {
    name: "a tenant's bucket policy trusting the tenant role is no trust policy",
    resources: addChild(
      baseline,
      "acme",
      "aws:s3/bucketPolicy:BucketPolicy",
      "acme-bucket-policy",
      {
        bucket: "dev-acme-reports",
        policy: document({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/tenants/dev-tenant-acme` },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::dev-acme-reports/*",
        }),
      },
    ),
    findings: [],
  },
];

describe("trustChecks: tenant role trust (TI-TRUST-002..004)", () => {
  runTrustCases(cases);
});
