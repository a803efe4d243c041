/**
 * Mocha `require` hook for the mutation run only: resolves `@tenancy/runtime` and its subpaths to
 * runtime/src/*.ts next to this file (tsx compiles them), instead of the built runtime/dist the
 * package's exports name. Stryker mutates the sources in its sandbox; without this hook the tests
 * would load the unmutated dist and every runtime mutant would survive.
 */
import Module from "node:module";
import path from "node:path";

const PACKAGE = "@tenancy/runtime";
const sources = path.resolve(__dirname, "../runtime/src");

interface Resolver {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}
const resolver = Module as unknown as Resolver;
const resolveFilename = resolver._resolveFilename.bind(resolver);

resolver._resolveFilename = (request: string, ...rest: unknown[]): string => {
  if (request === PACKAGE) return path.join(sources, "index.ts");
  if (request.startsWith(`${PACKAGE}/`))
    return path.join(sources, `${request.slice(PACKAGE.length + 1)}.ts`);
  return resolveFilename(request, ...rest);
};
