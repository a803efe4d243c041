import { UnknownValueError } from "@pulumi/policy";
import { knownCopy, UNKNOWN } from "./knownValues";
import { isRecord } from "./policyDocument";
import { ResourceView } from "./resourceView";
import { registerCache } from "./caches";

/** Enough for every Analyze call the CLI keeps in flight, so a call's policies always find it. */
const KEPT_VIEWS = 256;
const recent = new Map<string, { readonly view: ResourceView; readonly raw: unknown }>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => recent.clear());

/**
 * The SDK's unknown-checking proxy answers these two keys with itself and its target (the
 * deserialized inputs, unknowns still as the engine's sentinel strings). Comparing targets avoids
 * a proxy, a path array and a try/catch per property read.
 */
const IS_SDK_PROXY = "__isSpecialProxy";
const SDK_PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * The view of a resource, shared by every policy of the pack. One Analyze call runs each resource
 * policy in turn, and the SDK hands each one its own freshly deserialized inputs; returning the
 * same view for the same URN and inputs lets what is derived from it (parsed documents, tenant
 * scope, the evaluated probes, see {@link perView}) be computed once per resource, not per policy.
 */
export function sharedView(
  type: string,
  urn: string,
  name: string,
  parent: string | undefined,
  props: unknown,
): ResourceView {
  const normalizedParent = parent === "" ? undefined : parent;
  const raw = rawInputs(props);
  const cached = recent.get(urn);
  if (
    cached !== undefined &&
    cached.view.type === type &&
    cached.view.name === name &&
    cached.view.parent === normalizedParent &&
    // Equal raw inputs read the same through the proxy; otherwise compare what they read as.
    (sameData(cached.raw, raw) || sameInputs(cached.view.props, props))
  )
    return cached.view;
  const copy = knownCopy(props);
  const view: ResourceView = {
    type,
    urn,
    name,
    parent: normalizedParent,
    props: isRecord(copy) ? copy : {},
  };
  recent.delete(urn);
  if (recent.size >= KEPT_VIEWS) recent.delete(recent.keys().next().value as string);
  recent.set(urn, { view, raw });
  return view;
}

/** The SDK proxy's target, or the inputs themselves when they are plain data (in process). */
function rawInputs(props: unknown): unknown {
  if (typeof props !== "object" || props === null) return props;
  const record = props as Record<string, unknown>;
  return record[IS_SDK_PROXY] === true ? record[SDK_PROXY_TARGET] : props;
}

/**
 * Structural equality of plain data (arrays, plain objects, primitives, symbols); anything else
 * (an asset object) is equal only to itself, so such inputs fall back to {@link sameInputs}.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !sameData(a[key], b[key])) return false;
  return true;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether the SDK's inputs (read through its unknown-checking proxy) are exactly what
 * {@link knownCopy} made of them before: compared in place, so a repeat costs no copy.
 */
function sameInputs(copy: unknown, value: unknown): boolean {
  if (Array.isArray(copy)) {
    if (!Array.isArray(value) || value.length !== copy.length) return false;
    return copy.every((item, index) => sameRead(item, () => value[index]));
  }
  if (isRecord(copy)) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    if (keys.length !== Object.keys(copy).length) return false;
    return keys.every(
      (key) =>
        Object.hasOwn(copy, key) &&
        sameRead(copy[key], () => (value as Record<string, unknown>)[key]),
    );
  }
  return copy === knownCopy(value);
}

function sameRead(copy: unknown, read: () => unknown): boolean {
  try {
    return sameInputs(copy, read());
  } catch (err) {
    if (err instanceof UnknownValueError) return copy === UNKNOWN;
    throw err;
  }
}
