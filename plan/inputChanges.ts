/**
 * Top-level inputs that differ between a planned resource and a recorded one (another plan, or
 * a stack export). A stack export also records provider defaults the program never set, listed
 * in `__defaults`, so only keys the program sets, or set before, count.
 */
export function changedInputs(
  planned: Readonly<Record<string, unknown>>,
  recorded: Readonly<Record<string, unknown>>,
): string[] {
  const defaulted = new Set(
    Array.isArray(recorded.__defaults) ? recorded.__defaults.map(String) : [],
  );
  const keys = new Set([...Object.keys(planned), ...Object.keys(recorded)]);
  keys.delete("__defaults");
  return [...keys]
    .filter((key) => (key in planned ? differs(planned[key], recorded[key]) : !defaulted.has(key)))
    .sort();
}

/** Whether the planned value differs from the recorded one, counting only keys it sets. */
export function differs(planned: unknown, recorded: unknown): boolean {
  if (Array.isArray(planned)) {
    return (
      !Array.isArray(recorded) ||
      recorded.length !== planned.length ||
      planned.some((item, i) => differs(item, recorded[i]))
    );
  }
  if (typeof planned === "object" && planned !== null) {
    if (typeof recorded !== "object" || recorded === null) return true;
    return Object.entries(planned).some(([key, value]) =>
      differs(value, (recorded as Record<string, unknown>)[key]),
    );
  }
  return planned !== recorded;
}
