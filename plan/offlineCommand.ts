import { parseArgs } from "node:util";
import { TenancyError, TenantsFileError } from "../components/errors";
import { OfflineRun, prepareOfflineRun } from "./offlineRun";

/** The options every offline command shares, as the user typed them. */
export interface OfflineCommandOptions {
  readonly json: boolean;
  /** `--against FILE`: a `pulumi stack export` of the deployed stack, for commands that take one. */
  readonly against?: string;
}

/**
 * Runs an offline command (`npm start`, `npm run prove`): parses `--tenants`, `--stack`, `--json`
 * and `--help`, validates the stack config and tenants file (exit 2 with every problem), then
 * hands the validated run to `command`, whose result is the exit code.
 */
export function runOfflineCommand(
  usage: string,
  command: (run: OfflineRun, options: OfflineCommandOptions) => Promise<number>,
  accepts: { readonly against?: boolean } = {},
): void {
  execute(usage, command, accepts).then(
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
  accepts: { readonly against?: boolean },
): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenants: { type: "string" },
      stack: { type: "string", default: "dev" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      ...(accepts.against ? { against: { type: "string" as const } } : {}),
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
  const against = (values as { against?: string }).against;
  return command(run, { json, ...(against === undefined ? {} : { against }) });
}
