import { STSClient } from "@aws-sdk/client-sts";
import { expect } from "chai";
import { TenancyError, assumeTenantRole, type AssumeRoleError } from "@tenancy/runtime";
import { startStsEndpoint, type StsEndpoint } from "../helpers/stsEndpoint";
import { WORKLOAD_CREDENTIALS } from "../helpers/runtimeHarness";

const ROLE = "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme";

describe("assumeTenantRole", () => {
  let sts: StsEndpoint;
  let client: STSClient;
  const sleeps: number[] = [];
  const retry = { sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()), random: () => 0.5 };

  before(async () => {
    sts = await startStsEndpoint();
    client = new STSClient({
      region: "us-east-1",
      endpoint: sts.endpoint,
      credentials: WORKLOAD_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  beforeEach(() => {
    sts.reset();
    sleeps.length = 0;
  });
  after(() => sts.stop());

  it("tags the session with the tenant and sets the user as SourceIdentity, signed by the workload", async () => {
    const creds = await assumeTenantRole(client, {
      roleArn: ROLE,
      tenantId: "acme",
      sourceIdentity: "alice@acme.test",
      durationSeconds: 3600,
    });

    expect(sts.calls).to.deep.equal([
      {
        roleArn: ROLE,
        roleSessionName: "alice@acme.test",
        sourceIdentity: "alice@acme.test",
        durationSeconds: 3600,
        tags: { tenantId: "acme" },
        signedBy: "AKIAWORKLOAD",
      },
    ]);
    expect(sts.sessions.get(creds.accessKeyId)).to.deep.equal({
      tenantId: "acme",
      roleArn: ROLE,
      sourceIdentity: "alice@acme.test",
    });
  });

  it("never asks for more than the one hour role chaining allows", async () => {
    await assumeTenantRole(client, {
      roleArn: ROLE,
      tenantId: "acme",
      sourceIdentity: "alice",
      durationSeconds: 43200,
    });

    expect(sts.calls[0]?.durationSeconds).to.equal(3600);
  });

  it("retries throttling with exponential backoff", async () => {
    sts.throttleNext(3);

    const creds = await assumeTenantRole(
      client,
      { roleArn: ROLE, tenantId: "acme", sourceIdentity: "alice", durationSeconds: 900 },
      retry,
    );

    expect(sts.calls).to.have.length(4);
    expect(sleeps).to.deep.equal([50, 100, 200]);
    expect(sts.sessions.get(creds.accessKeyId)?.tenantId).to.equal("acme");
  });

  it("gives up after maxAttempts with ERR_ASSUME_ROLE_FAILED", async () => {
    sts.throttleNext(10);

    const err = await assumeTenantRole(
      client,
      { roleArn: ROLE, tenantId: "acme", sourceIdentity: "alice", durationSeconds: 900 },
      {
        ...retry,
        maxAttempts: 2,
      },
    ).catch((e: unknown) => e);

    expect(err).to.be.instanceOf(TenancyError);
    expect({
      code: (err as TenancyError).code,
      message: (err as TenancyError).message,
    }).to.deep.equal({
      code: "ERR_ASSUME_ROLE_FAILED",
      message: "Could not assume the role of tenant acme",
    });
    expect(((err as TenancyError).cause as Error).name).to.equal("Throttling");
    expect((err as AssumeRoleError).refused).to.equal(false);
    expect(sts.calls).to.have.length(2);
  });

  it("does not retry an access denial", async () => {
    sts.denyTenant("acme");

    const err = (await assumeTenantRole(
      client,
      { roleArn: ROLE, tenantId: "acme", sourceIdentity: "alice", durationSeconds: 900 },
      retry,
    ).catch((e: unknown) => e)) as TenancyError;

    expect({ code: err.code, message: err.message }).to.deep.equal({
      code: "ERR_ASSUME_ROLE_DENIED",
      message: "STS denied the role of tenant acme",
    });
    expect((err as AssumeRoleError).refused).to.equal(true);
    expect(sts.calls).to.have.length(1);
    expect(sleeps).to.deep.equal([]);
  });
});
