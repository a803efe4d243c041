/**
 * Mocha `require` hook for the mutation run only. Mocha loads a spec with require() and, when that
 * throws, loads it again with import(). A mutant that makes a runtime module throw while loading
 * (a static mutant) then had its spec loaded as an ES module, whose resolution takes
 * `@tenancy/runtime` to the built runtime/dist past runtimeFromSources.ts: the spec ran against
 * unmutated code and the mutant survived. Here a TypeScript spec is loaded by require() alone, so
 * the mutant's load error reaches Stryker instead.
 */
import { createRequire } from "node:module";

interface MochaEsmUtils {
  requireOrImport?: (file: string, ...rest: unknown[]) => Promise<unknown>;
}

const requireFromHere = createRequire(__filename);
const esmUtils = requireFromHere("mocha/lib/nodejs/esm-utils") as MochaEsmUtils;
const requireOrImport = esmUtils.requireOrImport;
// Fail loudly if mocha changes its loader, rather than let the ES module retry come back.
if (requireOrImport === undefined)
  throw new Error("mocha/lib/nodejs/esm-utils has no requireOrImport: update specsByRequire.ts");
esmUtils.requireOrImport = async (file, ...rest) =>
  file.endsWith(".ts") ? requireFromHere(file) : requireOrImport(file, ...rest);
