import { registerCache } from "./caches";

const compiled = new Map<string, RegExp>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => compiled.clear());

/** IAM wildcard match: `*` is any run of characters (colons included), `?` exactly one. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    const body = pattern
      .split("")
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    compiled.set(key, regex);
  }
  return regex.test(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}
