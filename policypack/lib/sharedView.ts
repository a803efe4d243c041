import { UnknownValueError } from "@pulumi/policy";
import { knownCopy, UNKNOWN } from "./knownValues";
import { isRecord } from "./policyDocument";
import { ResourceView } from "./resourceView";

/** Enough for every Analyze call the CLI keeps in flight, so a call's policies always find it. */
const KEPT_VIEWS = 256;
const recent = new Map<string, ResourceView>();

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
  const cached = recent.get(urn);
  if (
    cached !== undefined &&
    cached.type === type &&
    cached.name === name &&
    cached.parent === normalizedParent &&
    sameInputs(cached.props, props)
  )
    return cached;
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
  recent.set(urn, view);
  return view;
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
