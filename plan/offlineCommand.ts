import { parseArgs } from "node:util";
import { TenancyError, TenantsFileError } from "../components/errors";
import { OfflineRun, prepareOfflineRun } from "./offlineRun";

/** The options every offline command shares, as the user typed them. */
export interface OfflineCommandOptions {
  readonly json: boolean;
}

/**
 * Runs an offline command (`npm start`, `npm run prove`): parses `--tenants`, `--stack`, `--json`
 * and `--help`, validates the stack config and tenants file (exit 2 with every problem), then
 * hands the validated run to `command`, whose result is the exit code.
 */
export function runOfflineCommand(
  usage: string,
  command: (run: OfflineRun, options: OfflineCommandOptions) => Promise<number>,
): void {
  execute(usage, command).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

async function execute(
  usage: string,
  command: (run: OfflineRun, options: OfflineCommandOptions) => Promise<number>,
): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenants: { type: "string" },
      stack: { type: "string", default: "dev" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const json = values.json ?? false;
  let run;
  try {
    run = prepareOfflineRun({ tenantsFile: values.tenants, stack: values.stack ?? "dev" });
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (json) {
      const issues = error instanceof TenantsFileError ? error.issues : [];
      console.log(
        JSON.stringify({ error: { code: error.code, message: error.message, issues } }, null, 2),
      );
    } else {
      console.error(error.message);
    }
    return 2;
  }
  return command(run, { json });
}
