import { types } from "node:util";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { RequestRefusedError } from "../errors";

/**
 * Copies a client method's input into plain data, reading every property exactly once, so the
 * guards check and the SDK sends the very same values. Without it an input with getters (or a
 * Proxy) could show the guard `pk = :a` and the SDK `pk = :b`.
 *
 * Plain objects and arrays are copied (own enumerable data properties only); accessors,
 * Proxies, functions, cycles and class instances are refused with `ERR_INPUT_NOT_PLAIN`. Binary
 * payloads (typed arrays, `ArrayBuffer`, `Blob`) are passed through, since no guard reads them;
 * DynamoDB sets and `NumberValue`s are copied. Fields named in `opaque` (an S3 body, which may be
 * a stream) are passed through as they are.
 *
 * @example
 * ```ts
 * const input = plainSnapshot(untrusted, "query");
 * ```
 */
export function plainSnapshot<T>(value: T, operation: string, opaque: readonly string[] = []): T {
  if (typeof value !== "object" || value === null || types.isProxy(value)) {
    throw notPlain(`${operation} input`, "must be a plain object");
  }
  const ancestors = new Set<object>();
  return copyObject(value, `${operation} input`, ancestors, opaque) as T;
}

function copy(value: unknown, path: string, ancestors: Set<object>): unknown {
  if (typeof value === "function") throw notPlain(path, "is a function");
  if (typeof value !== "object" || value === null) return value;
  if (types.isProxy(value)) throw notPlain(path, "is a Proxy");
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Blob) {
    return value;
  }
  if (ancestors.has(value)) throw notPlain(path, "refers to itself");
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Array.prototype) return copyArray(value as unknown[], path, ancestors);
  if (prototype === Object.prototype || prototype === null) {
    return copyObject(value, path, ancestors, []);
  }
  if (prototype === Set.prototype) {
    ancestors.add(value);
    const members = [...(value as Set<unknown>)].map((member) => copy(member, path, ancestors));
    ancestors.delete(value);
    return new Set(members);
  }
  if (prototype === NumberValue.prototype) {
    const digits: unknown = Object.getOwnPropertyDescriptor(value, "value")?.value;
    if (typeof digits === "string") return NumberValue.from(digits);
  }
  throw notPlain(path, "is not plain data (an object, array, Set, string, number or binary)");
}

function copyObject(
  value: object,
  path: string,
  ancestors: Set<object>,
  opaque: readonly string[],
): Record<string, unknown> {
  ancestors.add(value);
  // One read of every own property; on a non-Proxy this never runs a getter.
  const descriptors = Object.getOwnPropertyDescriptors(value);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(descriptors)) {
    const descriptor = descriptors[name] as PropertyDescriptor;
    if (!descriptor.enumerable) continue;
    if (!("value" in descriptor)) throw notPlain(`${path}.${name}`, "is an accessor");
    const field = opaque.includes(name)
      ? descriptor.value
      : copy(descriptor.value, `${path}.${name}`, ancestors);
    // defineProperty, not assignment: a "__proto__" key must stay data, not set the prototype.
    if (name === "__proto__") Object.defineProperty(out, name, dataProperty(field));
    else out[name] = field;
  }
  ancestors.delete(value);
  return out;
}

function copyArray(value: unknown[], path: string, ancestors: Set<object>): unknown[] {
  ancestors.add(value);
  const descriptors = Object.getOwnPropertyDescriptors(value) as Record<
    string,
    PropertyDescriptor | undefined
  >;
  const length = descriptors.length?.value as number;
  const out = new Array<unknown>(length);
  for (let i = 0; i < length; i += 1) {
    const descriptor = descriptors[i];
    if (descriptor === undefined) continue;
    if (!("value" in descriptor)) throw notPlain(`${path}[${i}]`, "is an accessor");
    out[i] = copy(descriptor.value, `${path}[${i}]`, ancestors);
  }
  ancestors.delete(value);
  return out;
}

function dataProperty(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

function notPlain(path: string, detail: string): RequestRefusedError {
  return new RequestRefusedError("ERR_INPUT_NOT_PLAIN", `${path} ${detail}`);
}
