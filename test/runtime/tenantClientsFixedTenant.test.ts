import { expect } from "chai";
import { createTenantRuntime, type TenantContext } from "@tenancy/runtime";
import { HAIKU, bedrockAllowed } from "../fixtures/runtimeTenants";
import { bearer, startHarness, type Harness } from "../helpers/runtimeHarness";

// Handler code that merges a request body into what the runtime hands it
// (`Object.assign(ctx.identity, JSON.parse(event.body))`) must not change the tenant its clients
// speak for: the context, its identity and each client's tenantId cannot be written.

describe("a tenant context's tenant cannot be changed", () => {
  let h: Harness;
  let acme: TenantContext;
  const retarget = { tenantId: "globex" };

  before(async () => {
    h = await startHarness();
    acme = await createTenantRuntime(h.config()).createTenantContext(
      bearer(h.tokens.alice.idToken),
    );
  });
  after(() => h.stop());

  it("refuses writes to the context and its identity", () => {
    expect(() => Object.assign(acme.identity, retarget)).to.throw(TypeError);
    expect(() => Object.assign(acme, retarget)).to.throw(TypeError);
    expect([acme.tenantId, acme.identity.tenantId]).to.deep.equal(["acme", "acme"]);
  });

  it("refuses writes to each client's tenantId", () => {
    for (const client of [acme.dynamodb, acme.s3, acme.bedrock]) {
      expect(() => Object.assign(client, retarget), client.constructor.name).to.throw(TypeError);
      expect(client.tenantId, client.constructor.name).to.equal("acme");
    }
  });

  it("keeps every client on the verified tenant", async () => {
    const url = new URL(await acme.s3.presignGet({ key: "report.pdf" }));
    expect(url.pathname).to.match(/\/tenants\/acme\/report\.pdf$/);
    h.bedrock.calls.length = 0;
    await acme.bedrock.converse({
      modelId: HAIKU,
      messages: [{ role: "user", content: [{ text: "hi" }] }],
    });
    const [call] = h.bedrock.calls;
    expect(call?.modelId).to.equal(bedrockAllowed.acme[HAIKU]);
    expect((call?.body as { requestMetadata: unknown }).requestMetadata).to.deep.equal({
      tenantId: "acme",
    });
  });
});
