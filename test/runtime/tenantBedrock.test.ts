import { expect } from "chai";
import { createTenantRuntime, type TenantContext } from "@tenancy/runtime";
import { HAIKU, NOVA, bedrockAllowed } from "../fixtures/runtimeTenants";
import { bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { refusal } from "../helpers/runtimeRefusal";

describe("TenantBedrock", () => {
  let h: Harness;
  let acme: TenantContext;
  let globex: TenantContext;
  const messages = [{ role: "user" as const, content: [{ text: "hi" }] }];

  before(async () => {
    h = await startHarness();
    const runtime = createTenantRuntime(h.config());
    acme = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
    globex = await runtime.createTenantContext(bearer(h.tokens.bob.idToken));
  });
  beforeEach(() => (h.bedrock.calls.length = 0));
  after(() => h.stop());

  it("calls Converse through the tenant's inference profile with requestMetadata.tenantId", async () => {
    const out = await acme.bedrock.converse({
      modelId: HAIKU,
      messages,
      requestMetadata: { feature: "chat", tenantId: "globex" },
    });

    expect(out.output?.message?.content?.[0]?.text).to.equal(
      `reply from ${bedrockAllowed.acme[HAIKU]}`,
    );
    const [call] = h.bedrock.calls;
    expect(call?.operation).to.equal("converse");
    expect(call?.modelId).to.equal(bedrockAllowed.acme[HAIKU]);
    expect((call?.body as { requestMetadata: unknown }).requestMetadata).to.deep.equal({
      feature: "chat",
      tenantId: "acme",
    });
    expect(h.sts.sessions.get(call?.signedBy ?? "")?.tenantId).to.equal("acme");
  });

  it("streams ConverseStream through the profile", async () => {
    const out = await globex.bedrock.converseStream({ modelId: NOVA, messages });
    const texts: string[] = [];
    for await (const event of out.stream ?? [])
      if (event.contentBlockDelta?.delta?.text) texts.push(event.contentBlockDelta.delta.text);

    expect(texts).to.deep.equal([`reply from ${bedrockAllowed.globex[NOVA]}`]);
    expect(
      (h.bedrock.calls[0]?.body as { requestMetadata: unknown }).requestMetadata,
    ).to.deep.equal({ tenantId: "globex" });
    expect(h.sts.sessions.get(h.bedrock.calls[0]?.signedBy ?? "")?.tenantId).to.equal("globex");
  });

  it("calls InvokeModel and InvokeModelWithResponseStream through the profile", async () => {
    const body = JSON.stringify({ prompt: "hi" });
    const invoked = await acme.bedrock.invokeModel({
      modelId: HAIKU,
      body,
      contentType: "application/json",
    });
    const streamed = await acme.bedrock.invokeModelWithResponseStream({
      modelId: HAIKU,
      body,
      contentType: "application/json",
    });
    const chunks: string[] = [];
    for await (const event of streamed.body ?? [])
      if (event.chunk?.bytes) chunks.push(Buffer.from(event.chunk.bytes).toString());

    expect(JSON.parse(Buffer.from(invoked.body).toString())).to.deep.equal({
      completion: `reply from ${bedrockAllowed.acme[HAIKU]}`,
    });
    expect(chunks.map((c) => JSON.parse(c))).to.deep.equal([
      { completion: `reply from ${bedrockAllowed.acme[HAIKU]}` },
    ]);
    expect(h.bedrock.calls.map((c) => [c.operation, c.modelId])).to.deep.equal([
      ["invoke", bedrockAllowed.acme[HAIKU]],
      ["invoke-with-response-stream", bedrockAllowed.acme[HAIKU]],
    ]);
  });

  it("refuses a model the tenant may not use, and another tenant's profile ARN, before any call", async () => {
    expect(await refusal(() => acme.bedrock.converse({ modelId: NOVA, messages }))).to.deep.equal({
      code: "ERR_MODEL_NOT_ALLOWED",
      message: `Model "${NOVA}" is not enabled for tenant acme`,
    });
    expect(
      await refusal(() =>
        acme.bedrock.invokeModel({ modelId: bedrockAllowed.globex[HAIKU], body: "{}" }),
      ),
    ).to.deep.equal({
      code: "ERR_MODEL_NOT_ALLOWED",
      message: `Model "${bedrockAllowed.globex[HAIKU]}" is not enabled for tenant acme`,
    });
    expect(
      await refusal(() => acme.bedrock.converseStream({ modelId: "constructor", messages })),
    ).to.deep.equal({
      code: "ERR_MODEL_NOT_ALLOWED",
      message: 'Model "constructor" is not enabled for tenant acme',
    });
    expect(h.bedrock.calls).to.deep.equal([]);
  });

  it("refuses a model id that is not a string, even one whose text names an allowed model", async () => {
    // An array's property key is its text: ["<model>"] would find the model's profile.
    const modelId = [HAIKU] as unknown as string;
    expect(await refusal(() => acme.bedrock.invokeModel({ modelId, body: "{}" }))).to.deep.equal({
      code: "ERR_MODEL_NOT_ALLOWED",
      message: `Model ${JSON.stringify([HAIKU])} is not enabled for tenant acme`,
    });
    expect(h.bedrock.calls).to.deep.equal([]);
  });

  it("refuses an input that is not plain data, naming the operation, before any call", async () => {
    const proxy = <T extends object>(input: T): T => new Proxy(input, {});
    const body = "{}";
    const refused = [
      await refusal(() => acme.bedrock.converse(proxy({ modelId: HAIKU, messages }))),
      await refusal(() => acme.bedrock.converseStream(proxy({ modelId: HAIKU, messages }))),
      await refusal(() => acme.bedrock.invokeModel(proxy({ modelId: HAIKU, body }))),
      await refusal(() =>
        acme.bedrock.invokeModelWithResponseStream(proxy({ modelId: HAIKU, body })),
      ),
    ];
    expect(refused).to.deep.equal(
      ["converse", "converseStream", "invokeModel", "invokeModelWithResponseStream"].map(
        (operation) => ({
          code: "ERR_INPUT_NOT_PLAIN",
          message: `${operation} input must be a plain object`,
        }),
      ),
    );
    expect(h.bedrock.calls).to.deep.equal([]);
  });

  it("lists the models a tenant may use", () => {
    expect(globex.bedrock.allowedModels).to.deep.equal([NOVA, HAIKU].sort());
  });
});
