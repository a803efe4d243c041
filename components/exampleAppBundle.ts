import { buildSync, formatMessagesSync, type BuildFailure } from "esbuild";
import { join, resolve } from "node:path";
import { ExampleAppBundleError } from "./errors";

const PROJECT_DIR = resolve(__dirname, "..");

/** The Lambda entry point: one export per function (`notes`, `files`, `ask`). */
export const EXAMPLE_APP_ENTRY = join(PROJECT_DIR, "examples", "app", "lambda.ts");

/** The Lambda runtime the example runs on, and the syntax level esbuild may emit for it. */
export const EXAMPLE_APP_LAMBDA_RUNTIME = "nodejs24.x";
const ESBUILD_TARGET = "node24";

/**
 * Left out of the bundle: the SDK requires it inside a try only for SigV4a signing
 * (multi-region access points), which the app never uses.
 */
export const OPTIONAL_SDK_MODULES = ["@aws-sdk/signature-v4-crt"];

/**
 * Bundles the example app with the runtime and its AWS SDK clients into one CommonJS file, at
 * plan time, in memory: no build step before `pulumi up`, and the same code under the offline
 * mock engine. The SDK is bundled rather than taken from Lambda's copy, so the function runs
 * the versions the tests ran. Same sources, same bytes: an unchanged app is no code update.
 */
export function bundleExampleApp(entry: string = EXAMPLE_APP_ENTRY): string {
  try {
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: PROJECT_DIR,
      bundle: true,
      platform: "node",
      target: ESBUILD_TARGET,
      format: "cjs",
      // ES modules first: jsonc-parser's "main" is a UMD build whose requires esbuild cannot
      // follow (the bundle would fail at load with "Cannot find module './impl/format'").
      mainFields: ["module", "main"],
      external: OPTIONAL_SDK_MODULES,
      minify: true,
      // The runtime's error classes name themselves after their constructor.
      keepNames: true,
      legalComments: "none",
      write: false,
      logLevel: "silent",
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error("esbuild wrote no output file");
    return output.text;
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const messages = Array.isArray(failure.errors)
      ? formatMessagesSync(failure.errors, { kind: "error" }).join("")
      : String(error);
    throw new ExampleAppBundleError(
      `The example app (${entry}) does not bundle, so it cannot be deployed with tenancy:exampleApp on. Fix the errors below, or turn the setting off (pulumi config set tenancy:exampleApp false):\n${messages}`,
      { cause: error },
    );
  }
}
