import { expect } from "chai";
import { kebab, PRINCIPAL_TAG, sessionProbes } from "../../proofs/sessionProbes";
import type { TenantDocuments } from "../../proofs/proofInput";
import { PLATFORM } from "./support";

const ROLE = "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme";

function context(status: "active" | "suspended") {
  const tenant: TenantDocuments = {
    tenantId: "acme",
    status,
    models: [],
    roleArn: ROLE,
    identityPolicy: {},
    trustPolicy: {},
  };
  return {
    platform: PLATFORM,
    workload: { roleArn: "arn:aws:iam::123456789012:role/dev-workload", identityPolicy: {} },
    tenant,
    representatives: [],
  };
}

describe("sessionProbes", () => {
  it("builds requests of a session of T's role, carrying T's tag and role ARN under any extra context", () => {
    const { request } = sessionProbes(context("active"));
    expect(request("s3:GetObject", "arn:aws:s3:::b/k")).to.deep.equal({
      principal: "arn:aws:sts::123456789012:assumed-role/dev-tenant-acme/user@probe.example",
      action: "s3:GetObject",
      resource: "arn:aws:s3:::b/k",
      context: { [PRINCIPAL_TAG]: "acme", "aws:PrincipalArn": ROLE },
    });
    expect(
      request("s3:ListBucket", "arn:aws:s3:::b", {
        "s3:prefix": "tenants/acme/",
        [PRINCIPAL_TAG]: "x",
      }).context,
    ).to.deep.equal({
      [PRINCIPAL_TAG]: "x",
      "aws:PrincipalArn": ROLE,
      "s3:prefix": "tenants/acme/",
    });
    expect(PRINCIPAL_TAG).to.equal("aws:PrincipalTag/tenantId");
  });

  it("expects T's own requests allowed only while T is active and the request is granted; never-probes denied", () => {
    const active = sessionProbes(context("active"));
    const suspended = sessionProbes(context("suspended"));
    const req = active.request(
      "dynamodb:GetItem",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/t",
    );
    expect(active.own("own", req, "why")).to.deep.equal({
      name: "own",
      expect: "allowed",
      documents: { kind: "identity" },
      request: req,
      why: "why",
    });
    expect(active.own("own", req, "why", false).expect).to.equal("denied");
    expect(suspended.own("own", req, "why").expect).to.equal("denied");
    expect(active.never("never", req, "because")).to.deep.equal({
      name: "never",
      expect: "denied",
      documents: { kind: "identity" },
      request: req,
      why: "because",
    });
  });
});

describe("kebab", () => {
  it("writes an action name as a probe name", () => {
    expect(kebab("BatchGetItem")).to.equal("batch-get-item");
    expect(kebab("PartiQLSelect")).to.equal("partiql-select");
    expect(kebab("GetItem")).to.equal("get-item");
    expect(kebab("ListBucket")).to.equal("list-bucket");
    expect(kebab("InvokeModelWithResponseStream")).to.equal("invoke-model-with-response-stream");
    expect(kebab("Query")).to.equal("query");
  });
});
