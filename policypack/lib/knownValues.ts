import { UnknownValueError } from "@pulumi/policy";

/** Marks a value the engine does not know yet (preview of a value computed from outputs). */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** How unknowns travel in the engine's protobuf structs. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Copies the SDK's property proxy into plain data, turning every unknown into {@link UNKNOWN}.
 * The SDK's proxy throws `UnknownValueError` on access, which the SDK would downgrade to an
 * advisory; reading everything here first is how the pack fails closed instead.
 */
export function knownCopy(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) items.push(readOrUnknown(() => value[i]));
    return items;
  }
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      copy[key] = readOrUnknown(() => (value as Record<string, unknown>)[key]);
    return copy;
  }
  return value;
}

function readOrUnknown(read: () => unknown): unknown {
  try {
    return knownCopy(read());
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknown);
  return false;
}
