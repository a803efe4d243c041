import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { TenantDynamoDb } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, stubTransport } from "../helpers/stubTransport";

/** A tenant client for acme whose DynamoDB answers every request with `reply` (DynamoDB JSON). */
function clientReplying(reply: object) {
  const transport = stubTransport(() => ({ body: JSON.stringify(reply) }));
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
  );
  return new TenantDynamoDb(client, "table", "acme", [{ name: "byEmail", partitionKey: "gsi1pk" }]);
}

const KEY = { pk: "a", sk: "s" };

// What DynamoDB answers is checked as well as what is sent: an item outside the tenant is an
// error, never data.
describe("TenantDynamoDb replies (stub transport)", () => {
  it("returns no item when DynamoDB has none", async () => {
    expect((await clientReplying({}).get({ Key: KEY })).Item).to.equal(undefined);
  });

  it("refuses a returned item whose pk is not a string", async () => {
    const db = clientReplying({ Item: { pk: { N: "5" }, sk: { S: "s" } } });
    expect(await refusal(db.get({ Key: KEY }))).to.deep.equal({
      code: "ERR_FOREIGN_DATA",
      message: "DynamoDB returned an item outside tenant acme",
    });
  });

  it("refuses a returned item whose index partition key is not a string", async () => {
    const db = clientReplying({ Item: { pk: { S: "acme#a" }, gsi1pk: { N: "5" } } });
    expect(await refusal(db.get({ Key: KEY }))).to.deep.equal({
      code: "ERR_FOREIGN_DATA",
      message: "DynamoDB returned an item whose index key gsi1pk lies outside tenant acme",
    });
  });

  it("checks the attributes a put returns", async () => {
    const db = clientReplying({ Attributes: { pk: { S: "globex#a" }, sk: { S: "s" } } });
    expect(await refusal(db.put({ Item: KEY, ReturnValues: "ALL_OLD" }))).to.deep.equal({
      code: "ERR_FOREIGN_DATA",
      message: "DynamoDB returned an item outside tenant acme",
    });
  });

  it("refuses a field it does not handle, naming the operation and the field", async () => {
    const db = clientReplying({});
    const T = { TableName: "other" };
    const calls: [string, () => Promise<unknown>][] = [
      ["get", () => db.get({ Key: KEY, ...T })],
      ["put", () => db.put({ Item: KEY, ...T })],
      ["update", () => db.update({ Key: KEY, ...T })],
      ["delete", () => db.delete({ Key: KEY, ...T })],
      ["query", () => db.query({ KeyConditionExpression: "pk = :p", ...T })],
      ["batchGet", () => db.batchGet({ Keys: [KEY], ...T })],
      ["batchWrite", () => db.batchWrite({ RequestItems: [], ...T })],
      [
        "batchWrite PutRequest",
        () => db.batchWrite({ RequestItems: [{ PutRequest: { Item: KEY, ...T } }] }),
      ],
      [
        "batchWrite DeleteRequest",
        () => db.batchWrite({ RequestItems: [{ DeleteRequest: { Key: KEY, ...T } }] }),
      ],
      ["transactGet", () => db.transactGet({ TransactItems: [], ...T })],
      ["transactGet Get", () => db.transactGet({ TransactItems: [{ Get: { Key: KEY, ...T } }] })],
      ["transactWrite", () => db.transactWrite({ TransactItems: [], ...T })],
      [
        "transactWrite Put",
        () => db.transactWrite({ TransactItems: [{ Put: { Item: KEY, ...T } }] }),
      ],
      [
        "transactWrite Delete",
        () => db.transactWrite({ TransactItems: [{ Delete: { Key: KEY, ...T } }] }),
      ],
      [
        "transactWrite Update",
        () =>
          db.transactWrite({
            TransactItems: [{ Update: { Key: KEY, UpdateExpression: "SET a = :a", ...T } }],
          }),
      ],
      [
        "transactWrite ConditionCheck",
        () =>
          db.transactWrite({
            TransactItems: [{ ConditionCheck: { Key: KEY, ConditionExpression: "a = :a", ...T } }],
          }),
      ],
    ];
    for (const [operation, call] of calls)
      expect(await refusal(call), operation).to.deep.equal({
        code: "ERR_PARAMETER_NOT_SUPPORTED",
        message: `${operation} does not accept TableName`,
      });
  });
});
