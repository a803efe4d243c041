import type { Outcome, ProbeRequest } from "./probe";
import type { CalibrationResult } from "./proofReport";
import type { IamPolicyJson } from "./proofInput";
import { simulate } from "./simulate";

const ACCOUNT = "123456789012";
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/calibration`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/calibration/probe`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/calibration-target`;

interface CalibrationCase {
  readonly rule: string;
  /** What IAM decides, per the AWS documentation. */
  readonly iam: Outcome;
  readonly policy: IamPolicyJson;
  readonly request: ProbeRequest;
  readonly trust?: IamPolicyJson;
}

const allow = (statement: Record<string, unknown>): IamPolicyJson => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", ...statement }],
});
const leadingKeys = (operator: string) =>
  allow({
    Action: "dynamodb:GetItem",
    Resource: TABLE,
    Condition: { [operator]: { "dynamodb:LeadingKeys": ["acme#*"] } },
  });
const getItem = (keys?: string[]): ProbeRequest => ({
  principal: SESSION,
  action: "dynamodb:GetItem",
  resource: TABLE,
  context: keys === undefined ? {} : { "dynamodb:LeadingKeys": keys },
});

/**
 * IAM rules the isolation argument leans on. The proof is only as good as the simulator's
 * agreement with IAM on these, so they are re-checked on every run: a simulator upgrade that
 * changes one of them fails the proof instead of silently weakening it.
 */
const CASES: readonly CalibrationCase[] = [
  {
    rule: "ForAllValues is true when the key is absent",
    iam: "allowed",
    policy: leadingKeys("ForAllValues:StringLike"),
    request: getItem(),
  },
  {
    rule: "ForAllValues fails if any value is outside the set",
    iam: "denied",
    policy: leadingKeys("ForAllValues:StringLike"),
    request: getItem(["acme#1", "other#1"]),
  },
  {
    rule: "ForAnyValue passes if one value is inside the set",
    iam: "allowed",
    policy: leadingKeys("ForAnyValue:StringLike"),
    request: getItem(["acme#1", "other#1"]),
  },
  {
    rule: "StringLike * does not cross a missing delimiter",
    iam: "denied",
    policy: leadingKeys("ForAllValues:StringLike"),
    request: getItem(["acme-x#1"]),
  },
  {
    rule: "Null false denies when the key is absent",
    iam: "denied",
    policy: allow({
      Action: "dynamodb:GetItem",
      Resource: TABLE,
      Condition: { Null: { "dynamodb:LeadingKeys": "false" } },
    }),
    request: getItem(),
  },
  {
    rule: "an explicit Deny overrides any Allow",
    iam: "denied",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "*", Resource: "*" },
      ],
    },
    request: getItem(["acme#1"]),
  },
  {
    rule: "Resource * in an ARN matches across /",
    iam: "allowed",
    policy: allow({ Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/tenants/acme*" }),
    request: {
      principal: SESSION,
      action: "s3:GetObject",
      resource: "arn:aws:s3:::bucket/tenants/acme-x/file",
      context: {},
    },
  },
  {
    rule: "StringEquals compares values case-sensitively",
    iam: "denied",
    policy: allow({
      Action: "bedrock:InvokeModel",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/tenantId": "acme" } },
    }),
    request: {
      principal: SESSION,
      action: "bedrock:InvokeModel",
      resource: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/p1`,
      context: { "aws:ResourceTag/tenantId": "ACME" },
    },
  },
  {
    rule: "a role's trust policy must name the caller, whatever the caller's own policy allows",
    iam: "denied",
    policy: allow({ Action: "*", Resource: "*" }),
    request: { principal: SESSION, action: "sts:AssumeRole", resource: ROLE, context: {} },
    trust: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/someone-else` },
          Action: "sts:AssumeRole",
        },
      ],
    },
  },
];

export async function calibrateSimulator(): Promise<CalibrationResult[]> {
  const results: CalibrationResult[] = [];
  for (const c of CASES) {
    const evaluation = await simulate(
      c.request,
      {
        identity: { label: c.trust === undefined ? "identity" : "caller", policy: c.policy },
        ...(c.trust === undefined ? {} : { resource: c.trust }),
      },
      ACCOUNT,
    );
    results.push({
      rule: c.rule,
      iam: c.iam,
      simulator: evaluation.outcome,
      ok: evaluation.outcome === c.iam,
    });
  }
  return results;
}
