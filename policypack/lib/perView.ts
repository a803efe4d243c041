import { registerCache } from "./caches";
import { ResourceView } from "./resourceView";

/**
 * Memoizes a derivation of a view: the pack's policies share one view per resource (see
 * sharedView), so each derivation runs once per resource. The further arguments (settings, known
 * profiles) are compared by identity; the last result per view is kept. Results are shared, so
 * they are read-only.
 */
export function perView<Args extends readonly unknown[], Result>(
  derive: (view: ResourceView, ...args: Args) => Result,
): (view: ResourceView, ...args: Args) => Result {
  let last = new WeakMap<ResourceView, { readonly args: Args; readonly result: Result }>();
  // Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
  registerCache(() => {
    last = new WeakMap();
  });
  return (view, ...args) => {
    const hit = last.get(view);
    if (hit !== undefined && sameArgs(hit.args, args)) return hit.result;
    const result = derive(view, ...args);
    last.set(view, { args, result });
    return result;
  };
}

function sameArgs(kept: readonly unknown[], asked: readonly unknown[]): boolean {
  if (kept.length !== asked.length) return false;
  for (let index = 0; index < kept.length; index += 1)
    if (kept[index] !== asked[index]) return false;
  return true;
}
