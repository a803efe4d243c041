import { expect } from "chai";
import { ProofError } from "../../proofs/errors";
import type { ProbeRequest } from "../../proofs/probe";
import { simulate, type SimulationDocuments } from "../../proofs/simulate";

const ACCOUNT = "123456789012";
const SESSION = "arn:aws:sts::123456789012:assumed-role/dev-tenant-acme/user";
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/dev-tenant-data";
const ROLE = "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme";
const WORKLOAD = "arn:aws:iam::123456789012:role/dev-workload";
const WORKLOAD_SESSION = "arn:aws:sts::123456789012:assumed-role/dev-workload/handler";
const TAG = "aws:PrincipalTag/tenantId";

const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const identity = (...statements: object[]): SimulationDocuments => ({
  identity: { label: "identity", policy: policy(...statements) },
});
const getItem = (context: ProbeRequest["context"] = {}): ProbeRequest => ({
  principal: SESSION,
  action: "dynamodb:GetItem",
  resource: TABLE,
  context,
});
const assumeRole: ProbeRequest = {
  principal: WORKLOAD_SESSION,
  action: "sts:AssumeRole",
  resource: ROLE,
  context: {},
};
const callerMayAssume = {
  identity: {
    label: "caller" as const,
    policy: policy({ Sid: "Assume", Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }),
  },
};
const OWN = {
  Sid: "OwnItemsOnly",
  Effect: "Allow",
  Action: "dynamodb:GetItem",
  Resource: TABLE,
  Condition: {
    StringEquals: { [TAG]: "acme" },
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] },
  },
};

describe("simulate", () => {
  it("names the allowing statement and every condition that held, a list-valued key included", async () => {
    const evaluation = await simulate(
      getItem({ [TAG]: "acme", "dynamodb:LeadingKeys": ["acme#1", "acme#2"] }),
      identity(OWN),
      ACCOUNT,
    );
    expect(evaluation).to.deep.equal({
      outcome: "allowed",
      decision: "Allowed",
      decidingStatement: "identity:OwnItemsOnly",
      reason:
        "identity:OwnItemsOnly allows it (StringEquals aws:PrincipalTag/tenantId holds; ForAllValues:StringLike dynamodb:LeadingKeys holds)",
      ignoredContextKeys: [],
    });
  });

  it("says when a condition held only because its key was absent, and omits the parentheses without conditions", async () => {
    const absent = await simulate(
      getItem(),
      identity({
        ...OWN,
        Condition: { "ForAllValues:StringLike": OWN.Condition["ForAllValues:StringLike"] },
      }),
      ACCOUNT,
    );
    expect(absent.reason).to.equal(
      "identity:OwnItemsOnly allows it (ForAllValues:StringLike dynamodb:LeadingKeys holds because the key is absent)",
    );
    const plain = await simulate(
      getItem(),
      identity({ Sid: "Everything", Effect: "Allow", Action: "dynamodb:*", Resource: "*" }),
      ACCOUNT,
    );
    expect([plain.outcome, plain.decidingStatement, plain.reason]).to.deep.equal([
      "allowed",
      "identity:Everything",
      "identity:Everything allows it",
    ]);
  });

  it("names an explicit Deny over an Allow", async () => {
    const evaluation = await simulate(
      getItem({ [TAG]: "globex" }),
      identity(
        { Sid: "Everything", Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
        {
          Sid: "TenantFence",
          Effect: "Deny",
          Action: "dynamodb:*",
          Resource: "*",
          Condition: { StringNotEquals: { [TAG]: "acme" } },
        },
      ),
      ACCOUNT,
    );
    expect(evaluation).to.deep.equal({
      outcome: "denied",
      decision: "ExplicitlyDenied",
      decidingStatement: "identity:TenantFence",
      reason:
        "identity:TenantFence explicitly denies it (StringNotEquals aws:PrincipalTag/tenantId holds)",
      ignoredContextKeys: [],
    });
  });

  it("explains an implicit deny by the statement that came closest: covers the request but a condition fails", async () => {
    const elsewhere = {
      Sid: "OtherTable",
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: `${TABLE}-x`,
    };
    const evaluation = await simulate(
      getItem({ [TAG]: "globex", "dynamodb:LeadingKeys": ["acme#1"] }),
      identity(elsewhere, OWN),
      ACCOUNT,
    );
    expect(evaluation).to.deep.equal({
      outcome: "denied",
      decision: "ImplicitlyDenied",
      decidingStatement: undefined,
      reason: "identity:OwnItemsOnly does not apply: StringEquals aws:PrincipalTag/tenantId fails",
      ignoredContextKeys: [],
    });
    const absent = await simulate(getItem(), identity(OWN), ACCOUNT);
    expect(absent.reason).to.equal(
      "identity:OwnItemsOnly does not apply: StringEquals aws:PrincipalTag/tenantId fails: key absent",
    );
  });

  it("falls back to a statement that names the action but not the resource, then to no statement at all", async () => {
    const elsewhere = {
      Sid: "OtherTable",
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: `${TABLE}-x`,
    };
    const objects = { Sid: "Objects", Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    expect((await simulate(getItem(), identity(objects, elsewhere), ACCOUNT)).reason).to.equal(
      "identity:OtherTable does not cover this resource",
    );
    expect((await simulate(getItem(), identity(objects), ACCOUNT)).reason).to.equal(
      "no statement grants this action",
    );
  });

  it("evaluates further identity documents under their own label", async () => {
    const evaluation = await simulate(
      getItem(),
      {
        ...identity({ Sid: "Objects", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
        moreIdentity: [
          {
            label: "identity[reporting]",
            policy: policy({
              Sid: "Reads",
              Effect: "Allow",
              Action: "dynamodb:GetItem",
              Resource: "*",
            }),
          },
        ],
      },
      ACCOUNT,
    );
    expect([evaluation.outcome, evaluation.decidingStatement]).to.deep.equal([
      "allowed",
      "identity[reporting]:Reads",
    ]);
  });

  it("names the trust policy first for an assumption, and a principal it does not name", async () => {
    const trust = (principal: string, condition?: object) =>
      policy({
        Sid: "WorkloadAssumes",
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: "sts:AssumeRole",
        ...(condition === undefined ? {} : { Condition: condition }),
      });
    const admitted = await simulate(
      assumeRole,
      { ...callerMayAssume, resource: trust(WORKLOAD) },
      ACCOUNT,
    );
    expect([admitted.outcome, admitted.decidingStatement, admitted.reason]).to.deep.equal([
      "allowed",
      "trust:WorkloadAssumes",
      "trust:WorkloadAssumes allows it",
    ]);
    const stranger = await simulate(
      assumeRole,
      { ...callerMayAssume, resource: trust(`${WORKLOAD}-other`), resourceLabel: "resource" },
      ACCOUNT,
    );
    expect([stranger.outcome, stranger.reason]).to.deep.equal([
      "denied",
      "resource:WorkloadAssumes does not name this principal",
    ]);
  });

  it("prefers, among unmatched trust statements, one that names the principal over one that does not", async () => {
    const evaluation = await simulate(
      assumeRole,
      {
        ...callerMayAssume,
        resource: policy(
          {
            Sid: "Stranger",
            Effect: "Allow",
            Principal: { AWS: `${WORKLOAD}-other` },
            Action: "sts:AssumeRole",
          },
          {
            Sid: "WorkloadWithTag",
            Effect: "Allow",
            Principal: { AWS: WORKLOAD },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:RequestTag/tenantId": "acme" } },
          },
        ),
      },
      ACCOUNT,
    );
    expect(evaluation.reason).to.equal(
      "trust:WorkloadWithTag does not apply: StringEquals aws:RequestTag/tenantId fails: key absent",
    );
  });

  it("reports the context keys the simulator dropped as not applying to the action", async () => {
    const evaluation = await simulate(
      {
        principal: SESSION,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::b/k",
        context: { "s3:prefix": "x" },
      },
      identity({ Sid: "Objects", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      ACCOUNT,
    );
    expect(evaluation.ignoredContextKeys).to.deep.equal(["s3:prefix"]);
  });

  it("stops with ERR_SIMULATOR_REJECTED_REQUEST on a request the simulator cannot read", async () => {
    const error = await simulate(
      { ...getItem(), action: "nosuch:Thing" },
      identity({ Sid: "Objects", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      ACCOUNT,
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProofError);
    expect((error as ProofError).code).to.equal("ERR_SIMULATOR_REJECTED_REQUEST");
    expect((error as ProofError).message).to.equal(
      `the simulator rejected nosuch:Thing on ${TABLE}: {"message":"invalid.service"}`,
    );
  });
});
