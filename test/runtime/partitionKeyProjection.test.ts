import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { HttpRequest } from "@smithy/core/protocols";
import { expect } from "chai";
import { TenantDynamoDb } from "@tenancy/runtime";
import { refusal } from "../helpers/runtimeRefusal";
import { STUB_CREDENTIALS, bodyText, stubTransport } from "../helpers/stubTransport";

type Stored = Record<string, { S: string } | { N: string }>;

/** A table that answers GetItem and Query with `item`, projected as DynamoDB would. */
function tableAnswering(item: Stored) {
  const transport = stubTransport((request: HttpRequest) => {
    const body = JSON.parse(bodyText(request)) as {
      ProjectionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
    };
    const names = body.ExpressionAttributeNames ?? {};
    const wanted = body.ProjectionExpression?.split(",").map((n) => names[n.trim()] ?? n.trim());
    const projected = Object.fromEntries(
      Object.entries(item).filter(([name]) => wanted === undefined || wanted.includes(name)),
    );
    const query = String(request.headers["x-amz-target"]).endsWith(".Query");
    return {
      body: JSON.stringify(query ? { Items: [projected], Count: 1 } : { Item: projected }),
    };
  });
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: "us-east-1", credentials: STUB_CREDENTIALS, ...transport }),
  );
  return { dynamodb: new TenantDynamoDb(client, "table", "acme"), requests: transport.requests };
}

const sent = (request: HttpRequest | undefined) =>
  JSON.parse(bodyText(request as HttpRequest)) as Record<string, unknown>;

// The foreign-data check needs pk: the runtime projects it when the caller leaves it out.
describe("TenantDynamoDb projections", () => {
  const own: Stored = { pk: { S: "acme#o1" }, sk: { S: "meta" }, total: { N: "42" } };
  const foreign: Stored = { pk: { S: "globex#o1" }, sk: { S: "meta" }, total: { N: "7" } };

  it("projects pk for the check and strips it when the caller left it out", async () => {
    const { dynamodb, requests } = tableAnswering(own);

    const got = await dynamodb.get({
      Key: { pk: "o1", sk: "meta" },
      ProjectionExpression: "total",
    });
    const queried = await dynamodb.query({
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": "o1" },
      ProjectionExpression: "#t",
      ExpressionAttributeNames: { "#t": "total" },
    });

    const asked = await dynamodb.get({
      Key: { pk: "o1", sk: "meta" },
      ProjectionExpression: "pk, total",
    });

    expect(got.Item).to.deep.equal({ total: 42 });
    expect(asked.Item).to.deep.equal({ pk: "o1", total: 42 });
    expect(sent(requests[2])).to.not.have.property("ExpressionAttributeNames");
    expect(queried.Items).to.deep.equal([{ total: 42 }]);
    expect(sent(requests[0])).to.deep.include({
      ProjectionExpression: "total, #tenancyPk",
      ExpressionAttributeNames: { "#tenancyPk": "pk" },
    });
    expect(sent(requests[1])).to.deep.include({
      ProjectionExpression: "#t, #tenancyPk",
      ExpressionAttributeNames: { "#t": "total", "#tenancyPk": "pk" },
    });
  });

  it("refuses a foreign item whatever the projection", async () => {
    const { dynamodb } = tableAnswering(foreign);
    const expected = {
      code: "ERR_FOREIGN_DATA",
      message: "DynamoDB returned an item outside tenant acme",
    };

    const refusals = [
      await refusal(dynamodb.get({ Key: { pk: "o1", sk: "meta" }, ProjectionExpression: "total" })),
      await refusal(
        dynamodb.query({
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": "o1" },
          ProjectionExpression: "total",
        }),
      ),
      await refusal(dynamodb.get({ Key: { pk: "o1", sk: "meta" } })),
    ];

    expect(refusals).to.deep.equal([expected, expected, expected]);
  });
});
