import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import {
  createTenantRuntime,
  fromEnv,
  formatIndexes,
  type TenantContext,
  type TenantRuntime,
} from "@tenancy/runtime";
import { ADMIN_CREDENTIALS, REGION } from "../helpers/emulators";
import { INDEXES, TABLE, bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { refusal } from "../helpers/runtimeRefusal";

describe("TenantDynamoDb secondary indexes", () => {
  let h: Harness;
  let runtime: TenantRuntime;
  let acme: TenantContext;
  let globex: TenantContext;
  let admin: DynamoDBClient;

  before(async () => {
    h = await startHarness();
    runtime = createTenantRuntime(h.config());
    acme = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
    globex = await runtime.createTenantContext(bearer(h.tokens.bob.idToken));
    admin = new DynamoDBClient({
      region: REGION,
      endpoint: h.dynamodb.endpoint,
      credentials: ADMIN_CREDENTIALS,
    });
  });
  after(async () => {
    admin.destroy();
    await h.stop();
  });

  /** Index key attributes as DynamoDB holds them, for the item with this stored pk and sk. */
  async function stored(pk: string, sk: string): Promise<Record<string, string | undefined>> {
    const { Items = [] } = await admin.send(new ScanCommand({ TableName: TABLE }));
    const item = Items.find((i) => i.pk?.S === pk && i.sk?.S === sk);
    return { ownerKey: item?.ownerKey?.S, statusKey: item?.statusKey?.S };
  }

  describe("writes", () => {
    it("stores an index partition key with the tenant prefix and returns it without", async () => {
      await acme.dynamodb.put({ Item: { pk: "doc-1", sk: "meta", ownerKey: "alice" } });

      const { Item } = await acme.dynamodb.get({ Key: { pk: "doc-1", sk: "meta" } });

      expect(await stored("acme#doc-1", "meta")).to.deep.equal({
        ownerKey: "acme#alice",
        statusKey: undefined,
      });
      expect(Item).to.deep.equal({ pk: "doc-1", sk: "meta", ownerKey: "alice" });
    });

    it("refuses an index key that names another tenant's partition, before sending", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.put({ Item: { pk: "doc-2", sk: "meta", ownerKey: "globex#bob" } }),
        ),
      ).to.deep.equal({ code: "ERR_KEY_INVALID", message: "Item.ownerKey must not contain '#'" });
      expect(
        await refusal(() => acme.dynamodb.put({ Item: { pk: "doc-2", sk: "meta", ownerKey: 7 } })),
      ).to.deep.equal({
        code: "ERR_KEY_INVALID",
        message: "Item.ownerKey must be a non-empty string",
      });
      expect(await stored("acme#doc-2", "meta")).to.deep.equal({
        ownerKey: undefined,
        statusKey: undefined,
      });
    });

    // dynalite 4 does not implement transactions: those are asserted on the wire.
    it("prefixes index keys in batchWrite and transactWrite puts", async () => {
      await acme.dynamodb.batchWrite({
        RequestItems: [{ PutRequest: { Item: { pk: "doc-3", sk: "meta", ownerKey: "carol" } } }],
      });
      const before = h.dynamodbProxy.requests.length;
      await acme.dynamodb
        .transactWrite({
          TransactItems: [{ Put: { Item: { pk: "doc-4", sk: "meta", statusKey: "open" } } }],
        })
        .catch(() => undefined);

      const [write] = h.dynamodbProxy.requests.slice(before);
      const sent = JSON.parse(write?.body ?? "{}") as { TransactItems: unknown[] };
      expect((await stored("acme#doc-3", "meta")).ownerKey).to.equal("acme#carol");
      expect(sent.TransactItems).to.deep.equal([
        {
          Put: {
            Item: { pk: { S: "acme#doc-4" }, sk: { S: "meta" }, statusKey: { S: "acme#open" } },
            TableName: TABLE,
          },
        },
      ]);
    });

    it('prefixes the value of "SET <index key> = :v", returns it stripped, and allows REMOVE', async () => {
      await acme.dynamodb.put({ Item: { pk: "doc-5", sk: "meta" } });

      const updated = await acme.dynamodb.update({
        Key: { pk: "doc-5", sk: "meta" },
        UpdateExpression: "SET #o = :o, title = :t",
        ExpressionAttributeNames: { "#o": "ownerKey" },
        ExpressionAttributeValues: { ":o": "dave", ":t": "Five" },
        ReturnValues: "UPDATED_NEW",
      });
      const afterSet = await stored("acme#doc-5", "meta");
      await acme.dynamodb.update({
        Key: { pk: "doc-5", sk: "meta" },
        UpdateExpression: "SET title = :t REMOVE ownerKey",
        ExpressionAttributeValues: { ":t": "Five again" },
      });

      expect(updated.Attributes).to.deep.equal({ ownerKey: "dave", title: "Five" });
      expect(afterSet.ownerKey).to.equal("acme#dave");
      expect((await stored("acme#doc-5", "meta")).ownerKey).to.equal(undefined);
    });

    it("refuses an update that sets an index key from anything but its own value placeholder", async () => {
      const key = { pk: "doc-5", sk: "meta" };
      expect(
        await refusal(() =>
          acme.dynamodb.update({ Key: key, UpdateExpression: "SET ownerKey = sk" }),
        ),
      ).to.deep.equal({
        code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        message:
          'UpdateExpression may change ownerKey only as "SET ownerKey = :value" or "REMOVE ownerKey": the runtime owns the tenant part of ownerKey',
      });
      expect(
        await refusal(() =>
          acme.dynamodb.update({
            Key: key,
            UpdateExpression: "SET ownerKey = :v, title = :v",
            ExpressionAttributeValues: { ":v": "x" },
          }),
        ),
      ).to.deep.equal({
        code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        message: "Value placeholder :v sets an index partition key and must not be used elsewhere",
      });
      expect(
        await refusal(() =>
          acme.dynamodb.update({
            Key: key,
            UpdateExpression: "SET ownerKey = if_not_exists(ownerKey, :v)",
            ExpressionAttributeValues: { ":v": "x" },
          }),
        ),
      ).to.have.property("code", "ERR_EXPRESSION_REFERENCES_PARTITION_KEY");
    });
  });

  describe("queries", () => {
    before(async () => {
      for (const [tenant, created] of [
        [acme, "2026-01"],
        [acme, "2026-02"],
        [acme, "2026-03"],
        [globex, "2026-01"],
      ] as const) {
        await tenant.dynamodb.put({
          Item: { pk: `ticket-${created}`, sk: "meta", statusKey: "open", createdAt: created },
        });
      }
    });

    it("reads only the tenant's index partition, paging with a stripped cursor", async () => {
      const page1 = await acme.dynamodb.query({
        IndexName: "byStatus",
        KeyConditionExpression: "statusKey = :s AND createdAt >= :from",
        ExpressionAttributeValues: { ":s": "open", ":from": "2026-01" },
        Limit: 2,
      });
      const page2 = await acme.dynamodb.query({
        IndexName: "byStatus",
        KeyConditionExpression: "#s = :s",
        ExpressionAttributeNames: { "#s": "statusKey" },
        ExpressionAttributeValues: { ":s": "open" },
        ExclusiveStartKey: page1.LastEvaluatedKey,
      });
      const theirs = await globex.dynamodb.query({
        IndexName: "byStatus",
        KeyConditionExpression: "statusKey = :s",
        ExpressionAttributeValues: { ":s": "open" },
        ProjectionExpression: "createdAt",
      });

      const row = (created: string) => ({
        pk: `ticket-${created}`,
        sk: "meta",
        statusKey: "open",
        createdAt: created,
      });
      expect(page1.Items).to.deep.equal([row("2026-01"), row("2026-02")]);
      expect(page1.LastEvaluatedKey).to.deep.equal({
        pk: "ticket-2026-02",
        sk: "meta",
        statusKey: "open",
        createdAt: "2026-02",
      });
      expect(page2.Items).to.deep.equal([row("2026-03")]);
      // pk is projected for the foreign-data check and stripped again.
      expect(theirs.Items).to.deep.equal([{ createdAt: "2026-01" }]);
    });

    it("accepts IndexName only for a declared index", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            IndexName: "byEverything",
            KeyConditionExpression: "anything = :a",
            ExpressionAttributeValues: { ":a": "x" },
          }),
        ),
      ).to.deep.equal({
        code: "ERR_INDEX_NOT_DECLARED",
        message:
          'IndexName "byEverything" is not a declared tenant-scoped index (declared: byOwner, byStatus); declare it in the stack\'s tenancy:indexes and pass it to the runtime',
      });
    });

    it("requires the index partition key, once, with '=' in an index query", async () => {
      const query = (KeyConditionExpression: string) =>
        refusal(() =>
          acme.dynamodb.query({
            IndexName: "byOwner",
            KeyConditionExpression,
            ExpressionAttributeValues: { ":v": "alice" },
          }),
        );
      expect(await query("pk = :v")).to.deep.equal({
        code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        message:
          "KeyConditionExpression must not reference pk: the runtime owns the tenant part of pk",
      });
      expect(await query("begins_with(ownerKey, :v)")).to.deep.equal({
        code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        message:
          "KeyConditionExpression must compare ownerKey with '=' and a value placeholder: the runtime owns the tenant part of ownerKey",
      });
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "pk = :p",
            FilterExpression: "ownerKey = :o",
            ExpressionAttributeValues: { ":p": "doc-1", ":o": "globex#bob" },
          }),
        ),
      ).to.deep.equal({
        code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        message:
          "FilterExpression may use ownerKey only inside attribute_exists() or attribute_not_exists(): the runtime owns the tenant part of ownerKey",
      });
    });

    it("refuses a cursor that leaves the tenant's index partition", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            IndexName: "byStatus",
            KeyConditionExpression: "statusKey = :s",
            ExpressionAttributeValues: { ":s": "open" },
            ExclusiveStartKey: {
              pk: "ticket-2026-01",
              sk: "meta",
              statusKey: "globex#open",
              createdAt: "2026-01",
            },
          }),
        ),
      ).to.deep.equal({
        code: "ERR_KEY_INVALID",
        message: "ExclusiveStartKey.statusKey must not contain '#'",
      });
    });

    it("refuses an item written around the runtime into another tenant's index partition", async () => {
      // A raw client with acme's credentials could do this: IAM checks only pk on writes.
      await admin.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: "acme#planted" }, sk: { S: "meta" }, ownerKey: { S: "globex#bob" } },
        }),
      );

      expect(
        await refusal(() =>
          globex.dynamodb.query({
            IndexName: "byOwner",
            KeyConditionExpression: "ownerKey = :o",
            ExpressionAttributeValues: { ":o": "bob" },
          }),
        ),
      ).to.deep.equal({
        code: "ERR_FOREIGN_DATA",
        message: "DynamoDB returned an item outside tenant globex",
      });
      expect(
        await refusal(() => acme.dynamodb.get({ Key: { pk: "planted", sk: "meta" } })),
      ).to.deep.equal({
        code: "ERR_FOREIGN_DATA",
        message: "DynamoDB returned an item whose index key ownerKey lies outside tenant acme",
      });
    });
  });

  describe("configuration", () => {
    it("reads the declared indexes from TENANCY_INDEXES in the compact form the stack exports", () => {
      const env = {
        AWS_REGION: "eu-west-1",
        TENANCY_USER_POOL_ID: "eu-west-1_x",
        TENANCY_CLIENT_ID: "c",
        TENANCY_TABLE_NAME: "t",
        TENANCY_BUCKET_NAME: "b",
        TENANCY_ACCOUNT_ID: "123456789012",
        TENANCY_NAME_PREFIX: "dev",
        TENANCY_INDEXES: formatIndexes(INDEXES),
      };

      expect(env.TENANCY_INDEXES).to.equal("byOwner:ownerKey,byStatus:statusKey:createdAt");
      expect(fromEnv(env).indexes).to.deep.equal(INDEXES);
      expect(() => fromEnv({ ...env, TENANCY_INDEXES: "bySk:sk" })).to.throw(
        "Invalid configuration: indexes: index \"bySk\": partitionKey sk is the table's sort key, stored without the tenant prefix, so one index partition would hold every tenant's items",
      );
      expect(() => fromEnv({ ...env, TENANCY_INDEXES: "byOwner" })).to.throw(
        'Invalid environment: TENANCY_INDEXES: "byOwner" is not name:partitionKey[:sortKey]',
      );
    });
  });
});
