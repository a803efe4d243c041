import { parseArgs, ParseArgsConfig } from "node:util";
import { QuotaError, TenancyError, TenantsFileError } from "../components/errors";
import { OfflineRun, prepareOfflineRun } from "./offlineRun";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What the user typed: the shared options, and the command's own under their names. */
export interface OfflineCommandOptions {
  readonly json: boolean;
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

/**
 * Runs an offline command (`npm start`, `npm run prove`): parses `--tenants`, `--stack`, `--json`,
 * `--help` and the command's own `options`, validates the stack config and tenants file (exit 2
 * with every problem), then hands the validated run to `command`, whose result is the exit code.
 * An unknown option prints the usage and exits 2.
 */
export function runOfflineCommand(
  usage: string,
  command: (run: OfflineRun, options: OfflineCommandOptions) => Promise<number>,
  options: Options = {},
): void {
  execute(usage, command, options).then(
    // A large report to a pipe is written asynchronously: exit only once it is flushed.
    (code) => process.stdout.write("", () => process.exit(code)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

async function execute(
  usage: string,
  command: (run: OfflineRun, options: OfflineCommandOptions) => Promise<number>,
  own: Options,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        tenants: { type: "string" },
        stack: { type: "string", default: "dev" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
        ...own,
      },
    }));
  } catch (error) {
    // parseArgs names the unknown or malformed option; a stack trace would add nothing.
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const json = values.json === true;
  try {
    const run = prepareOfflineRun({
      tenantsFile: values.tenants as string | undefined,
      stack: (values.stack as string | undefined) ?? "dev",
    });
    return await command(run, { json, values });
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (json) {
      const issues =
        error instanceof TenantsFileError || error instanceof QuotaError ? error.issues : [];
      console.log(
        JSON.stringify({ error: { code: error.code, message: error.message, issues } }, null, 2),
      );
    } else {
      console.error(error.message);
    }
    return 2;
  }
}
