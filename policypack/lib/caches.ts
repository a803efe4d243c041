/**
 * The pack's process-wide caches (parsed documents, shared views, per-view results, compiled
 * patterns, the IAM reference), each registered with how to drop it. Only the mutation run drops
 * them (mutation/freshCaches.ts, before each test): Stryker runs many mutants in one process, and
 * an answer cached by the unmutated code or by another mutant would otherwise answer for the
 * mutant under test. The pack itself never drops them.
 */
const droppers: (() => void)[] = [];

/** Registers how to drop one cache; each cache calls it once, where it is created. */
export function registerCache(drop: () => void): void {
  droppers.push(drop);
}

/** Drops every registered cache: what is asked next is computed afresh. */
export function dropCaches(): void {
  for (const drop of droppers) drop();
}
