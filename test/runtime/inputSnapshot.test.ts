import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, NumberValue } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { TenantBedrock, TenantDynamoDb, TenantS3 } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, bodyText, stubTransport } from "../helpers/stubTransport";

const MODEL = "amazon.nova-lite-v1:0";
const PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/acme";

// Every client method takes one plain snapshot of its input: an input with getters or a Proxy
// could otherwise show the guards one value and the SDK another.
describe("client inputs", () => {
  const transport = stubTransport();
  const client = { region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport };
  const dynamodb = new TenantDynamoDb(
    DynamoDBDocumentClient.from(new DynamoDBClient(client)),
    "table",
    "acme",
  );
  const s3 = new TenantS3(new S3Client({ ...client, forcePathStyle: true }), "bucket", "acme");
  const bedrock = new TenantBedrock(new BedrockRuntimeClient(client), "acme", { [MODEL]: PROFILE });
  const messages = [{ role: "user" as const, content: [{ text: "hi" }] }];

  afterEach(() => expect(transport.requests, "requests sent").to.deep.equal([]));

  type Method = (input: never) => Promise<unknown> | AsyncGenerator<unknown>;
  // [name, method, a valid input, the field that becomes an accessor]
  const methods: [string, Method, Record<string, unknown>, string][] = [
    ["get", dynamodb.get.bind(dynamodb), { Key: { pk: "a", sk: "s" } }, "Key"],
    ["put", dynamodb.put.bind(dynamodb), { Item: { pk: "a", sk: "s" } }, "Item"],
    [
      "update",
      dynamodb.update.bind(dynamodb),
      { Key: { pk: "a", sk: "s" }, UpdateExpression: "SET v = :v" },
      "UpdateExpression",
    ],
    ["delete", dynamodb.delete.bind(dynamodb), { Key: { pk: "a", sk: "s" } }, "Key"],
    [
      "query",
      dynamodb.query.bind(dynamodb),
      { KeyConditionExpression: "pk = :a", ExpressionAttributeValues: { ":a": "a" } },
      "KeyConditionExpression",
    ],
    ["batchGet", dynamodb.batchGet.bind(dynamodb), { Keys: [{ pk: "a", sk: "s" }] }, "Keys"],
    [
      "batchWrite",
      dynamodb.batchWrite.bind(dynamodb),
      { RequestItems: [{ PutRequest: { Item: { pk: "a", sk: "s" } } }] },
      "RequestItems",
    ],
    [
      "transactGet",
      dynamodb.transactGet.bind(dynamodb),
      { TransactItems: [{ Get: { Key: { pk: "a", sk: "s" } } }] },
      "TransactItems",
    ],
    [
      "transactWrite",
      dynamodb.transactWrite.bind(dynamodb),
      { TransactItems: [{ Delete: { Key: { pk: "a", sk: "s" } } }] },
      "TransactItems",
    ],
    ["put", s3.put.bind(s3), { key: "k", body: "x" }, "key"],
    ["get", s3.get.bind(s3), { key: "k" }, "key"],
    ["head", s3.head.bind(s3), { key: "k" }, "key"],
    ["delete", s3.delete.bind(s3), { key: "k" }, "key"],
    ["list", s3.list.bind(s3), { prefix: "p/" }, "prefix"],
    ["listAll", s3.listAll.bind(s3), { prefix: "p/" }, "prefix"],
    ["presignGet", s3.presignGet.bind(s3), { key: "k" }, "key"],
    ["presignPut", s3.presignPut.bind(s3), { key: "k" }, "key"],
    ["copy", s3.copy.bind(s3), { sourceKey: "a", key: "b" }, "sourceKey"],
    ["deleteMany", s3.deleteMany.bind(s3), { objects: [{ key: "k" }] }, "objects"],
    ["createMultipartUpload", s3.createMultipartUpload.bind(s3), { key: "k" }, "key"],
    [
      "uploadPart",
      s3.uploadPart.bind(s3),
      { key: "k", uploadId: "u", partNumber: 1, body: "x" },
      "uploadId",
    ],
    [
      "completeMultipartUpload",
      s3.completeMultipartUpload.bind(s3),
      { key: "k", uploadId: "u", parts: [{ partNumber: 1, etag: "e" }] },
      "parts",
    ],
    ["abortMultipartUpload", s3.abortMultipartUpload.bind(s3), { key: "k", uploadId: "u" }, "key"],
    ["listParts", s3.listParts.bind(s3), { key: "k", uploadId: "u" }, "key"],
    ["listAllParts", s3.listAllParts.bind(s3), { key: "k", uploadId: "u" }, "key"],
    ["converse", bedrock.converse.bind(bedrock), { modelId: MODEL, messages }, "modelId"],
    [
      "converseStream",
      bedrock.converseStream.bind(bedrock),
      { modelId: MODEL, messages },
      "modelId",
    ],
    ["invokeModel", bedrock.invokeModel.bind(bedrock), { modelId: MODEL, body: "{}" }, "modelId"],
    [
      "invokeModelWithResponseStream",
      bedrock.invokeModelWithResponseStream.bind(bedrock),
      { modelId: MODEL, body: "{}" },
      "modelId",
    ],
  ];

  const call = (method: Method, input: unknown) => async () => {
    const result = method(input as never);
    return Symbol.asyncIterator in result ? result.next() : result;
  };

  for (const [name, method, input, field] of methods) {
    it(`${name} refuses an input whose ${field} is a getter`, async () => {
      const value = input[field];
      const tricky = { ...input };
      Object.defineProperty(tricky, field, { get: () => value, enumerable: true });

      expect(await refusal(call(method, tricky))).to.deep.equal({
        code: "ERR_INPUT_NOT_PLAIN",
        message: `${name} input.${field} is an accessor`,
      });
    });

    it(`${name} refuses a Proxy input`, async () => {
      expect(await refusal(call(method, new Proxy(input, {})))).to.deep.equal({
        code: "ERR_INPUT_NOT_PLAIN",
        message: `${name} input must be a plain object`,
      });
    });
  }

  it("refuses the query that shows the guard one pk and the SDK another", async () => {
    let reads = 0;
    const values = {};
    // First read: the guard's own tenant value; later reads: another tenant's stored key.
    Object.defineProperty(values, ":a", {
      get: () => (reads++ === 0 ? "mine" : "globex#secret"),
      enumerable: true,
    });

    const refused = await refusal(
      dynamodb.query({ KeyConditionExpression: "pk = :a", ExpressionAttributeValues: values }),
    );

    expect(refused).to.deep.equal({
      code: "ERR_INPUT_NOT_PLAIN",
      message: "query input.ExpressionAttributeValues.:a is an accessor",
    });
    expect(reads).to.equal(0);
  });

  it("refuses nested Proxies, class instances, functions and cycles", async () => {
    const cyclic: Record<string, unknown> = { pk: "a", sk: "s" };
    cyclic.self = cyclic;
    class Key {
      pk = "a";
      sk = "s";
    }

    const refusals = [
      await refusal(
        dynamodb.query({
          KeyConditionExpression: "#p = :a",
          ExpressionAttributeNames: new Proxy({ "#p": "pk" }, {}),
          ExpressionAttributeValues: { ":a": "a" },
        }),
      ),
      await refusal(dynamodb.get({ Key: new Key() })),
      await refusal(dynamodb.put({ Item: { pk: "a", sk: "s", f: () => "x" } })),
      await refusal(dynamodb.put({ Item: cyclic })),
    ];

    expect(refusals).to.deep.equal([
      {
        code: "ERR_INPUT_NOT_PLAIN",
        message: "query input.ExpressionAttributeNames is a Proxy",
      },
      {
        code: "ERR_INPUT_NOT_PLAIN",
        message:
          "get input.Key is not plain data (an object, array, Set, Map, string, number or binary)",
      },
      { code: "ERR_INPUT_NOT_PLAIN", message: "put input.Item.f is a function" },
      {
        code: "ERR_INPUT_NOT_PLAIN",
        message: "put input nests deeper than 64 levels (does it refer to itself?)",
      },
    ]);
  });
});

describe("client inputs, nested", () => {
  const transport = stubTransport();
  const dynamodb = new TenantDynamoDb(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
    ),
    "table",
    "acme",
  );
  const put = (fields: Record<string, unknown>) =>
    refusal(dynamodb.put({ Item: { pk: "a", sk: "s", ...fields } }));
  const NOT_PLAIN = "is not plain data (an object, array, Set, Map, string, number or binary)";
  const CYCLE = "put input nests deeper than 64 levels (does it refer to itself?)";

  afterEach(() => expect(transport.requests, "requests sent").to.deep.equal([]));

  it("names the array element or map entry it refuses", async () => {
    const withGetter: unknown[] = [];
    Object.defineProperty(withGetter, 0, { get: () => "a", enumerable: true });
    expect([
      await put({ list: ["x", () => "y"] }),
      await put({ list: withGetter }),
      await put({ m: new Map([["k", () => "v"]]) }),
    ]).to.deep.equal([
      { code: "ERR_INPUT_NOT_PLAIN", message: "put input.Item.list[1] is a function" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "put input.Item.list[0] is an accessor" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "put input.Item.m.k is a function" },
    ]);
  });

  it("refuses cycles through arrays, Sets and Maps", async () => {
    const list: unknown[] = [];
    list.push(list);
    const set = new Set<unknown>();
    set.add(set);
    const map = new Map<string, unknown>();
    map.set("m", map);
    expect([await put({ list }), await put({ set }), await put({ map })]).to.deep.equal(
      [1, 2, 3].map(() => ({ code: "ERR_INPUT_NOT_PLAIN", message: CYCLE })),
    );
  });

  it("refuses an object that only claims to be a NumberValue", async () => {
    const forged = (fields: object) => Object.assign(Object.create(NumberValue.prototype), fields);
    expect([await put({ n: forged({ value: 5 }) }), await put({ n: forged({}) })]).to.deep.equal(
      [1, 2].map(() => ({ code: "ERR_INPUT_NOT_PLAIN", message: `put input.Item.n ${NOT_PLAIN}` })),
    );
  });
});

describe("client inputs that are data", () => {
  it("takes an input object without a prototype as plain", async () => {
    const transport = stubTransport();
    const dynamodb = new TenantDynamoDb(
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
      ),
      "table",
      "acme",
    );
    const input = Object.assign(Object.create(null) as object, { Item: { pk: "a", sk: "s" } });
    await dynamodb.put(input as { Item: Record<string, unknown> });
    const sent = JSON.parse(bodyText(transport.requests[0]!)) as { Item: unknown };
    expect(sent.Item).to.deep.equal({ pk: { S: "acme#a" }, sk: { S: "s" } });
  });

  it("copies DynamoDB sets, maps, big numbers and binary values and sends them", async () => {
    const transport = stubTransport();
    const dynamodb = new TenantDynamoDb(
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
      ),
      "table",
      "acme",
    );

    await dynamodb.put({
      Item: {
        pk: "a",
        sk: "s",
        tags: new Set(["x", "y"]),
        attrs: new Map([["k", 1]]),
        big: NumberValue.from("12345678901234567890"),
        bytes: new Uint8Array([1, 2]),
      },
    });

    const sent = JSON.parse(bodyText(transport.requests[0]!)) as { Item: unknown };
    expect(sent.Item).to.deep.equal({
      pk: { S: "acme#a" },
      sk: { S: "s" },
      tags: { SS: ["x", "y"] },
      attrs: { M: { k: { N: "1" } } },
      big: { N: "12345678901234567890" },
      bytes: { B: "AQI=" },
    });
  });
});
