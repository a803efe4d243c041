import { PLATFORM, pooledStack } from "../tenantStackFixture";
import {
  runTrustCases,
  sessionConditions,
  TrustCase,
  withoutNamePrefix,
  trustOf,
} from "./trustChecksHarness";

// TI-TRUST-006 (and 002/003) on a pooled shard role's trust, in process: every statement that
// starts or tags a session pins aws:RequestTag/tenantId to valid ids with StringEquals, the tag
// keys to ["tenantId"] with ForAllValues:StringEquals, and refuses transitive tags.

const baseline = pooledStack();
const SHARD = "pooled-0-role";
const TAG = "aws:RequestTag/tenantId";
const TAG_KEYS = "ForAllValues:StringEquals";
const shardSessions = (edit: (condition: Record<string, any>) => Record<string, any>) =>
  sessionConditions(baseline, SHARD, edit);
const without = (condition: Record<string, any>, operator: string) =>
  Object.fromEntries(Object.entries(condition).filter(([key]) => key !== operator));

const cases: TrustCase[] = [
  {
    name: "the shard role as the builders write it -> no finding",
    resources: baseline,
    findings: [],
  },
  {
    name: "tag pinned with StringLike instead of StringEquals",
    resources: shardSessions((c) => ({
      ...without(c, "StringEquals"),
      StringLike: c.StringEquals,
    })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:RequestTag/tenantId ["StringLike [\\"hooli\\",\\"umbrella\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:RequestTag/tenantId ["StringLike [\\"hooli\\",\\"umbrella\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "no aws:RequestTag/tenantId condition",
    resources: shardSessions((c) => without(c, "StringEquals")),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): no aws:RequestTag/tenantId condition, not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): no aws:RequestTag/tenantId condition, not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "tag pinned to a valid id and a wildcard",
    resources: shardSessions((c) => ({ ...c, StringEquals: { [TAG]: ["hooli", "*"] } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:RequestTag/tenantId ["StringEquals [\\"hooli\\",\\"*\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:RequestTag/tenantId ["StringEquals [\\"hooli\\",\\"*\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "tag pinned to an empty list",
    resources: shardSessions((c) => ({ ...c, StringEquals: { [TAG]: [] } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:RequestTag/tenantId ["StringEquals []"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:RequestTag/tenantId ["StringEquals []"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: 'StringEquals on the ids plus a StringLike "*" on the same tag',
    resources: shardSessions((c) => ({ ...c, StringLike: { [TAG]: "*" } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:RequestTag/tenantId ["StringEquals [\\"hooli\\",\\"umbrella\\"]","StringLike [\\"*\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:RequestTag/tenantId ["StringEquals [\\"hooli\\",\\"umbrella\\"]","StringLike [\\"*\\"]"], not StringEquals on ids ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "aws:TagKeys not pinned",
    resources: shardSessions((c) => without(c, TAG_KEYS)),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "aws:TagKeys pinned with ForAnyValue:StringEquals",
    resources: shardSessions((c) => ({
      ...without(c, TAG_KEYS),
      "ForAnyValue:StringEquals": c[TAG_KEYS],
    })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "aws:TagKeys allows a second key",
    resources: shardSessions((c) => ({
      ...c,
      [TAG_KEYS]: { "aws:TagKeys": ["tenantId", "role"] },
    })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "aws:TagKeys pinned to an empty list",
    resources: shardSessions((c) => ({ ...c, [TAG_KEYS]: { "aws:TagKeys": [] } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "aws:TagKeys pinned to another key",
    resources: shardSessions((c) => ({ ...c, [TAG_KEYS]: { "aws:TagKeys": ["team"] } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: 'aws:TagKeys also under ForAnyValue:StringLike "*"',
    resources: shardSessions((c) => ({ ...c, "ForAnyValue:StringLike": { "aws:TagKeys": ["*"] } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "transitive tags not refused",
    resources: shardSessions((c) => ({ ...c, Null: { "sts:SourceIdentity": "false" } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: 'transitive tags refused with Null "false" (which demands them)',
    resources: shardSessions((c) => ({ ...c, Null: { "sts:TransitiveTagKeys": "false" } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "no condition at all but the source identity: all three problems in one finding",
    resources: shardSessions(() => ({ Null: { "sts:SourceIdentity": "false" } })),
    findings: [
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant): no aws:RequestTag/tenantId condition, not StringEquals on ids; aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals; transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId): no aws:RequestTag/tenantId condition, not StringEquals on ids; aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals; transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
  {
    name: "another role trusted, namePrefix not configured: the prefix comes from the shard's name",
    resources: trustOf(baseline, SHARD, {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${PLATFORM.accountId}:role/intruder` },
      Action: "sts:AssumeRole",
    }),
    settings: withoutNamePrefix(baseline),
    findings: [
      'mandatory TI-TRUST-002 pooled-0-role | [TI-TRUST-002] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0: Principal ["AWS:arn:aws:iam::123456789012:role/intruder"] ... Fix: trust only arn:aws:iam::<account>:role/<prefix>-workload.',
      'mandatory TI-TRUST-003 pooled-0-role | [TI-TRUST-003] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0: Action ["sts:AssumeRole"] and no statement allows sts:TagSession ... Fix: add "sts:TagSession" to the trusted actions.',
      'mandatory TI-TRUST-006 pooled-0-role | [TI-TRUST-006] aws:iam/role:Role "pooled-0-role", assumeRolePolicy statement 0: no aws:RequestTag/tenantId condition, not StringEquals on ids; aws:TagKeys not pinned to ["tenantId"] with ForAllValues:StringEquals; transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"} ... Fix: add "StringEquals": {"aws:RequestTag/tenantId": [<active pooled ids of the shard>]}, "ForAllValues:StringEquals": {"aws:TagKeys": ["tenantId"]} and "Null": {"sts:TransitiveTagKeys": "true"}.',
    ],
  },
];

describe("trustChecks: pooled shard role trust (TI-TRUST-006)", () => {
  runTrustCases(cases);
});
