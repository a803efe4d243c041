import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { expect } from "chai";
import { TenantBedrock } from "@tenancy/runtime";
import { HAIKU, bedrockAllowed } from "../fixtures/runtimeTenants";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, bodyText, stubTransport } from "../helpers/stubTransport";

// Converse content can name S3 objects (image, document and video sources, in messages and tool
// results): only objects under the tenant's prefix of the shared bucket may be named.

const REPLY = {
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    output: { message: { role: "assistant", content: [{ text: "ok" }] } },
    stopReason: "end_turn",
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    metrics: { latencyMs: 1 },
  }),
};

function stubbed(bucket?: string) {
  const transport = stubTransport(() => REPLY);
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: STUB_CREDENTIALS,
    ...transport,
  });
  return {
    bedrock: new TenantBedrock(client, "acme", bedrockAllowed.acme, bucket),
    sent: () =>
      transport.requests.splice(0).map((request) => JSON.parse(bodyText(request)) as unknown),
  };
}

const image = (uri: string) => ({
  image: { format: "png" as const, source: { s3Location: { uri } } },
});
const asking = (...content: Record<string, unknown>[]) => ({
  modelId: HAIKU,
  messages: [{ role: "user" as const, content: [{ text: "describe" }, ...content] as never }],
});

describe("TenantBedrock: content read from S3", () => {
  it("sends the tenant's own objects as named", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    const own = "s3://tenancy-data/tenants/acme/photos/cat.png";
    await bedrock.converse(asking(image(own)));
    const [body] = sent() as { messages: { content: unknown[] }[] }[];
    expect(body?.messages[0]?.content[1]).to.deep.equal(image(own));
  });

  it("refuses another tenant's object, another bucket and a path that climbs out", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    const outside = (uri: string) =>
      `s3Location.uri "${uri}" must name an object under s3://tenancy-data/tenants/acme/`;
    expect([
      await refusal(bedrock.converse(asking(image("s3://tenancy-data/tenants/globex/x.png")))),
      await refusal(bedrock.converse(asking(image("s3://other-bucket/tenants/acme/x.png")))),
      await refusal(
        bedrock.converse(asking(image("s3://tenancy-data/tenants/acme/../globex/x.png"))),
      ),
    ]).to.deep.equal([
      { code: "ERR_KEY_INVALID", message: outside("s3://tenancy-data/tenants/globex/x.png") },
      { code: "ERR_KEY_INVALID", message: outside("s3://other-bucket/tenants/acme/x.png") },
      { code: "ERR_KEY_INVALID", message: "s3Location.uri must not contain '.' or '..' segments" },
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("finds S3 locations nested in tool results and streamed calls too", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    const toolResult = {
      toolResult: {
        toolUseId: "t1",
        content: [
          {
            document: {
              format: "pdf",
              name: "c",
              source: { s3Location: { uri: "s3://tenancy-data/tenants/globex/c.pdf" } },
            },
          },
        ],
      },
    };
    expect((await refusal(bedrock.converse(asking(toolResult)))).code).to.equal("ERR_KEY_INVALID");
    expect(
      (
        await refusal(
          bedrock.converseStream(asking(image("s3://tenancy-data/tenants/globex/x.png"))),
        )
      ).code,
    ).to.equal("ERR_KEY_INVALID");
    expect(sent()).to.deep.equal([]);
  });

  it("refuses any S3 location when the client was built without the bucket", async () => {
    const { bedrock, sent } = stubbed();
    expect(
      await refusal(bedrock.converse(asking(image("s3://tenancy-data/tenants/acme/x.png")))),
    ).to.deep.equal({
      code: "ERR_KEY_INVALID",
      message:
        's3Location.uri "s3://tenancy-data/tenants/acme/x.png" must name an object under the tenant\'s prefix of the shared bucket, which this client was not given',
    });
    expect(sent()).to.deep.equal([]);
  });

  it("refuses a location that is missing or whose uri is not a string, as a refusal", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    const located = (s3Location: unknown) => ({
      image: { format: "png", source: { s3Location } },
    });
    expect([
      await refusal(bedrock.converse(asking(located(null)))),
      await refusal(bedrock.converse(asking(located({ uri: 5 })))),
    ]).to.deep.equal([
      {
        code: "ERR_KEY_INVALID",
        message: "s3Location.uri null must name an object under s3://tenancy-data/tenants/acme/",
      },
      {
        code: "ERR_KEY_INVALID",
        message: "s3Location.uri 5 must name an object under s3://tenancy-data/tenants/acme/",
      },
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("refuses every location without the bucket, even one that spells undefined", async () => {
    const { bedrock, sent } = stubbed();
    expect((await refusal(bedrock.converse(asking(image("undefined/x.png"))))).code).to.equal(
      "ERR_KEY_INVALID",
    );
    expect(sent()).to.deep.equal([]);
  });

  it("bounds the key as S3 does, counting the tenant prefix but not the bucket", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    const longest = "k".repeat(1024 - "tenants/acme/".length);
    const uri = (key: string) => `s3://tenancy-data/tenants/acme/${key}`;
    await bedrock.converse(asking(image(uri(longest))));
    expect(sent()).to.have.length(1);
    expect(await refusal(bedrock.converse(asking(image(uri(`${longest}k`)))))).to.deep.equal({
      code: "ERR_KEY_INVALID",
      message: `s3Location.uri must be at most ${longest.length} bytes`,
    });
  });

  it("walks past null fields of the input", async () => {
    const { bedrock, sent } = stubbed("tenancy-data");
    await bedrock.converse({ ...asking(), additionalModelRequestFields: { topK: null } as never });
    const [body] = sent() as { additionalModelRequestFields?: unknown }[];
    expect(body?.additionalModelRequestFields).to.deep.equal({ topK: null });
  });
});
