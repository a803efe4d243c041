import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { TenantDynamoDb } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, bodyText, stubTransport } from "../helpers/stubTransport";

// A binary value (Uint8Array, Buffer, DataView, ArrayBuffer, Blob) is an object that can carry
// own properties: a getter `pk`, or a `matchAll`/`toJSON` that reads one way for the guards and
// serializes another way. The input copy keeps only its bytes.

const INDEX = { name: "byEmail", partitionKey: "gsi1pk" };

function stubbed() {
  const transport = stubTransport();
  const dynamodb = new TenantDynamoDb(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
    ),
    "table",
    "acme",
    [INDEX],
  );
  const sent = () =>
    transport.requests
      .splice(0)
      .map((request) => JSON.parse(bodyText(request)) as Record<string, unknown>);
  return { dynamodb, sent };
}

/** A byte array whose `name` reads `first`, then `later` (a getter that changes its answer). */
function twoFaced<T extends object>(bytes: T, name: string, first: unknown, later: unknown): T {
  let reads = 0;
  Object.defineProperty(bytes, name, {
    enumerable: true,
    get: () => (++reads === 1 ? first : later),
    set: () => undefined,
  });
  return bytes;
}

/** A byte array that tokenizes as `shown` and serializes as `sent`. */
function disguised(shown: string, sent: string): string {
  return Object.assign(new Uint8Array(0), {
    matchAll: (pattern: RegExp) => shown.matchAll(pattern),
    toJSON: () => sent,
  }) as unknown as string;
}

describe("client inputs: binary values keep only their bytes", () => {
  it("refuses a Key, Item or request key that is a byte array with attribute getters", async () => {
    const { dynamodb, sent } = stubbed();
    const key = () =>
      twoFaced(Object.assign(new Uint8Array(0), { sk: "s" }), "pk", "a", "globex#a");
    const item = twoFaced(
      Object.assign(Buffer.alloc(0), { pk: "a", sk: "s" }),
      "gsi1pk",
      "m",
      "globex#m",
    );
    expect([
      await refusal(dynamodb.get({ Key: key() as never })),
      await refusal(dynamodb.delete({ Key: key() as never })),
      await refusal(dynamodb.put({ Item: item as never })),
      await refusal(
        dynamodb.batchWrite({ RequestItems: [{ DeleteRequest: { Key: key() as never } }] }),
      ),
      await refusal(dynamodb.get({ Key: twoFaced(new Blob([]), "pk", "a", "globex#a") as never })),
    ]).to.deep.equal([
      { code: "ERR_KEY_INVALID", message: "Key.pk must be a non-empty string" },
      { code: "ERR_KEY_INVALID", message: "Key.pk must be a non-empty string" },
      { code: "ERR_KEY_INVALID", message: "Item.pk must be a non-empty string" },
      { code: "ERR_KEY_INVALID", message: "Key.pk must be a non-empty string" },
      { code: "ERR_KEY_INVALID", message: "Key.pk must be a non-empty string" },
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("refuses an expression that is a byte array disguised as a string", async () => {
    const { dynamodb, sent } = stubbed();
    const values = { ":v": "x", ":w": "globex#orders" };
    expect([
      await refusal(
        dynamodb.query({
          KeyConditionExpression: disguised("pk = :v AND sk = :w", "pk = :w AND sk = :v"),
          ExpressionAttributeValues: values,
        }),
      ),
      await refusal(
        dynamodb.update({
          Key: { pk: "a", sk: "s" },
          UpdateExpression: disguised("SET note = :g", "SET gsi1pk = :g"),
          ExpressionAttributeValues: { ":g": "globex#mail" },
        }),
      ),
      await refusal(
        dynamodb.query({
          KeyConditionExpression: "pk = :v",
          FilterExpression: disguised("note = :w", "gsi1pk = :w"),
          ExpressionAttributeValues: values,
        }),
      ),
      await refusal(
        dynamodb.get({
          Key: { pk: "a", sk: "s" },
          ProjectionExpression: disguised("sk", "pk"),
        }),
      ),
    ]).to.deep.equal([
      { code: "ERR_INPUT_NOT_PLAIN", message: "KeyConditionExpression must be a string" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "UpdateExpression must be a string" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "FilterExpression must be a string" },
      { code: "ERR_INPUT_NOT_PLAIN", message: "ProjectionExpression must be a string" },
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("sends names given as a byte array with getters as the bytes alone, never the getters", async () => {
    const { dynamodb, sent } = stubbed();
    let calls = 0;
    const names = Object.defineProperty(new Uint8Array(0), "#g", {
      enumerable: true,
      get: () => ((calls += 1), "gsi1pk"),
    });
    await dynamodb.update({
      Key: { pk: "a", sk: "s" },
      UpdateExpression: "SET #g = :g",
      ExpressionAttributeNames: names as never,
      ExpressionAttributeValues: { ":g": "globex#mail" },
    });
    expect(calls).to.equal(0);
    const [body] = sent();
    expect(body?.ExpressionAttributeNames).to.not.have.property("#g");
    expect(body?.ExpressionAttributeValues).to.deep.equal({ ":g": { S: "globex#mail" } });
  });

  it("copies the bytes of every binary form, and only them", async () => {
    const { dynamodb, sent } = stubbed();
    const backing = new Uint8Array([9, 1, 2, 3, 9]).buffer;
    const getter = () => {
      throw new Error("a getter of a binary value was read");
    };
    const withGetter = <T extends object>(bytes: T): T =>
      Object.defineProperty(bytes, "pk", { enumerable: true, get: getter });
    await dynamodb.put({
      Item: {
        pk: "a",
        sk: "s",
        buffer: withGetter(Buffer.from([1, 2])),
        view: withGetter(new DataView(backing, 1, 3)),
        wide: withGetter(new Uint16Array([0x0201])),
        slice: withGetter(new Uint8Array(backing, 1, 2)),
        whole: withGetter(backing.slice(1, 4)),
      },
    });
    const [body] = sent();
    const b = (bytes: number[]) => ({ B: Buffer.from(bytes).toString("base64") });
    expect(body?.Item).to.deep.include({
      buffer: b([1, 2]),
      view: b([1, 2, 3]),
      wide: b([1, 2]),
      slice: b([1, 2]),
      whole: b([1, 2, 3]),
    });
  });

  it("sends a copy, so bytes changed after the call do not reach DynamoDB", async () => {
    const { dynamodb, sent } = stubbed();
    const bytes = new Uint8Array([1, 2]);
    const pending = dynamodb.put({ Item: { pk: "a", sk: "s", bytes } });
    bytes[0] = 7;
    await pending;
    expect(sent()[0]?.Item).to.deep.include({ bytes: { B: "AQI=" } });
  });
});
