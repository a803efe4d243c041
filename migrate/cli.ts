// `npm run migrate -- <users|dynamodb|s3|verify> [options]`: brings an existing application's
// users, items and objects under tenant isolation. Plans by default; writes only with --apply.
import { TenancyError } from "../components/errors";
import { CommandValues, parseCommandLine, Step } from "./commandLine";
import { MigrationError, RetriesExhaustedError } from "./errors";
import { formatReport } from "./formatReport";
import { progressReporter } from "./progressBar";
import { runStep, StepOutcome } from "./runStep";
import { writeReport } from "./stepReport";

const USAGE = `Usage: npm run migrate -- <step> [options]     (plan only unless --apply)
Steps, in runbook order:
  users     set custom:tenantId and the group tenant-<id> on existing users
  dynamodb  copy items into the shared table under <tenantId>#<pk>
  s3        copy objects into the shared bucket under tenants/<tenantId>/
  verify    compare source and destination per tenant; exit 1 on any difference
Common:
  --apply | --dry-run      write, or only plan (the default)
  --report FILE            write the full JSON report to FILE
  --json                   print the report as JSON on stdout
  --stack NAME             Pulumi.<NAME>.yaml names the table, bucket and tenants file (default: dev)
  --tenants FILE           tenants file instead of the stack's tenancy:tenantsFile
  --account-id ID          the account the stack runs in (the bucket's name holds it)
  --region, --dynamodb-endpoint, --s3-endpoint, --cognito-endpoint URL   (emulators, tests)
users:    --user-pool-id ID (stack output userPoolId) and one of
          --mapping FILE (CSV or JSON: username|email|sub, tenantId) | --from-attribute NAME |
          --from-group-prefix PREFIX;  --rate N requests/s per Cognito quota category (default 20)
dynamodb: --source-table NAME (default: the shared table) and one of --tenant-attribute NAME |
          --key-pattern REGEX (named group "tenant", on the partition key) | --mapping FILE (pk, tenantId);
          --segments N (default 4), --checkpoint FILE, --delete-source (after full verification)
s3:       --source-bucket NAME [--source-prefix P] and one of --mapping FILE (prefix, tenantId) |
          --key-pattern REGEX (groups "tenant" and optional "path"); --multipart-threshold BYTES,
          --part-size BYTES, --checkpoint FILE, --delete-source (after full verification)
verify:   the dynamodb, s3 and users options of the parts to check; --samples N|all (default 100
          per tenant); --version-attribute NAME (a newer destination item is not a difference)
Exit codes: 0 done, 1 verification failed or conflicts found, 2 bad input (nothing written).`;

async function main(argv: string[]): Promise<number> {
  let step: Step | undefined;
  let values: CommandValues;
  try {
    ({ step, values } = parseCommandLine(argv));
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (step === undefined) {
    console.log(USAGE);
    return 0;
  }
  let outcome: StepOutcome;
  try {
    outcome = await runStep(step, values, progressReporter());
  } catch (error) {
    if (!(error instanceof TenancyError || error instanceof MigrationError)) throw error;
    console.error(error.message);
    // Failures that outlast every retry are not bad input: the same command resumes.
    return error instanceof RetriesExhaustedError ? 1 : 2;
  }
  writeReport(values.report, outcome.report);
  console.log(values.json ? JSON.stringify(outcome.report, null, 2) : formatReport(outcome.report));
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  // A large report to a pipe is written asynchronously: exit only once it is flushed.
  (code) => process.stdout.write("", () => process.exit(code)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
