import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { createTenantRuntime, type TenantContext, type TenantRuntime } from "@tenancy/runtime";
import { ADMIN_CREDENTIALS, REGION } from "../helpers/emulators";
import { TABLE, bearer, startHarness, type Harness } from "../helpers/runtimeHarness";
import { refusal } from "../helpers/runtimeRefusal";

describe("TenantDynamoDb", () => {
  let h: Harness;
  let runtime: TenantRuntime;
  let acme: TenantContext;
  let globex: TenantContext;

  before(async () => {
    h = await startHarness();
    runtime = createTenantRuntime(h.config());
    acme = await runtime.createTenantContext(bearer(h.tokens.alice.idToken));
    globex = await runtime.createTenantContext(bearer(h.tokens.bob.idToken));
  });
  after(() => h.stop());

  async function storedItems(): Promise<Record<string, unknown>[]> {
    const admin = new DynamoDBClient({
      region: REGION,
      endpoint: h.dynamodb.endpoint,
      credentials: ADMIN_CREDENTIALS,
    });
    const { Items = [] } = await admin.send(new ScanCommand({ TableName: TABLE }));
    admin.destroy();
    return Items.map((i) => ({ pk: i.pk?.S, sk: i.sk?.S }));
  }

  describe("isolation", () => {
    it("lets two tenants use the same logical keys without seeing each other", async () => {
      await acme.dynamodb.put({ Item: { pk: "order-1", sk: "meta", owner: "acme" } });
      await globex.dynamodb.put({ Item: { pk: "order-1", sk: "meta", owner: "globex" } });

      const a = await acme.dynamodb.get({ Key: { pk: "order-1", sk: "meta" } });
      const g = await globex.dynamodb.get({ Key: { pk: "order-1", sk: "meta" } });

      expect(a.Item).to.deep.equal({ pk: "order-1", sk: "meta", owner: "acme" });
      expect(g.Item).to.deep.equal({ pk: "order-1", sk: "meta", owner: "globex" });
      const stored = await storedItems();
      expect(stored).to.deep.include({ pk: "acme#order-1", sk: "meta" });
      expect(stored).to.deep.include({ pk: "globex#order-1", sk: "meta" });
    });

    it("queries only the tenant's partition and strips the prefix from items and LastEvaluatedKey", async () => {
      for (const sk of ["line-1", "line-2", "line-3"]) {
        await acme.dynamodb.put({ Item: { pk: "order-2", sk, qty: 1 } });
        await globex.dynamodb.put({ Item: { pk: "order-2", sk, qty: 2 } });
      }

      const page1 = await acme.dynamodb.query({
        KeyConditionExpression: "#p = :p AND begins_with(sk, :s)",
        ExpressionAttributeNames: { "#p": "pk" },
        ExpressionAttributeValues: { ":p": "order-2", ":s": "line-" },
        Limit: 2,
      });
      const page2 = await acme.dynamodb.query({
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": "order-2" },
        ExclusiveStartKey: page1.LastEvaluatedKey,
      });

      expect(page1.Items).to.deep.equal([
        { pk: "order-2", sk: "line-1", qty: 1 },
        { pk: "order-2", sk: "line-2", qty: 1 },
      ]);
      expect(page1.LastEvaluatedKey).to.deep.equal({ pk: "order-2", sk: "line-2" });
      expect(page2.Items).to.deep.equal([{ pk: "order-2", sk: "line-3", qty: 1 }]);
    });

    it("updates and deletes within the tenant, returning stripped attributes", async () => {
      await acme.dynamodb.put({ Item: { pk: "counter", sk: "c", n: 1 } });
      await globex.dynamodb.put({ Item: { pk: "counter", sk: "c", n: 100 } });

      const updated = await acme.dynamodb.update({
        Key: { pk: "counter", sk: "c" },
        UpdateExpression: "SET n = n + :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "ALL_NEW",
      });
      const deleted = await acme.dynamodb.delete({
        Key: { pk: "counter", sk: "c" },
        ReturnValues: "ALL_OLD",
      });

      expect(updated.Attributes).to.deep.equal({ pk: "counter", sk: "c", n: 2 });
      expect(deleted.Attributes).to.deep.equal({ pk: "counter", sk: "c", n: 2 });
      expect((await globex.dynamodb.get({ Key: { pk: "counter", sk: "c" } })).Item).to.deep.equal({
        pk: "counter",
        sk: "c",
        n: 100,
      });
    });

    it("batch-writes and batch-gets within the tenant", async () => {
      await acme.dynamodb.batchWrite({
        RequestItems: [
          { PutRequest: { Item: { pk: "b1", sk: "x", v: "a" } } },
          { PutRequest: { Item: { pk: "b2", sk: "x", v: "a" } } },
        ],
      });
      await globex.dynamodb.batchWrite({
        RequestItems: [{ PutRequest: { Item: { pk: "b1", sk: "x", v: "g" } } }],
      });
      await acme.dynamodb.batchWrite({
        RequestItems: [{ DeleteRequest: { Key: { pk: "b2", sk: "x" } } }],
      });

      const out = await acme.dynamodb.batchGet({
        Keys: [
          { pk: "b1", sk: "x" },
          { pk: "b2", sk: "x" },
        ],
      });

      expect(out.Items).to.deep.equal([{ pk: "b1", sk: "x", v: "a" }]);
      expect(out.UnprocessedKeys).to.deep.equal([]);
    });

    // dynalite 4 does not implement transactions, so these assert the request on the wire.
    it("sends transactions with prefixed keys on the shared table, signed by the tenant", async () => {
      const before = h.dynamodbProxy.requests.length;
      await acme.dynamodb
        .transactWrite({
          TransactItems: [
            {
              Put: {
                Item: { pk: "t1", sk: "x", v: 1 },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                Key: { pk: "t2", sk: "x" },
                UpdateExpression: "SET v = :v",
                ExpressionAttributeValues: { ":v": 10 },
              },
            },
            { Delete: { Key: { pk: "t3", sk: "x" } } },
            {
              ConditionCheck: {
                Key: { pk: "t4", sk: "x" },
                ConditionExpression: "attribute_exists(pk)",
              },
            },
          ],
        })
        .catch(() => undefined);
      await acme.dynamodb
        .transactGet({ TransactItems: [{ Get: { Key: { pk: "t1", sk: "x" } } }] })
        .catch(() => undefined);

      const [write, read] = h.dynamodbProxy.requests.slice(before);
      expect(write?.target).to.equal("DynamoDB_20120810.TransactWriteItems");
      // The SDK adds an idempotency token of its own.
      const { ClientRequestToken, ...sent } = JSON.parse(write?.body ?? "{}") as Record<
        string,
        unknown
      >;
      expect(ClientRequestToken).to.be.a("string");
      expect(sent).to.deep.equal({
        TransactItems: [
          {
            Put: {
              Item: { pk: { S: "acme#t1" }, sk: { S: "x" }, v: { N: "1" } },
              ConditionExpression: "attribute_not_exists(pk)",
              TableName: TABLE,
            },
          },
          {
            Update: {
              Key: { pk: { S: "acme#t2" }, sk: { S: "x" } },
              UpdateExpression: "SET v = :v",
              ExpressionAttributeValues: { ":v": { N: "10" } },
              TableName: TABLE,
            },
          },
          { Delete: { Key: { pk: { S: "acme#t3" }, sk: { S: "x" } }, TableName: TABLE } },
          {
            ConditionCheck: {
              Key: { pk: { S: "acme#t4" }, sk: { S: "x" } },
              ConditionExpression: "attribute_exists(pk)",
              TableName: TABLE,
            },
          },
        ],
      });
      expect(read?.target).to.equal("DynamoDB_20120810.TransactGetItems");
      expect(JSON.parse(read?.body ?? "{}")).to.deep.equal({
        TransactItems: [
          { Get: { Key: { pk: { S: "acme#t1" }, sk: { S: "x" } }, TableName: TABLE } },
        ],
      });
      expect(
        [write?.signer, read?.signer].map((k) => h.sts.sessions.get(k ?? "")?.tenantId),
      ).to.deep.equal(["acme", "acme"]);
    });

    it("signs every DynamoDB request with the tenant's assumed credentials", async () => {
      const before = h.dynamodbProxy.signers.length;
      await acme.dynamodb.get({ Key: { pk: "order-1", sk: "meta" } });
      await globex.dynamodb.get({ Key: { pk: "order-1", sk: "meta" } });

      const [acmeKey, globexKey] = h.dynamodbProxy.signers.slice(before);
      expect(h.sts.sessions.get(acmeKey ?? "")?.tenantId).to.equal("acme");
      expect(h.sts.sessions.get(globexKey ?? "")?.tenantId).to.equal("globex");
      expect(
        h.dynamodbProxy.signers.filter((k) => k === undefined || !h.sts.sessions.has(k)),
      ).to.deep.equal([]);
    });
  });

  describe("escape attempts (refused before any request is sent)", () => {
    let sentBefore: number;
    beforeEach(() => (sentBefore = h.dynamodbProxy.signers.length));
    afterEach(() => expect(h.dynamodbProxy.signers.length, "requests sent").to.equal(sentBefore));

    const keyError = (message: string) => ({ code: "ERR_KEY_INVALID", message });
    const pkError = (message: string) => ({
      code: "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
      message,
    });

    it("refuses a key carrying another tenant's prefix", async () => {
      expect(
        await refusal(() => acme.dynamodb.get({ Key: { pk: "globex#order-1", sk: "meta" } })),
      ).to.deep.equal(keyError("Key.pk must not contain '#'"));
    });

    it("refuses an item whose pk carries a prefix, in put, batch and transactions", async () => {
      const expected = keyError("Item.pk must not contain '#'");
      expect(
        await refusal(() => acme.dynamodb.put({ Item: { pk: "acme#x", sk: "s" } })),
      ).to.deep.equal(expected);
      expect(
        await refusal(() =>
          acme.dynamodb.batchWrite({
            RequestItems: [{ PutRequest: { Item: { pk: "globex#x", sk: "s" } } }],
          }),
        ),
      ).to.deep.equal(expected);
      expect(
        await refusal(() =>
          acme.dynamodb.transactWrite({
            TransactItems: [{ Put: { Item: { pk: "globex#x", sk: "s" } } }],
          }),
        ),
      ).to.deep.equal(expected);
      expect(
        await refusal(() =>
          acme.dynamodb.batchGet({
            Keys: [
              { pk: "ok", sk: "s" },
              { pk: "globex#x", sk: "s" },
            ],
          }),
        ),
      ).to.deep.equal(keyError("Key.pk must not contain '#'"));
    });

    it("refuses a missing, empty or non-string pk", async () => {
      expect(await refusal(() => acme.dynamodb.get({ Key: { sk: "meta" } }))).to.deep.equal(
        keyError("Key.pk must be a non-empty string"),
      );
      expect(await refusal(() => acme.dynamodb.get({ Key: { pk: "", sk: "meta" } }))).to.deep.equal(
        keyError("Key.pk must be a non-empty string"),
      );
      expect(
        await refusal(() => acme.dynamodb.delete({ Key: { pk: 7, sk: "meta" } })),
      ).to.deep.equal(keyError("Key.pk must be a non-empty string"));
    });

    it("refuses a query partition value carrying another tenant's prefix", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "pk = :p",
            ExpressionAttributeValues: { ":p": "globex#order-1" },
          }),
        ),
      ).to.deep.equal(keyError("ExpressionAttributeValues :p must not contain '#'"));
    });

    it("refuses a query that does not pin pk with '='", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "begins_with(pk, :p)",
            ExpressionAttributeValues: { ":p": "globex" },
          }),
        ),
      ).to.deep.equal(
        pkError(
          "KeyConditionExpression must compare pk with '=' and a value placeholder: the runtime owns the tenant part of pk",
        ),
      );
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "sk = :s",
            ExpressionAttributeValues: { ":s": "x" },
          }),
        ),
      ).to.deep.equal(
        pkError(
          "KeyConditionExpression must compare pk exactly once: the runtime owns the tenant part of pk",
        ),
      );
    });

    it("refuses a filter or condition that compares pk", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "pk = :p",
            FilterExpression: "#k <> :other",
            ExpressionAttributeNames: { "#k": "pk" },
            ExpressionAttributeValues: { ":p": "order-1", ":other": "globex#order-1" },
          }),
        ),
      ).to.deep.equal(
        pkError(
          "FilterExpression may use pk only inside attribute_exists() or attribute_not_exists(): the runtime owns the tenant part of pk",
        ),
      );
      expect(
        await refusal(() =>
          acme.dynamodb.put({
            Item: { pk: "x", sk: "s" },
            ConditionExpression: "attribute_not_exists(pk) OR begins_with(pk, :g)",
            ExpressionAttributeValues: { ":g": "globex#" },
          }),
        ),
      ).to.deep.equal(
        pkError(
          "ConditionExpression may use pk only inside attribute_exists() or attribute_not_exists(): the runtime owns the tenant part of pk",
        ),
      );
      expect(
        await refusal(() =>
          acme.dynamodb.transactWrite({
            TransactItems: [
              {
                ConditionCheck: {
                  Key: { pk: "x", sk: "s" },
                  ConditionExpression: "pk = :g",
                  ExpressionAttributeValues: { ":g": "globex#x" },
                },
              },
            ],
          }),
        ),
      ).to.deep.equal(
        pkError(
          "ConditionExpression may use pk only inside attribute_exists() or attribute_not_exists(): the runtime owns the tenant part of pk",
        ),
      );
    });

    it("refuses reusing the pk value placeholder elsewhere", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "pk = :p",
            FilterExpression: "owner = :p",
            ExpressionAttributeValues: { ":p": "order-1" },
          }),
        ),
      ).to.deep.equal(
        pkError("Value placeholder :p is compared with pk and must not be used elsewhere"),
      );
    });

    it("refuses an update expression that touches pk", async () => {
      expect(
        await refusal(() =>
          acme.dynamodb.update({
            Key: { pk: "x", sk: "s" },
            UpdateExpression: "SET #k = :g",
            ExpressionAttributeNames: { "#k": "pk" },
            ExpressionAttributeValues: { ":g": "globex#x" },
          }),
        ),
      ).to.deep.equal(
        pkError("UpdateExpression must not reference pk: the runtime owns the tenant part of pk"),
      );
    });

    it("refuses parameters that would bypass the guards (TableName, undeclared IndexName, legacy KeyConditions)", async () => {
      const unsupported = (message: string) => ({ code: "ERR_PARAMETER_NOT_SUPPORTED", message });
      expect(
        await refusal(() =>
          acme.dynamodb.get({ Key: { pk: "x", sk: "s" }, TableName: "other" } as never),
        ),
      ).to.deep.equal(unsupported("get does not accept TableName"));
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditionExpression: "pk = :p",
            ExpressionAttributeValues: { ":p": "x" },
            IndexName: "gsi1",
          }),
        ),
      ).to.deep.equal({
        code: "ERR_INDEX_NOT_DECLARED",
        message:
          'IndexName "gsi1" is not a declared tenant-scoped index (declared: byOwner, byStatus); declare it in the stack\'s tenancy:indexes and pass it to the runtime',
      });
      expect(
        await refusal(() =>
          acme.dynamodb.query({
            KeyConditions: { pk: { ComparisonOperator: "BEGINS_WITH" } },
          } as never),
        ),
      ).to.deep.equal(unsupported("query does not accept KeyConditions"));
    });

    it("refuses batch and transaction items holding no operation or several, instead of dropping one", async () => {
      const unsupported = (message: string) => ({ code: "ERR_PARAMETER_NOT_SUPPORTED", message });
      const put = { Item: { pk: "a", sk: "s" } };
      const del = { Key: { pk: "b", sk: "s" } };
      const batch = "batchWrite requests must each hold exactly one of PutRequest, DeleteRequest";
      const transact =
        "transactWrite items must each hold exactly one of Put, Delete, Update, ConditionCheck";

      const refusals = [
        await refusal(() => acme.dynamodb.batchWrite({ RequestItems: [{} as never] })),
        await refusal(() =>
          acme.dynamodb.batchWrite({
            RequestItems: [{ PutRequest: put, DeleteRequest: del } as never],
          }),
        ),
        await refusal(() => acme.dynamodb.batchWrite({ RequestItems: [null as never] })),
        await refusal(() =>
          acme.dynamodb.batchWrite({
            RequestItems: [{ PutRequest: { ...put, ConditionExpression: "x" } as never }],
          }),
        ),
        await refusal(() => acme.dynamodb.transactWrite({ TransactItems: [{} as never] })),
        await refusal(() =>
          acme.dynamodb.transactWrite({ TransactItems: [{ Put: put, Delete: del } as never] }),
        ),
        await refusal(() =>
          acme.dynamodb.transactGet({ TransactItems: [{ Get: del, Put: put } as never] }),
        ),
      ];

      expect(refusals).to.deep.equal([
        unsupported(batch),
        unsupported(batch),
        unsupported(batch),
        unsupported("batchWrite PutRequest does not accept ConditionExpression"),
        unsupported(transact),
        unsupported(transact),
        unsupported("transactGet items must each hold exactly one of Get"),
      ]);
    });

    it("refuses Keys, RequestItems and TransactItems that are not arrays", async () => {
      const unsupported = (message: string) => ({ code: "ERR_PARAMETER_NOT_SUPPORTED", message });

      const refusals = [
        // The SDK's own shape, keyed by table name: an easy mistake.
        await refusal(() =>
          acme.dynamodb.batchWrite({
            RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: "a", sk: "s" } } }] } as never,
          }),
        ),
        await refusal(() => acme.dynamodb.batchGet({ Keys: { pk: "a", sk: "s" } as never })),
        await refusal(() => acme.dynamodb.transactWrite({ TransactItems: undefined as never })),
        await refusal(() => acme.dynamodb.transactGet({ TransactItems: "x" as never })),
      ];

      expect(refusals).to.deep.equal([
        unsupported("batchWrite RequestItems must be an array"),
        unsupported("batchGet Keys must be an array"),
        unsupported("transactWrite TransactItems must be an array"),
        unsupported("transactGet TransactItems must be an array"),
      ]);
    });

    it("refuses an ExclusiveStartKey holding more than pk and sk, or a pk carrying '#'", async () => {
      const query = (ExclusiveStartKey: Record<string, unknown>) => () =>
        acme.dynamodb.query({
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": "order-2" },
          ExclusiveStartKey,
        });

      expect(await refusal(query({ pk: "order-2", sk: "s", owner: "x" }))).to.deep.equal(
        keyError("ExclusiveStartKey must hold only pk and sk"),
      );
      expect(await refusal(query({ pk: "globex#order-2", sk: "s" }))).to.deep.equal(
        keyError("ExclusiveStartKey.pk must not contain '#'"),
      );
    });

    it("refuses Scan with a typed error", async () => {
      expect(await refusal(() => acme.dynamodb.scan())).to.deep.equal({
        code: "ERR_OPERATION_NOT_SUPPORTED",
        message:
          "Scan is not available to tenants: it reads the whole shared table and the tenant role is not allowed dynamodb:Scan; use query on your partition keys",
      });
    });

    it("allows nested attributes named pk and existence checks on pk", async () => {
      // Assess first: this one is expected to send, so it restores the counter afterwards.
      await acme.dynamodb.put({
        Item: { pk: "nested", sk: "s", meta: { pk: "anything" } },
        ConditionExpression: "attribute_not_exists(pk) OR meta.pk = :v",
        ExpressionAttributeValues: { ":v": "anything" },
      });
      expect((await acme.dynamodb.get({ Key: { pk: "nested", sk: "s" } })).Item).to.deep.equal({
        pk: "nested",
        sk: "s",
        meta: { pk: "anything" },
      });
      sentBefore = h.dynamodbProxy.signers.length;
    });
  });
});
