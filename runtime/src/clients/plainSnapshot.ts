import { types } from "node:util";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { RequestRefusedError } from "../errors";

/**
 * Copies a client method's input into plain data, reading every property exactly once, so the
 * guards check and the SDK sends the very same values. Without it an input with getters (or a
 * Proxy) could show the guard `pk = :a` and the SDK `pk = :b`.
 *
 * Plain objects and arrays are copied (own enumerable data properties only); accessors,
 * Proxies, functions and class instances are refused with `ERR_INPUT_NOT_PLAIN`. Binary
 * payloads (typed arrays, `DataView`, `ArrayBuffer`, `Blob`) are copied byte for byte into a
 * fresh `Uint8Array` (a `Blob` into a fresh `Blob`): a binary object can carry own properties
 * (a getter `pk`, a `toJSON`) that the copy leaves behind. DynamoDB sets, maps and
 * `NumberValue`s are copied. Nesting deeper than 64 levels (a cycle) is
 * refused. Fields named in `opaque` (an S3 body, which may be a stream) are passed through.
 *
 * @example
 * ```ts
 * const input = plainSnapshot(untrusted, "query");
 * ```
 */
export function plainSnapshot<T>(value: T, operation: string, opaque?: readonly string[]): T {
  if (typeof value !== "object" || value === null || types.isProxy(value)) {
    throw notPlain(`${operation} input`, "must be a plain object");
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw notPlain(`${operation} input`, "must be a plain object");
  }
  return copyObject(value, `${operation} input`, 0, opaque) as T;
}

/** Deeper than any SDK input nests (DynamoDB allows 32 levels): a cycle, or not data. */
const MAX_DEPTH = 64;

function copy(value: unknown, path: string, depth: number): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function") throw notPlain(path, "is a function");
    return value;
  }
  // Before anything else: a Proxy's traps would run code on every inspection.
  if (types.isProxy(value)) throw notPlain(path, "is a Proxy");
  if (depth > MAX_DEPTH) {
    // The path of a cycle would repeat itself 64 times: name the input only.
    const input = path.split(/[.[]/, 1)[0] as string; // split always yields a first part
    throw notPlain(input, `nests deeper than ${MAX_DEPTH} levels (does it refer to itself?)`);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    return copyObject(value, path, depth + 1, undefined);
  }
  if (prototype === Array.prototype) return copyArray(value as unknown[], path, depth + 1);
  const binary = binaryCopy(value);
  if (binary !== undefined) return binary;
  if (prototype === Set.prototype) {
    return new Set([...(value as Set<unknown>)].map((member) => copy(member, path, depth + 1)));
  }
  if (prototype === Map.prototype) {
    const entries = [...(value as Map<unknown, unknown>)];
    return new Map(
      entries.map(([key, member]) => [key, copy(member, `${path}.${String(key)}`, depth + 1)]),
    );
  }
  if (prototype === NumberValue.prototype) {
    const digits: unknown = Object.getOwnPropertyDescriptor(value, "value")?.value;
    if (typeof digits === "string") return NumberValue.from(digits);
  }
  throw notPlain(path, "is not plain data (an object, array, Set, Map, string, number or binary)");
}

// The intrinsic accessors, read once: a binary object's own or inherited ones may be anything.
const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;
const viewFields = (prototype: object) =>
  (["buffer", "byteOffset", "byteLength"] as const).map(
    (name) => Object.getOwnPropertyDescriptor(prototype, name)?.get as (this: unknown) => unknown,
  );
const TYPED_ARRAY_FIELDS = viewFields(TYPED_ARRAY);
const DATA_VIEW_FIELDS = viewFields(DataView.prototype);
const sliceBlob = Blob.prototype.slice;

/** The bytes of a binary value in a fresh object, or undefined for any other value. */
function binaryCopy(value: object): Uint8Array | Blob | undefined {
  if (types.isArrayBufferView(value)) {
    const fields = types.isDataView(value) ? DATA_VIEW_FIELDS : TYPED_ARRAY_FIELDS;
    const [buffer, offset, length] = fields.map((read) => read.call(value)) as [
      ArrayBufferLike,
      number,
      number,
    ];
    return new Uint8Array(new Uint8Array(buffer, offset, length));
  }
  if (types.isAnyArrayBuffer(value)) return new Uint8Array(new Uint8Array(value));
  // Blob's own slice reads its internal bytes, and throws on an object that only inherits from it.
  if (value instanceof Blob) return sliceBlob.call(value) as Blob;
  return undefined;
}

function copyObject(
  value: object,
  path: string,
  depth: number,
  opaque: readonly string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Own enumerable names, then one descriptor each: on a non-Proxy neither runs a getter.
  for (const name of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name) as PropertyDescriptor;
    if (!("value" in descriptor)) throw notPlain(`${path}.${name}`, "is an accessor");
    const field =
      opaque?.includes(name) === true
        ? descriptor.value
        : copy(descriptor.value, `${path}.${name}`, depth);
    // defineProperty, not assignment: a "__proto__" key must stay data, not set the prototype.
    if (name === "__proto__") Object.defineProperty(out, name, dataProperty(field));
    // eslint-disable-next-line no-restricted-syntax -- "__proto__", the one dangerous key, is handled above
    else out[name] = field;
  }
  return out;
}

function copyArray(value: unknown[], path: string, depth: number): unknown[] {
  const length = value.length; // an array's own length is always a data property
  const out = new Array<unknown>(length);
  for (let i = 0; i < length; i += 1) {
    const descriptor = Object.getOwnPropertyDescriptor(value, i);
    if (descriptor === undefined) continue; // a hole stays a hole
    if (!("value" in descriptor)) throw notPlain(`${path}[${i}]`, "is an accessor");
    // eslint-disable-next-line no-restricted-syntax -- an array index, never a prototype key
    out[i] = copy(descriptor.value, `${path}[${i}]`, depth);
  }
  return out;
}

function dataProperty(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

function notPlain(path: string, detail: string): RequestRefusedError {
  return new RequestRefusedError("ERR_INPUT_NOT_PLAIN", `${path} ${detail}`);
}
