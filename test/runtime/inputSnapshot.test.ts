import { Readable } from "node:stream";
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

  // Emptied as it is checked: one test's stray request must not fail the tests after it (the
  // mutation run reuses this module across mutants).
  afterEach(() => expect(transport.requests.splice(0), "requests sent").to.deep.equal([]));

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

  // Emptied as it is checked: one test's stray request must not fail the tests after it (the
  // mutation run reuses this module across mutants).
  afterEach(() => expect(transport.requests.splice(0), "requests sent").to.deep.equal([]));

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

describe("client inputs: prototypes, own __proto__ keys and array lengths", () => {
  function stubbed(indexes: { name: string; partitionKey: string }[] = []) {
    const transport = stubTransport();
    const client = { region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport };
    return {
      requests: transport.requests,
      dynamodb: new TenantDynamoDb(
        DynamoDBDocumentClient.from(new DynamoDBClient(client)),
        "table",
        "acme",
        indexes,
      ),
      s3: new TenantS3(new S3Client({ ...client, forcePathStyle: true }), "bucket", "acme"),
    };
  }

  it("refuses a whole input that is a class instance or an array, sending nothing", async () => {
    const { dynamodb, requests } = stubbed();
    class GetInput {
      Key = { pk: "a", sk: "s" };
    }
    expect([
      await refusal(dynamodb.get(new GetInput())),
      await refusal(dynamodb.get([{ pk: "a", sk: "s" }] as never)),
    ]).to.deep.equal([
      { code: "ERR_INPUT_NOT_PLAIN", message: "get input must be a plain object" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "get input must be a plain object" },
    ]);
    expect(requests).to.deep.equal([]);
  });

  it("keeps an own __proto__ key (as JSON.parse makes it) a visible field, never a prototype", async () => {
    const { dynamodb, requests } = stubbed();
    // A prototype would hide TableName from the field check; an own field is refused by name.
    const input = JSON.parse('{"Key":{"pk":"a","sk":"s"},"__proto__":{"TableName":"other"}}');
    expect(await refusal(dynamodb.get(input as never))).to.deep.equal({
      code: "ERR_PARAMETER_NOT_SUPPORTED",
      message: "get does not accept __proto__",
    });
    const cursor = JSON.parse('{"pk":"a","sk":"s","__proto__":"x"}') as Record<string, unknown>;
    expect(
      await refusal(
        dynamodb.query({
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": "a" },
          ExclusiveStartKey: cursor,
        }),
      ),
    ).to.deep.equal({
      code: "ERR_KEY_INVALID",
      message: "ExclusiveStartKey must hold only pk and sk",
    });
    expect(requests).to.deep.equal([]);
  });

  it("keeps an own __proto__ attribute writable: an index key of that name is prefixed", async () => {
    // The constructor takes index declarations as given (indexProblems, which reserves the
    // name, runs on the runtime's configuration).
    const { dynamodb, requests } = stubbed([{ name: "byProto", partitionKey: "__proto__" }]);
    const item = JSON.parse('{"pk":"a","sk":"s","__proto__":"x#y"}') as Record<string, unknown>;
    expect(await refusal(dynamodb.put({ Item: item }))).to.deep.equal({
      code: "ERR_KEY_INVALID",
      message: "Item.__proto__ must not contain '#'",
    });
    const own = JSON.parse('{"pk":"a","sk":"s","__proto__":"x"}') as Record<string, unknown>;
    await dynamodb.put({ Item: own });
    expect(requests).to.have.length(1);
  });

  it("keeps an array's length, trailing holes included, for the checks that count", async () => {
    const { s3, requests } = stubbed();
    const objects = new Array<{ key: string }>(1001);
    objects[0] = { key: "a" };
    expect(await refusal(s3.deleteMany({ objects }))).to.deep.equal({
      code: "ERR_PARAMETER_NOT_SUPPORTED",
      message: "deleteMany objects must be an array of 1 to 1000 objects",
    });
    expect(requests).to.deep.equal([]);
  });
});

describe("client inputs: what is copied, passed through or refused, and where nesting stops", () => {
  function stubbed() {
    const transport = stubTransport(() => ({ body: "" }));
    const client = { region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport };
    return {
      requests: transport.requests,
      dynamodb: new TenantDynamoDb(
        DynamoDBDocumentClient.from(new DynamoDBClient(client)),
        "table",
        "acme",
      ),
      s3: new TenantS3(new S3Client({ ...client, forcePathStyle: true }), "bucket", "acme"),
    };
  }

  it("refuses a whole input that is null or undefined, sending nothing", async () => {
    const { dynamodb, requests } = stubbed();
    const notPlain = { code: "ERR_INPUT_NOT_PLAIN", message: "get input must be a plain object" };
    expect([
      await refusal(dynamodb.get(null as never)),
      await refusal(dynamodb.get(undefined as never)),
    ]).to.deep.equal([notPlain, notPlain]);
    expect(requests).to.deep.equal([]);
  });

  it("accepts 63 nested maps in an item and refuses 64", async () => {
    const { dynamodb, requests } = stubbed();
    const nest = (n: number): object => (n === 0 ? { v: 1 } : { a: nest(n - 1) });
    await dynamodb.put({ Item: { pk: "a", sk: "s", m: nest(63) } });
    expect(requests).to.have.length(1);
    expect(await refusal(dynamodb.put({ Item: { pk: "a", sk: "s", m: nest(64) } }))).to.deep.equal({
      code: "ERR_INPUT_NOT_PLAIN",
      message: "put input nests deeper than 64 levels (does it refer to itself?)",
    });
    expect(requests).to.have.length(1);
  });

  it("copies a nested object without a prototype as a map", async () => {
    const { dynamodb, requests } = stubbed();
    const bare = Object.assign(Object.create(null) as object, { x: "y" });
    await dynamodb.put({ Item: { pk: "a", sk: "s", bare } });
    const sent = JSON.parse(bodyText(requests[0]!)) as { Item: unknown };
    expect(sent.Item).to.deep.equal({
      pk: { S: "acme#a" },
      sk: { S: "s" },
      bare: { M: { x: { S: "y" } } },
    });
  });

  it("refuses a class instance with a string value field (only a real NumberValue is a number)", async () => {
    const { dynamodb, requests } = stubbed();
    class Amount {
      value = "12";
    }
    expect(
      await refusal(dynamodb.put({ Item: { pk: "a", sk: "s", n: new Amount() } })),
    ).to.deep.equal({
      code: "ERR_INPUT_NOT_PLAIN",
      message:
        "put input.Item.n is not plain data (an object, array, Set, Map, string, number or binary)",
    });
    expect(requests).to.deep.equal([]);
  });

  it("passes an S3 stream body through uncopied", async () => {
    const { s3, requests } = stubbed();
    await s3.put({ key: "k", body: Readable.from([Buffer.from("x")]) });
    expect(requests).to.have.length(1);
  });
});
