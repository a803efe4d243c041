/**
 * Mocha root hook for the mutation run only: drops the pack's process-wide caches
 * (policypack/lib/caches.ts) before each test. Stryker runs many mutants, and first the dry run
 * that decides which tests cover which mutant, in one process; a cached answer would come from
 * the unmutated code or another mutant, and would hide from the dry run the code a test reaches.
 */
import { dropCaches } from "../policypack/lib/caches";

export const mochaHooks = {
  beforeEach(): void {
    dropCaches();
  },
};
