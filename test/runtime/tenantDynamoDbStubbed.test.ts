import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TranslateConfig } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { TenantDynamoDb, type TenantIndex } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, bodyText, stubTransport } from "../helpers/stubTransport";

const INDEX: TenantIndex = { name: "byEmail", partitionKey: "gsi1pk" };

/**
 * A tenant client for acme, built inside the test that uses it (so each test reaches the
 * constructor too), whose DynamoDB answers every request with `reply` (DynamoDB JSON).
 */
function stubbed(
  reply: object = {},
  indexes?: readonly TenantIndex[],
  translate?: TranslateConfig,
) {
  const transport = stubTransport(() => ({ body: JSON.stringify(reply) }));
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
    translate,
  );
  const db =
    indexes === undefined
      ? new TenantDynamoDb(client, "table", "acme")
      : new TenantDynamoDb(client, "table", "acme", indexes);
  /** The bodies of the requests sent so far. */
  const sent = () =>
    transport.requests.map((request) => JSON.parse(bodyText(request)) as Record<string, unknown>);
  return { db, sent };
}

const KEY = { pk: "a", sk: "s" };
const OWN = { pk: { S: "acme#a" }, sk: { S: "s" } };
const FOREIGN = { pk: { S: "globex#a" }, sk: { S: "s" } };
const FOREIGN_DATA = {
  code: "ERR_FOREIGN_DATA",
  message: "DynamoDB returned an item outside tenant acme",
};

// Batch and transaction replies carry items and keys of their own (UnprocessedKeys,
// UnprocessedItems, Responses): each is checked against the tenant and stripped like a read.
describe("TenantDynamoDb batch and transaction replies (stub transport)", () => {
  it("batchGet: no Responses and no UnprocessedKeys are empty lists", async () => {
    const { Items, UnprocessedKeys } = await stubbed().db.batchGet({ Keys: [KEY] });
    expect({ Items, UnprocessedKeys }).to.deep.equal({ Items: [], UnprocessedKeys: [] });
  });

  it("batchGet: strips items and unprocessed keys, dropping pk when the projection left it out", async () => {
    const reply = {
      Responses: { table: [OWN] },
      UnprocessedKeys: { table: { Keys: [{ pk: { S: "acme#b" }, sk: { S: "t" } }] } },
    };
    const full = await stubbed(reply).db.batchGet({ Keys: [KEY] });
    const projected = await stubbed(reply).db.batchGet({ Keys: [KEY], ProjectionExpression: "sk" });
    expect(
      [full, projected].map(({ Items, UnprocessedKeys }) => ({ Items, UnprocessedKeys })),
    ).to.deep.equal([
      { Items: [{ pk: "a", sk: "s" }], UnprocessedKeys: [{ pk: "b", sk: "t" }] },
      // An unprocessed key is for a retry: it keeps its pk whatever the projection.
      { Items: [{ sk: "s" }], UnprocessedKeys: [{ pk: "b", sk: "t" }] },
    ]);
  });

  it("batchGet: refuses an unprocessed key outside the tenant", async () => {
    const reply = { UnprocessedKeys: { table: { Keys: [FOREIGN] } } };
    expect(await refusal(stubbed(reply).db.batchGet({ Keys: [KEY] }))).to.deep.equal(FOREIGN_DATA);
  });

  it("batchWrite: no UnprocessedItems is an empty list", async () => {
    const { UnprocessedItems } = await stubbed().db.batchWrite({
      RequestItems: [{ PutRequest: { Item: KEY } }],
    });
    expect(UnprocessedItems).to.deep.equal([]);
  });

  it("batchWrite: strips unprocessed puts and deletes, index keys included", async () => {
    const reply = {
      UnprocessedItems: {
        table: [
          { PutRequest: { Item: { ...OWN, gsi1pk: { S: "acme#e" } } } },
          { DeleteRequest: { Key: { pk: { S: "acme#b" }, sk: { S: "t" } } } },
        ],
      },
    };
    const { UnprocessedItems } = await stubbed(reply, [INDEX]).db.batchWrite({
      RequestItems: [{ PutRequest: { Item: KEY } }],
    });
    expect(UnprocessedItems).to.deep.equal([
      { PutRequest: { Item: { pk: "a", sk: "s", gsi1pk: "e" } } },
      { DeleteRequest: { Key: { pk: "b", sk: "t" } } },
    ]);
  });

  it("batchWrite: refuses an unprocessed put, delete or empty request outside the tenant", async () => {
    const write = (request: object) =>
      refusal(
        stubbed({ UnprocessedItems: { table: [request] } }).db.batchWrite({
          RequestItems: [{ DeleteRequest: { Key: KEY } }],
        }),
      );
    expect([
      await write({ PutRequest: { Item: FOREIGN } }),
      await write({ DeleteRequest: { Key: FOREIGN } }),
      // Neither operation: no pk to check, so not the tenant's either.
      await write({}),
    ]).to.deep.equal([FOREIGN_DATA, FOREIGN_DATA, FOREIGN_DATA]);
  });

  it("transactGet: no Responses is no Responses", async () => {
    const out = await stubbed().db.transactGet({ TransactItems: [{ Get: { Key: KEY } }] });
    expect(out.Responses).to.equal(undefined);
  });

  it("transactGet: strips each item, dropping pk where that item's projection left it out", async () => {
    const reply = {
      Responses: [{ Item: OWN }, { Item: { pk: { S: "acme#b" }, sk: { S: "t" } } }, {}],
    };
    const out = await stubbed(reply).db.transactGet({
      TransactItems: [
        { Get: { Key: KEY, ProjectionExpression: "sk" } },
        { Get: { Key: { pk: "b", sk: "t" } } },
        { Get: { Key: { pk: "c", sk: "u" }, ProjectionExpression: "sk" } },
      ],
    });
    expect(out.Responses).to.deep.equal([
      { Item: { sk: "s" } },
      { Item: { pk: "b", sk: "t" } },
      {},
    ]);
  });

  it("transactGet: refuses an item outside the tenant", async () => {
    const db = stubbed({ Responses: [{}, { Item: FOREIGN }] }).db;
    expect(
      await refusal(
        db.transactGet({ TransactItems: [{ Get: { Key: KEY } }, { Get: { Key: KEY } }] }),
      ),
    ).to.deep.equal(FOREIGN_DATA);
  });

  it("query: a reply without Items (Select COUNT) comes back as it is", async () => {
    const out = await stubbed({ Count: 3, ScannedCount: 3 }).db.query({
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": "a" },
      Select: "COUNT",
    });
    expect({ Count: out.Count, Items: out.Items }).to.deep.equal({ Count: 3, Items: undefined });
  });
});

describe("TenantDynamoDb requests (stub transport)", () => {
  it("transactWrite sends the caller's ClientRequestToken", async () => {
    const { db, sent } = stubbed();
    await db.transactWrite({
      TransactItems: [{ Delete: { Key: KEY } }],
      ClientRequestToken: "retry-1",
    });
    expect(sent()[0]?.ClientRequestToken).to.equal("retry-1");
  });

  it("update without index keys sends the caller's values as they are, none when there are none", async () => {
    const { db, sent } = stubbed();
    await db.update({ Key: KEY, UpdateExpression: "REMOVE a" });
    await db.update({
      Key: KEY,
      UpdateExpression: "SET a = :a",
      ExpressionAttributeValues: { ":a": 1 },
    });
    expect(sent().map((body) => body.ExpressionAttributeValues)).to.deep.equal([
      undefined,
      { ":a": { N: "1" } },
    ]);
  });

  it("writes no index key an item leaves undefined (a client that drops undefined values)", async () => {
    const { db, sent } = stubbed({}, [INDEX], {
      marshallOptions: { removeUndefinedValues: true },
    });
    await db.put({ Item: { ...KEY, gsi1pk: undefined, a: 1 } });
    expect(sent()[0]?.Item).to.deep.equal({ ...OWN, a: { N: "1" } });
  });

  it("treats an index on pk itself like pk: prefixed once, in items and in a page cursor", async () => {
    const { db, sent } = stubbed({}, [{ name: "byPkDate", partitionKey: "pk", sortKey: "date" }]);
    await db.put({ Item: { ...KEY, date: "d" } });
    await db.query({
      IndexName: "byPkDate",
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": "a" },
      ExclusiveStartKey: { ...KEY, date: "d" },
    });
    const [put, query] = sent();
    expect([put?.Item, query?.IndexName, query?.ExclusiveStartKey]).to.deep.equal([
      { ...OWN, date: { S: "d" } },
      "byPkDate",
      { ...OWN, date: { S: "d" } },
    ]);
  });

  it("refuses an IndexName when no index is declared, saying so", async () => {
    const { db, sent } = stubbed();
    expect(
      await refusal(
        db.query({
          IndexName: "byEmail",
          KeyConditionExpression: "gsi1pk = :g",
          ExpressionAttributeValues: { ":g": "e" },
        }),
      ),
    ).to.deep.equal({
      code: "ERR_INDEX_NOT_DECLARED",
      message:
        'IndexName "byEmail" is not a declared tenant-scoped index (none are declared); declare it in the stack\'s tenancy:indexes and pass it to the runtime',
    });
    expect(sent()).to.deep.equal([]);
  });

  it("matches IndexName only as a string, whatever the declarations hold", async () => {
    const { db, sent } = stubbed({}, [{ name: 5 as unknown as string, partitionKey: "gsi1pk" }]);
    expect(
      await refusal(
        db.query({
          IndexName: 5 as unknown as string,
          KeyConditionExpression: "gsi1pk = :g",
          ExpressionAttributeValues: { ":g": "e" },
        }),
      ),
    ).to.deep.equal({
      code: "ERR_INDEX_NOT_DECLARED",
      message:
        "IndexName 5 is not a declared tenant-scoped index (declared: 5); declare it in the stack's tenancy:indexes and pass it to the runtime",
    });
    expect(sent()).to.deep.equal([]);
  });
});

// Each refusal names the field at fault, in every operation that checks it.
describe("TenantDynamoDb refusals name the field (stub transport)", () => {
  const badKey = { pk: "globex#a", sk: "s" };

  it("a Key's pk", async () => {
    const { db, sent } = stubbed();
    const refusals = [
      await refusal(db.update({ Key: badKey, UpdateExpression: "SET a = :a" })),
      await refusal(db.batchWrite({ RequestItems: [{ DeleteRequest: { Key: badKey } }] })),
      await refusal(db.transactGet({ TransactItems: [{ Get: { Key: badKey } }] })),
      await refusal(db.transactWrite({ TransactItems: [{ Delete: { Key: badKey } }] })),
      await refusal(
        db.transactWrite({
          TransactItems: [{ Update: { Key: badKey, UpdateExpression: "SET a = :a" } }],
        }),
      ),
      await refusal(
        db.transactWrite({
          TransactItems: [
            { ConditionCheck: { Key: badKey, ConditionExpression: "attribute_exists(a)" } },
          ],
        }),
      ),
    ];
    const expected = { code: "ERR_KEY_INVALID", message: "Key.pk must not contain '#'" };
    expect(refusals).to.deep.equal(refusals.map(() => expected));
    expect(refusals).to.have.length(6);
    expect(sent()).to.deep.equal([]);
  });

  it("a ConditionExpression that compares pk", async () => {
    const { db, sent } = stubbed();
    const condition = { ConditionExpression: "pk = :x", ExpressionAttributeValues: { ":x": "b" } };
    const refusals = [
      await refusal(db.delete({ Key: KEY, ...condition })),
      await refusal(db.update({ Key: KEY, UpdateExpression: "REMOVE a", ...condition })),
      await refusal(db.transactWrite({ TransactItems: [{ Put: { Item: KEY, ...condition } }] })),
      await refusal(db.transactWrite({ TransactItems: [{ Delete: { Key: KEY, ...condition } }] })),
    ];
    const expected = {
      code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
      message:
        "ConditionExpression may use pk only inside attribute_exists() or attribute_not_exists(): the runtime owns the tenant part of pk",
    };
    expect(refusals).to.deep.equal(refusals.map(() => expected));
    expect(refusals).to.have.length(4);
    expect(sent()).to.deep.equal([]);
  });

  it("the value placeholder an update sets an index key to", async () => {
    const { db, sent } = stubbed({}, [INDEX]);
    expect(
      await refusal(
        db.update({
          Key: KEY,
          UpdateExpression: "SET gsi1pk = :g",
          ExpressionAttributeValues: { ":g": "globex#e" },
        }),
      ),
    ).to.deep.equal({
      code: "ERR_KEY_INVALID",
      message: "ExpressionAttributeValues :g must not contain '#'",
    });
    expect(sent()).to.deep.equal([]);
  });

  it("a Key or Item that is missing or not an object", async () => {
    const { db, sent } = stubbed();
    const refusals = [
      await refusal(db.get({} as never)),
      await refusal(db.get({ Key: null } as never)),
      await refusal(db.get({ Key: "a" } as never)),
      await refusal(db.put({ Item: 5 } as never)),
    ];
    const invalid = (field: string) => ({
      code: "ERR_KEY_INVALID",
      message: `${field} must be an object with a string pk`,
    });
    expect(refusals).to.deep.equal([
      invalid("Key"),
      invalid("Key"),
      invalid("Key"),
      invalid("Item"),
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("a batch or transaction operation that is not an object", async () => {
    const { db, sent } = stubbed();
    const refusals = [
      await refusal(db.batchWrite({ RequestItems: [{ PutRequest: 5 }] } as never)),
      await refusal(db.batchWrite({ RequestItems: [{ DeleteRequest: null }] } as never)),
      await refusal(db.transactGet({ TransactItems: [{ Get: 5 }] } as never)),
      await refusal(db.transactWrite({ TransactItems: [{ Put: null }] } as never)),
    ];
    const unsupported = (operation: string) => ({
      code: "ERR_PARAMETER_NOT_SUPPORTED",
      message: `${operation} must be an object`,
    });
    expect(refusals).to.deep.equal([
      unsupported("batchWrite PutRequest"),
      unsupported("batchWrite DeleteRequest"),
      unsupported("transactGet Get"),
      unsupported("transactWrite Put"),
    ]);
    expect(sent()).to.deep.equal([]);
  });

  it("a batch or transaction item that is no operation at all", async () => {
    const { db, sent } = stubbed();
    const refusals = [
      await refusal(db.batchWrite({ RequestItems: [undefined] } as never)),
      await refusal(db.batchWrite({ RequestItems: ["PutRequest"] } as never)),
      await refusal(db.transactWrite({ TransactItems: [7] } as never)),
    ];
    const unsupported = (message: string) => ({ code: "ERR_PARAMETER_NOT_SUPPORTED", message });
    expect(refusals).to.deep.equal([
      unsupported("batchWrite requests must each hold exactly one of PutRequest, DeleteRequest"),
      unsupported("batchWrite requests must each hold exactly one of PutRequest, DeleteRequest"),
      unsupported(
        "transactWrite items must each hold exactly one of Put, Delete, Update, ConditionCheck",
      ),
    ]);
    expect(sent()).to.deep.equal([]);
  });
});
