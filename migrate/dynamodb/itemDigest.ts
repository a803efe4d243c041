import { AttributeValue } from "@aws-sdk/client-dynamodb";
import { createHash } from "node:crypto";
import { SHARED_PARTITION_KEY, SHARED_SORT_KEY } from "./destinationItem";
import { Item } from "./sourceTable";

/**
 * SHA-256 of an item's content without the shared table's key attributes (which the migration
 * rewrites): equal digests mean the destination holds the source item unchanged. Map keys and
 * set members are sorted, since DynamoDB returns them in no fixed order.
 */
export function itemContentDigest(item: Item): string {
  const content = Object.fromEntries(
    Object.entries(item).filter(
      ([name]) => name !== SHARED_PARTITION_KEY && name !== SHARED_SORT_KEY,
    ),
  );
  return createHash("sha256")
    .update(canonical({ M: content }))
    .digest("hex");
}

function canonical(value: AttributeValue): string {
  if (value.M !== undefined) {
    const entries = Object.keys(value.M)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonical(value.M?.[name] as AttributeValue)}`);
    return `{M:{${entries.join(",")}}}`;
  }
  if (value.L !== undefined) return `{L:[${value.L.map(canonical).join(",")}]}`;
  if (value.B !== undefined) return `{B:${Buffer.from(value.B).toString("base64")}}`;
  if (value.SS !== undefined) return `{SS:${JSON.stringify([...value.SS].sort())}}`;
  if (value.NS !== undefined) return `{NS:${JSON.stringify([...value.NS].sort())}}`;
  if (value.BS !== undefined) {
    return `{BS:${JSON.stringify(value.BS.map((b) => Buffer.from(b).toString("base64")).sort())}}`;
  }
  return JSON.stringify(value);
}
