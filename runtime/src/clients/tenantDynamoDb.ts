import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandOutput,
  type DeleteCommandInput,
  type DeleteCommandOutput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type GetCommandOutput,
  type PutCommandInput,
  type PutCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
  type TransactGetCommandOutput,
  type TransactWriteCommandOutput,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { ForeignDataError, RequestRefusedError } from "../errors";
import type { TenantIndex } from "../indexes";
import { KEY_DELIMITER, tenantKeyPrefix } from "../naming";
import {
  PARTITION_KEY,
  type ScopedAttributes,
  assertConditionSafe,
  assertUpdateSafe,
  countPlaceholder,
  partitionKeyPlaceholder,
  withPartitionKeyProjected,
} from "./partitionKeyGuard";
import { plainSnapshot } from "./plainSnapshot";

/** The sort key attribute of the shared table. */
const SORT_KEY = "sk";

/** An item or key as the application sees it: `pk` without the tenant prefix. */
export type TenantRecord = Record<string, unknown>;

const READ_OPTION_FIELDS = [
  "ProjectionExpression",
  "ExpressionAttributeNames",
  "ConsistentRead",
  "ReturnConsumedCapacity",
] as const;
const GET_FIELDS = ["Key", ...READ_OPTION_FIELDS] as const;
const CONDITION_FIELDS = [
  "ConditionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
] as const;
const WRITE_RETURN_FIELDS = [
  "ReturnValues",
  "ReturnConsumedCapacity",
  "ReturnItemCollectionMetrics",
] as const;
const PUT_FIELDS = ["Item", ...CONDITION_FIELDS, ...WRITE_RETURN_FIELDS] as const;
const DELETE_FIELDS = ["Key", ...CONDITION_FIELDS, ...WRITE_RETURN_FIELDS] as const;
const UPDATE_FIELDS = [
  "Key",
  "UpdateExpression",
  ...CONDITION_FIELDS,
  ...WRITE_RETURN_FIELDS,
] as const;
const QUERY_FIELDS = [
  "IndexName",
  "KeyConditionExpression",
  "FilterExpression",
  "ProjectionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
  "ExclusiveStartKey",
  "Limit",
  "ScanIndexForward",
  "ConsistentRead",
  "Select",
  "ReturnConsumedCapacity",
] as const;
const BATCH_GET_FIELDS = ["Keys", ...READ_OPTION_FIELDS] as const;
const TRANSACT_GET_FIELDS = ["Key", "ProjectionExpression", "ExpressionAttributeNames"] as const;
const TRANSACT_WRITE_OPERATIONS = ["Put", "Delete", "Update", "ConditionCheck"] as const;
// Transaction items take the single-item fields minus the Return* options.
const TRANSACT_PUT_FIELDS = ["Item", ...CONDITION_FIELDS] as const;
const TRANSACT_KEY_FIELDS = ["Key", ...CONDITION_FIELDS] as const;
const TRANSACT_UPDATE_FIELDS = ["Key", "UpdateExpression", ...CONDITION_FIELDS] as const;

export type TenantGetInput = Pick<GetCommandInput, (typeof GET_FIELDS)[number]>;
export type TenantPutInput = Pick<PutCommandInput, (typeof PUT_FIELDS)[number]>;
export type TenantDeleteInput = Pick<DeleteCommandInput, (typeof DELETE_FIELDS)[number]>;
export type TenantUpdateInput = Pick<UpdateCommandInput, (typeof UPDATE_FIELDS)[number]>;
export type TenantQueryInput = Pick<QueryCommandInput, (typeof QUERY_FIELDS)[number]>;

export type TenantBatchGetInput = Pick<GetCommandInput, (typeof READ_OPTION_FIELDS)[number]> & {
  readonly Keys: readonly TenantRecord[];
};
export type TenantBatchGetOutput = Omit<BatchGetCommandOutput, "Responses" | "UnprocessedKeys"> & {
  readonly Items: TenantRecord[];
  /** Keys DynamoDB did not process; retry them. */
  readonly UnprocessedKeys: TenantRecord[];
};

export type TenantWriteRequest =
  | { readonly PutRequest: { readonly Item: TenantRecord } }
  | { readonly DeleteRequest: { readonly Key: TenantRecord } };
export interface TenantBatchWriteInput {
  readonly RequestItems: readonly TenantWriteRequest[];
}
export type TenantBatchWriteOutput = Omit<BatchWriteCommandOutput, "UnprocessedItems"> & {
  /** Requests DynamoDB did not process; retry them. */
  readonly UnprocessedItems: TenantWriteRequest[];
};

export interface TenantTransactGetInput {
  readonly TransactItems: readonly {
    readonly Get: Pick<GetCommandInput, (typeof TRANSACT_GET_FIELDS)[number]>;
  }[];
}

export type TenantTransactWriteItem =
  | { readonly Put: Pick<PutCommandInput, (typeof TRANSACT_PUT_FIELDS)[number]> }
  | { readonly Delete: Pick<DeleteCommandInput, (typeof TRANSACT_KEY_FIELDS)[number]> }
  | {
      readonly Update: Pick<UpdateCommandInput, (typeof TRANSACT_UPDATE_FIELDS)[number]> & {
        readonly UpdateExpression: string;
      };
    }
  | {
      readonly ConditionCheck: Pick<DeleteCommandInput, (typeof TRANSACT_KEY_FIELDS)[number]> & {
        readonly ConditionExpression: string;
      };
    };
export interface TenantTransactWriteInput {
  readonly TransactItems: readonly TenantTransactWriteItem[];
  readonly ClientRequestToken?: string;
}

/**
 * DynamoDB document client bound to one tenant and the shared table. `pk` values are stored as
 * `<tenantId>#<pk>` and returned without the prefix; keys containing `#` and expressions that
 * compare `pk` are refused before any request is sent. The partition key attribute of each
 * declared secondary index is treated like `pk`: prefixed when an item carries it, checked and
 * stripped on the way back, and the only `=` comparison of an index query.
 *
 * Scan is deliberately absent: the tenant role is not granted `dynamodb:Scan` (a keyless
 * operation carries no `dynamodb:LeadingKeys`, so no IAM condition could confine it), and a
 * filtered scan would read every tenant's items to return one tenant's. Use `query` on your
 * own partition keys instead; `scan()` exists only to fail with a typed error.
 *
 * @example
 * ```ts
 * await ctx.dynamodb.put({ Item: { pk: "order-1", sk: "meta", total: 42 } });
 * const { Item } = await ctx.dynamodb.get({ Key: { pk: "order-1", sk: "meta" } });
 * ```
 */
export class TenantDynamoDb {
  // Real private state: handler code must not reach a client that skips the checks.
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #tenantId: string;
  readonly #prefix: string;
  readonly #indexes: ReadonlyMap<string, TenantIndex>;
  /** `pk` and every index partition key: attributes whose values carry the tenant prefix. */
  readonly #scoped: ScopedAttributes;
  /** The index partition keys other than `pk`. */
  readonly #indexKeys: readonly string[];

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    tenantId: string,
    indexes: readonly TenantIndex[] = [],
  ) {
    this.#client = client;
    this.#tableName = tableName;
    this.#tenantId = tenantId;
    this.#prefix = tenantKeyPrefix(tenantId);
    this.#indexes = new Map(indexes.map((index) => [index.name, index]));
    this.#indexKeys = [...new Set(indexes.map((index) => index.partitionKey))].filter(
      (key) => key !== PARTITION_KEY,
    );
    this.#scoped = new Set([PARTITION_KEY, ...this.#indexKeys]);
  }

  /** The tenant whose data this client reaches; it cannot be changed. */
  get tenantId(): string {
    return this.#tenantId;
  }

  async get(untrusted: TenantGetInput): Promise<GetCommandOutput> {
    const input = plainSnapshot(untrusted, "get");
    allowOnly(input, GET_FIELDS, "get");
    const pkProjection = withPartitionKeyProjected(
      input.ProjectionExpression,
      input.ExpressionAttributeNames,
    );
    const out = await this.#client.send(
      new GetCommand({
        ...input,
        ...pkProjection,
        TableName: this.#tableName,
        Key: this.toStored(input.Key, "Key"),
      }),
    );
    if (out.Item) out.Item = this.readItem(out.Item, pkProjection !== undefined);
    return out;
  }

  async put(untrusted: TenantPutInput): Promise<PutCommandOutput> {
    const input = plainSnapshot(untrusted, "put");
    allowOnly(input, PUT_FIELDS, "put");
    assertConditionSafe(
      "ConditionExpression",
      input.ConditionExpression,
      input.ExpressionAttributeNames,
      this.#scoped,
    );
    const out = await this.#client.send(
      new PutCommand({
        ...input,
        TableName: this.#tableName,
        Item: this.toStoredItem(input.Item),
      }),
    );
    this.checkReturnedAttributes(out.Attributes);
    return out;
  }

  async update(untrusted: TenantUpdateInput): Promise<UpdateCommandOutput> {
    const input = plainSnapshot(untrusted, "update");
    allowOnly(input, UPDATE_FIELDS, "update");
    const out = await this.#client.send(
      new UpdateCommand({
        ...input,
        ...this.checkedUpdate(input),
        TableName: this.#tableName,
        Key: this.toStored(input.Key, "Key"),
      }),
    );
    this.checkReturnedAttributes(out.Attributes);
    return out;
  }

  async delete(untrusted: TenantDeleteInput): Promise<DeleteCommandOutput> {
    const input = plainSnapshot(untrusted, "delete");
    allowOnly(input, DELETE_FIELDS, "delete");
    assertConditionSafe(
      "ConditionExpression",
      input.ConditionExpression,
      input.ExpressionAttributeNames,
      this.#scoped,
    );
    const out = await this.#client.send(
      new DeleteCommand({
        ...input,
        TableName: this.#tableName,
        Key: this.toStored(input.Key, "Key"),
      }),
    );
    this.checkReturnedAttributes(out.Attributes);
    return out;
  }

  /**
   * Query one partition: `KeyConditionExpression` must be `pk = :v [AND <sk condition>]`, or with
   * a declared `IndexName`, `<index partition key> = :v [AND <index sort key condition>]`.
   */
  async query(untrusted: TenantQueryInput): Promise<QueryCommandOutput> {
    const input = plainSnapshot(untrusted, "query");
    allowOnly(input, QUERY_FIELDS, "query");
    const index = input.IndexName === undefined ? undefined : this.declaredIndex(input.IndexName);
    const names = input.ExpressionAttributeNames;
    const attribute = index?.partitionKey ?? PARTITION_KEY;
    const placeholder = partitionKeyPlaceholder(
      input.KeyConditionExpression,
      names,
      attribute,
      this.#scoped,
    );
    assertConditionSafe("FilterExpression", input.FilterExpression, names, this.#scoped);
    if (
      countPlaceholder(placeholder, [input.KeyConditionExpression, input.FilterExpression]) !== 1
    ) {
      throw new RequestRefusedError(
        "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
        `Value placeholder ${placeholder} is compared with ${attribute} and must not be used elsewhere`,
      );
    }
    const values = { ...input.ExpressionAttributeValues };
    // eslint-disable-next-line no-restricted-syntax -- a value placeholder always starts with ":"
    values[placeholder] = this.storedPartitionKey(
      values[placeholder],
      `ExpressionAttributeValues ${placeholder}`,
    );
    const pkProjection = withPartitionKeyProjected(input.ProjectionExpression, names);
    const out = await this.#client.send(
      new QueryCommand({
        ...input,
        ...pkProjection,
        TableName: this.#tableName,
        ExpressionAttributeValues: values,
        ExclusiveStartKey:
          input.ExclusiveStartKey === undefined
            ? undefined
            : this.toStoredStartKey(input.ExclusiveStartKey, index),
      }),
    );
    out.Items?.forEach((item) => this.readItem(item, pkProjection !== undefined));
    if (out.LastEvaluatedKey) this.readItem(out.LastEvaluatedKey, false);
    return out;
  }

  async batchGet(untrusted: TenantBatchGetInput): Promise<TenantBatchGetOutput> {
    const input = plainSnapshot(untrusted, "batchGet");
    allowOnly(input, BATCH_GET_FIELDS, "batchGet");
    const { Keys, ReturnConsumedCapacity, ...rest } = input;
    const keys = arrayOf(Keys, "batchGet Keys").map((key) => this.toStored(key, "Key"));
    const pkProjection = withPartitionKeyProjected(
      rest.ProjectionExpression,
      rest.ExpressionAttributeNames,
    );
    const out = await this.#client.send(
      new BatchGetCommand({
        RequestItems: { [this.#tableName]: { ...rest, ...pkProjection, Keys: keys } },
        ReturnConsumedCapacity,
      }),
    );
    const { Responses, UnprocessedKeys, ...meta } = out;
    return {
      ...meta,
      Items: (Responses?.[this.#tableName] ?? []).map((item) =>
        this.readItem(item, pkProjection !== undefined),
      ),
      UnprocessedKeys: (UnprocessedKeys?.[this.#tableName]?.Keys ?? []).map((key) =>
        this.readItem(key, false),
      ),
    };
  }

  async batchWrite(untrusted: TenantBatchWriteInput): Promise<TenantBatchWriteOutput> {
    const input = plainSnapshot(untrusted, "batchWrite");
    allowOnly(input, ["RequestItems"], "batchWrite");
    const requests = arrayOf(input.RequestItems, "batchWrite RequestItems").map((request) => {
      // Checked, not inferred from the first key found: a second operation would be dropped.
      assertOneOperation(request, ["PutRequest", "DeleteRequest"], "batchWrite requests");
      if ("PutRequest" in request) {
        allowOnly(request.PutRequest, ["Item"], "batchWrite PutRequest");
        return { PutRequest: { Item: this.toStoredItem(request.PutRequest.Item) } };
      }
      allowOnly(request.DeleteRequest, ["Key"], "batchWrite DeleteRequest");
      return { DeleteRequest: { Key: this.toStored(request.DeleteRequest.Key, "Key") } };
    });
    const { UnprocessedItems, ...meta } = await this.#client.send(
      new BatchWriteCommand({ RequestItems: { [this.#tableName]: requests } }),
    );
    return {
      ...meta,
      UnprocessedItems: (UnprocessedItems?.[this.#tableName] ?? []).map((request) =>
        request.PutRequest?.Item
          ? { PutRequest: { Item: this.readItem(request.PutRequest.Item, false) } }
          : { DeleteRequest: { Key: this.readItem(request.DeleteRequest?.Key ?? {}, false) } },
      ),
    };
  }

  async transactGet(untrusted: TenantTransactGetInput): Promise<TransactGetCommandOutput> {
    const input = plainSnapshot(untrusted, "transactGet");
    allowOnly(input, ["TransactItems"], "transactGet");
    const added: boolean[] = [];
    const items = arrayOf(input.TransactItems, "transactGet TransactItems").map((item) => {
      assertOneOperation(item, ["Get"], "transactGet items");
      const { Get } = item;
      allowOnly(Get, TRANSACT_GET_FIELDS, "transactGet Get");
      const pkProjection = withPartitionKeyProjected(
        Get.ProjectionExpression,
        Get.ExpressionAttributeNames,
      );
      added.push(pkProjection !== undefined);
      return {
        Get: {
          ...Get,
          ...pkProjection,
          TableName: this.#tableName,
          Key: this.toStored(Get.Key, "Key"),
        },
      };
    });
    const out = await this.#client.send(new TransactGetCommand({ TransactItems: items }));
    out.Responses?.forEach((r, i) => r.Item && this.readItem(r.Item, added[i] === true));
    return out;
  }

  async transactWrite(untrusted: TenantTransactWriteInput): Promise<TransactWriteCommandOutput> {
    const input = plainSnapshot(untrusted, "transactWrite");
    allowOnly(input, ["TransactItems", "ClientRequestToken"], "transactWrite");
    const items = arrayOf(input.TransactItems, "transactWrite TransactItems").map((item) =>
      this.toStoredTransactItem(item),
    );
    return this.#client.send(
      new TransactWriteCommand({
        TransactItems: items,
        ClientRequestToken: input.ClientRequestToken,
      }),
    );
  }

  /** Always throws `ERR_OPERATION_NOT_SUPPORTED`; see the class comment for why. */
  scan(): Promise<never> {
    return Promise.reject(
      new RequestRefusedError(
        "ERR_OPERATION_NOT_SUPPORTED",
        "Scan is not available to tenants: it reads the whole shared table and the tenant role is not allowed dynamodb:Scan; use query on your partition keys",
      ),
    );
  }

  private toStoredTransactItem(item: TenantTransactWriteItem) {
    assertOneOperation(item, TRANSACT_WRITE_OPERATIONS, "transactWrite items");
    const table = { TableName: this.#tableName };
    if ("Put" in item) {
      const { Put } = item;
      allowOnly(Put, TRANSACT_PUT_FIELDS, "transactWrite Put");
      assertConditionSafe(
        "ConditionExpression",
        Put.ConditionExpression,
        Put.ExpressionAttributeNames,
        this.#scoped,
      );
      return { Put: { ...Put, ...table, Item: this.toStoredItem(Put.Item) } };
    }
    if ("Delete" in item) {
      const { Delete } = item;
      allowOnly(Delete, TRANSACT_KEY_FIELDS, "transactWrite Delete");
      assertConditionSafe(
        "ConditionExpression",
        Delete.ConditionExpression,
        Delete.ExpressionAttributeNames,
        this.#scoped,
      );
      return { Delete: { ...Delete, ...table, Key: this.toStored(Delete.Key, "Key") } };
    }
    if ("Update" in item) {
      const { Update } = item;
      allowOnly(Update, TRANSACT_UPDATE_FIELDS, "transactWrite Update");
      return {
        Update: {
          ...Update,
          ...this.checkedUpdate(Update),
          ...table,
          Key: this.toStored(Update.Key, "Key"),
        },
      };
    }
    const { ConditionCheck } = item;
    allowOnly(ConditionCheck, TRANSACT_KEY_FIELDS, "transactWrite ConditionCheck");
    assertConditionSafe(
      "ConditionExpression",
      ConditionCheck.ConditionExpression,
      ConditionCheck.ExpressionAttributeNames,
      this.#scoped,
    );
    return {
      ConditionCheck: {
        ...ConditionCheck,
        ...table,
        Key: this.toStored(ConditionCheck.Key, "Key"),
      },
    };
  }

  /**
   * A page cursor names one item: only its key attributes (the table's, and the queried index's),
   * with `pk` and the index partition key confined like any key.
   */
  private toStoredStartKey(
    key: TenantRecord,
    index: TenantIndex | undefined,
  ): Record<string, unknown> {
    const allowed = [PARTITION_KEY, SORT_KEY];
    if (index !== undefined) allowed.push(index.partitionKey);
    if (index?.sortKey !== undefined) allowed.push(index.sortKey);
    const stored = this.toStored(key, "ExclusiveStartKey");
    if (Object.keys(stored).some((name) => !allowed.includes(name))) {
      throw new RequestRefusedError(
        "ERR_KEY_INVALID",
        `ExclusiveStartKey must hold only ${[...new Set(allowed)].join(" and ")}`,
      );
    }
    if (index !== undefined && index.partitionKey !== PARTITION_KEY) {
      const field = `ExclusiveStartKey.${index.partitionKey}`;
      // eslint-disable-next-line no-restricted-syntax -- a declared index key (checked by indexProblems), not input
      stored[index.partitionKey] = this.storedPartitionKey(stored[index.partitionKey], field);
    }
    return stored;
  }

  /** The declared index of that name; any other is refused (its partition key may not be scoped). */
  private declaredIndex(name: unknown): TenantIndex {
    const index = typeof name === "string" ? this.#indexes.get(name) : undefined;
    if (index === undefined) {
      const declared = [...this.#indexes.keys()];
      throw new RequestRefusedError(
        "ERR_INDEX_NOT_DECLARED",
        `IndexName ${JSON.stringify(name)} is not a declared tenant-scoped index (${declared.length === 0 ? "none are declared" : `declared: ${declared.join(", ")}`}); declare it in the stack's tenancy:indexes and pass it to the runtime`,
      );
    }
    return index;
  }

  /**
   * Checks an update's expressions and returns the values to send: each value an index partition
   * key is SET to gets the tenant prefix (and may be used nowhere else).
   */
  private checkedUpdate(
    input: Pick<
      TenantUpdateInput,
      | "UpdateExpression"
      | "ConditionExpression"
      | "ExpressionAttributeNames"
      | "ExpressionAttributeValues"
    >,
  ): { ExpressionAttributeValues?: Record<string, unknown> } {
    const names = input.ExpressionAttributeNames;
    const placeholders = assertUpdateSafe(input.UpdateExpression, names, this.#scoped);
    assertConditionSafe("ConditionExpression", input.ConditionExpression, names, this.#scoped);
    if (placeholders.length === 0) return {};
    const values = { ...input.ExpressionAttributeValues };
    for (const placeholder of placeholders) {
      if (countPlaceholder(placeholder, [input.UpdateExpression, input.ConditionExpression]) !== 1)
        throw new RequestRefusedError(
          "ERR_EXPRESSION_REFERENCES_PARTITION_KEY",
          `Value placeholder ${placeholder} sets an index partition key and must not be used elsewhere`,
        );
      // eslint-disable-next-line no-restricted-syntax -- a value placeholder always starts with ":"
      values[placeholder] = this.storedPartitionKey(
        values[placeholder],
        `ExpressionAttributeValues ${placeholder}`,
      );
    }
    return { ExpressionAttributeValues: values };
  }

  /**
   * An item to write: `pk` and every index partition key it carries get the tenant prefix. IAM
   * checks only the table's `pk` on writes, so this is what keeps an item out of another
   * tenant's index partitions.
   */
  private toStoredItem(record: TenantRecord | undefined): Record<string, unknown> {
    const stored = this.toStored(record, "Item");
    for (const key of this.#indexKeys) {
      if (Object.hasOwn(stored, key) && stored[key] !== undefined)
        // eslint-disable-next-line no-restricted-syntax -- a declared index key (checked by indexProblems), not input
        stored[key] = this.storedPartitionKey(stored[key], `Item.${key}`);
    }
    return stored;
  }

  /**
   * Application key or item -> stored form, refusing a `pk` that could leave the tenant. Works in
   * place: the record belongs to this call's snapshot of the input.
   */
  private toStored(record: TenantRecord | undefined, field: string): Record<string, unknown> {
    if (record === null || typeof record !== "object") {
      throw new RequestRefusedError(
        "ERR_KEY_INVALID",
        `${field} must be an object with a string pk`,
      );
    }
    record[PARTITION_KEY] = this.storedPartitionKey(record[PARTITION_KEY], `${field}.pk`);
    return record;
  }

  private storedPartitionKey(value: unknown, field: string): string {
    if (typeof value !== "string" || value === "") {
      throw new RequestRefusedError("ERR_KEY_INVALID", `${field} must be a non-empty string`);
    }
    // Refusing the delimiter outright rules out both another tenant's prefix and a doubled own
    // prefix; a logical key never needs it (use the sort key for hierarchy).
    if (value.includes(KEY_DELIMITER)) {
      throw new RequestRefusedError(
        "ERR_KEY_INVALID",
        `${field} must not contain '${KEY_DELIMITER}'`,
      );
    }
    return this.#prefix + value;
  }

  /**
   * Stored item or key -> application form, in place (the SDK's fresh output). Reads always
   * project `pk` (see {@link withPartitionKeyProjected}), so an item without it, or outside the
   * tenant, is an error, never data. `dropPartitionKey`: the caller's projection left `pk` out.
   */
  private readItem(
    record: Record<string, unknown>,
    dropPartitionKey: boolean,
  ): Record<string, unknown> {
    const pk = record[PARTITION_KEY];
    if (typeof pk !== "string" || !pk.startsWith(this.#prefix)) {
      throw new ForeignDataError(`DynamoDB returned an item outside tenant ${this.#tenantId}`);
    }
    if (dropPartitionKey) delete record[PARTITION_KEY];
    else record[PARTITION_KEY] = pk.slice(this.#prefix.length);
    return this.readIndexKeys(record);
  }

  /**
   * Strips the prefix from the index partition keys a record carries. One without the tenant's
   * prefix was written around the runtime and could sit in another tenant's index partition:
   * refused like foreign data.
   */
  private readIndexKeys(record: Record<string, unknown>): Record<string, unknown> {
    for (const key of this.#indexKeys) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (typeof value !== "string" || !value.startsWith(this.#prefix)) {
        throw new ForeignDataError(
          `DynamoDB returned an item whose index key ${key} lies outside tenant ${this.#tenantId}`,
        );
      }
      // eslint-disable-next-line no-restricted-syntax -- a declared index key (checked by indexProblems), not input
      record[key] = value.slice(this.#prefix.length);
    }
    return record;
  }

  /**
   * Attributes a write returns belong to the key it was sent with; `UPDATED_OLD`/`UPDATED_NEW`
   * never hold `pk` (a key cannot be updated), the `ALL_*` forms hold it and are checked.
   */
  private checkReturnedAttributes(record: Record<string, unknown> | undefined): void {
    if (record === undefined) return;
    if (record[PARTITION_KEY] !== undefined) this.readItem(record, false);
    else this.readIndexKeys(record);
  }
}

function allowOnly(input: object, allowed: readonly string[], operation: string): void {
  if (typeof input !== "object" || input === null) {
    throw new RequestRefusedError("ERR_PARAMETER_NOT_SUPPORTED", `${operation} must be an object`);
  }
  for (const field of Object.keys(input)) {
    if (!allowed.includes(field)) {
      throw new RequestRefusedError(
        "ERR_PARAMETER_NOT_SUPPORTED",
        `${operation} does not accept ${field}`,
      );
    }
  }
}

function arrayOf<T>(value: readonly T[], field: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new RequestRefusedError("ERR_PARAMETER_NOT_SUPPORTED", `${field} must be an array`);
  }
  return value;
}

/** A batch or transaction item names exactly one operation and nothing beside it. */
function assertOneOperation(item: unknown, operations: readonly string[], what: string): void {
  // A string's keys are its indexes and other primitives have none: never an operation name.
  const fields = Object.keys(item ?? {});
  if (fields.length !== 1 || !operations.includes(fields[0] as string)) {
    throw new RequestRefusedError(
      "ERR_PARAMETER_NOT_SUPPORTED",
      `${what} must each hold exactly one of ${operations.join(", ")}`,
    );
  }
}
