import {
  AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import { MigrationInputError } from "../errors";
import { BackoffSettings, RetryCounter, withAwsRetry } from "../awsRetry";

export type Item = Record<string, AttributeValue>;

/** The source table's key attributes. */
export interface SourceKeySchema {
  readonly hashKey: string;
  readonly rangeKey: string;
}

export interface TableAccess {
  readonly client: DynamoDBClient;
  readonly counter: RetryCounter;
  readonly backoff?: BackoffSettings;
}

/**
 * The source's key attributes. The shared table's keys are strings `pk` (`<tenantId>#<key>`) and
 * `sk`, so the source needs a string or number partition key and a string sort key.
 */
export async function sourceKeySchema(
  access: TableAccess,
  table: string,
): Promise<SourceKeySchema> {
  const { Table } = await withAwsRetry(
    "DescribeTable",
    () => access.client.send(new DescribeTableCommand({ TableName: table })),
    access.counter,
    access.backoff,
  );
  const keyOf = (type: "HASH" | "RANGE") =>
    Table?.KeySchema?.find((key) => key.KeyType === type)?.AttributeName;
  const typeOf = (name: string | undefined) =>
    Table?.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
  const hashKey = keyOf("HASH");
  const rangeKey = keyOf("RANGE");
  if (hashKey === undefined || !["S", "N"].includes(typeOf(hashKey) ?? "")) {
    throw unsupported(table, `its partition key is of type ${typeOf(hashKey)}`);
  }
  if (rangeKey === undefined || typeOf(rangeKey) !== "S") {
    throw unsupported(
      table,
      rangeKey === undefined
        ? "it has no sort key, and the shared table's items need one"
        : `its sort key is of type ${typeOf(rangeKey)}, and the shared table's sort key is a string`,
    );
  }
  return { hashKey, rangeKey };
}

function unsupported(table: string, reason: string): MigrationInputError {
  return new MigrationInputError([
    {
      source: `table ${table}`,
      code: "ERR_UNSUPPORTED_KEY",
      message: `${reason}.`,
      fix: "migrate from a table with a string or number partition key and a string sort key (copy it into such a table first).",
    },
  ]);
}

/** The partition key's value as text: the part after `<tenantId>#` in the shared table. */
export function keyText(value: AttributeValue | undefined): string | undefined {
  return value?.S ?? value?.N;
}

export interface ScanPage {
  readonly items: Item[];
  readonly lastKey: Item | undefined;
}

/** Pages of one parallel-scan segment, from `startKey` on. */
export async function* scanSegment(
  access: TableAccess,
  input: Omit<ScanCommandInput, "ExclusiveStartKey">,
  startKey: Item | undefined,
): AsyncGenerator<ScanPage> {
  let exclusiveStartKey = startKey;
  do {
    const page = await withAwsRetry(
      "Scan",
      () => access.client.send(new ScanCommand({ ...input, ExclusiveStartKey: exclusiveStartKey })),
      access.counter,
      access.backoff,
    );
    exclusiveStartKey = page.LastEvaluatedKey;
    yield { items: page.Items ?? [], lastKey: exclusiveStartKey };
  } while (exclusiveStartKey !== undefined);
}

/** Every item of the table, scanned in `segments` parallel segments. */
export async function scanAll(
  access: TableAccess,
  input: Omit<ScanCommandInput, "ExclusiveStartKey" | "Segment" | "TotalSegments">,
  segments: number,
  onPage: (items: Item[]) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      for await (const page of scanSegment(
        access,
        { ...input, Segment: segment, TotalSegments: segments },
        undefined,
      )) {
        onPage(page.items);
      }
    }),
  );
}
