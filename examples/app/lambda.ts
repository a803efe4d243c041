// The Lambda entry point that esbuild bundles (examples/bundleExampleApp.ts): one bundle, one
// exported handler per function (`index.notes`, `index.files`, `index.ask`), each configured
// from the function's environment by the runtime's fromEnv() on its first request.
import { exampleHandlers } from "./handlers";

export const { notes, files, ask } = exampleHandlers();
