import { expect } from "chai";
import { createTenantRuntime, withTenant, type TenantRuntime } from "@tenancy/runtime";
import { bearer, startHarness, type Harness } from "../helpers/runtimeHarness";

describe("withTenant", () => {
  let h: Harness;
  let runtime: TenantRuntime;
  const logged: { code: string; message: string }[] = [];
  const handler = () =>
    withTenant(
      async (_event: { headers?: Record<string, string | undefined> | null }, tenant) => {
        await tenant.dynamodb.put({ Item: { pk: "hello", sk: "x" } });
        return { statusCode: 200, body: JSON.stringify({ tenant: tenant.tenantId }) };
      },
      { runtime, log: (entry) => logged.push(entry) },
    );

  before(async () => {
    h = await startHarness();
    runtime = createTenantRuntime(h.config());
  });
  beforeEach(() => (logged.length = 0));
  after(() => h.stop());

  it("serves a REST API (v1) event with its Authorization header", async () => {
    const res = await handler()({ headers: { Authorization: bearer(h.tokens.alice.idToken) } });
    expect(res).to.deep.equal({ statusCode: 200, body: '{"tenant":"acme"}' });
  });

  it("serves an HTTP API (v2) event with its lower-cased header", async () => {
    const res = await handler()({ headers: { authorization: bearer(h.tokens.bob.idToken) } });
    expect(res).to.deep.equal({ statusCode: 200, body: '{"tenant":"globex"}' });
  });

  const unauthorized = {
    statusCode: 401,
    headers: {
      "content-type": "application/json",
      "www-authenticate": 'Bearer error="invalid_token"',
    },
    body: '{"message":"Unauthorized"}',
  };

  it("answers 401 without details for a missing header", async () => {
    expect(await handler()({ headers: null })).to.deep.equal(unauthorized);
    expect(logged).to.deep.equal([
      { code: "ERR_TOKEN_MISSING", message: "No bearer token was presented" },
    ]);
  });

  it("answers 401 without details for an access token", async () => {
    expect(
      await handler()({ headers: { authorization: bearer(h.tokens.alice.accessToken) } }),
    ).to.deep.equal(unauthorized);
    expect(logged.map((e) => e.code)).to.deep.equal(["ERR_TOKEN_USE_INVALID"]);
  });

  it("answers 403 without details for a group mismatch", async () => {
    expect(
      await handler()({ headers: { authorization: bearer(h.tokens.wrongGroup.idToken) } }),
    ).to.deep.equal({
      statusCode: 403,
      headers: { "content-type": "application/json" },
      body: '{"message":"Forbidden"}',
    });
    expect(logged.map((e) => e.code)).to.deep.equal(["ERR_TENANT_GROUP_MISMATCH"]);
  });

  it("answers 403 for a tenant whose role STS denies (e.g. deleted)", async () => {
    const fresh = withTenant(async () => ({ statusCode: 200, body: "" }), {
      runtime: createTenantRuntime(h.config()), // no session of bob's cached yet
      log: (entry) => logged.push(entry),
    });
    h.sts.denyTenant("globex");
    try {
      expect(
        await fresh({ headers: { authorization: bearer(h.tokens.bob.idToken) } }),
      ).to.deep.equal({
        statusCode: 403,
        headers: { "content-type": "application/json" },
        body: '{"message":"Forbidden"}',
      });
    } finally {
      h.sts.reset();
    }
    expect(logged).to.deep.equal([
      { code: "ERR_ASSUME_ROLE_DENIED", message: "STS denied the role of tenant globex" },
    ]);
  });

  it("maps a refusal inside the handler through the same table", async () => {
    const escaping = withTenant(
      async (_event: { headers: Record<string, string> }, tenant) => {
        await tenant.dynamodb.get({ Key: { pk: "globex#secret", sk: "x" } });
        return { statusCode: 200, body: "leaked" };
      },
      { runtime, log: (entry) => logged.push(entry) },
    );
    expect(
      await escaping({ headers: { authorization: bearer(h.tokens.alice.idToken) } }),
    ).to.deep.equal({
      statusCode: 400,
      headers: { "content-type": "application/json" },
      body: '{"message":"Bad Request"}',
    });
  });

  it("answers 400, not 500, for a header value Node would refuse", async () => {
    const injecting = withTenant(
      async (event: { headers: Record<string, string> }, tenant) => {
        await tenant.s3.put({ key: "x", body: "x", contentType: event.headers["x-type"] });
        return { statusCode: 200, body: "stored" };
      },
      { runtime, log: (entry) => logged.push(entry) },
    );

    const res = await injecting({
      headers: { authorization: bearer(h.tokens.alice.idToken), "x-type": "text/plain\r\nx: y" },
    });

    expect(res).to.deep.equal({
      statusCode: 400,
      headers: { "content-type": "application/json" },
      body: '{"message":"Bad Request"}',
    });
    expect(logged.map((entry) => entry.code)).to.deep.equal(["ERR_HEADER_VALUE_INVALID"]);
  });

  it("rethrows errors that are not the runtime's", async () => {
    const failing = withTenant(
      async () => {
        throw new Error("application bug");
      },
      { runtime },
    );
    const err = await failing({ headers: { authorization: bearer(h.tokens.alice.idToken) } }).catch(
      (e: Error) => e.message,
    );
    expect(err).to.equal("application bug");
  });
});
