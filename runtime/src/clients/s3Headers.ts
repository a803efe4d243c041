import { validateHeaderName, validateHeaderValue } from "node:http";
import { RequestRefusedError } from "../errors";

/**
 * A caller value that S3 receives as an HTTP header (Content-Type, Range, metadata), checked
 * with Node's own header rules: CR/LF could otherwise inject headers, and any character Node
 * refuses would surface as a bare `ERR_INVALID_CHAR` (a 500) instead of a refusal (a 400).
 *
 * @example
 * ```ts
 * headerValue("contentType", "Content-Type", input.contentType);
 * ```
 */
export function headerValue(
  field: string,
  header: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isValidHeaderValue(header, value)) {
    throw invalid(
      `${field} must be a string without CR, LF or other characters invalid in a header`,
    );
  }
  return value;
}

/**
 * User metadata, sent as `x-amz-meta-<name>: <value>` headers: names must be header tokens,
 * values valid header values.
 *
 * @example
 * ```ts
 * metadataHeaders({ author: "alice" }); // ok
 * ```
 */
export function metadataHeaders(
  metadata: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  if (typeof metadata !== "object" || metadata === null) {
    throw invalid("metadata must be an object of strings");
  }
  for (const [name, value] of Object.entries(metadata)) {
    const header = `x-amz-meta-${name}`;
    try {
      validateHeaderName(header);
    } catch {
      throw invalid(`metadata name ${JSON.stringify(name)} is not a valid header name`);
    }
    headerValue(`metadata ${JSON.stringify(name)}`, header, value);
  }
  return metadata;
}

function isValidHeaderValue(header: string, value: string): boolean {
  try {
    validateHeaderValue(header, value);
    return true;
  } catch {
    return false;
  }
}

function invalid(message: string): RequestRefusedError {
  return new RequestRefusedError("ERR_HEADER_VALUE_INVALID", message);
}
