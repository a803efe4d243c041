import {
  CommandValues,
  exactlyOne,
  keyPattern,
  positiveInteger,
  required,
  Step,
} from "./commandLine";
import { DeclaredTenants } from "./declaredTenants";
import { MigrationArgumentError } from "./errors";
import { indexMapping } from "./mappingIndex";
import { ProgressReporter } from "./progressBar";
import { StepReport } from "./stepReport";
import { awsClients, stackTarget, StackTarget } from "./stackTarget";
import { readMappingFile } from "./tenantMapping";
import { RetryCounter } from "./awsRetry";
import { ITEM_KEY_FIELDS, ItemTenantRule } from "./dynamodb/itemTenantRule";
import { migrateItems } from "./dynamodb/migrateItems";
import { sourceKeySchema } from "./dynamodb/sourceTable";
import { COPY_OBJECT_LIMIT_BYTES, DEFAULT_PART_BYTES, MIN_PART_BYTES } from "./s3/multipartCopy";
import { migrateObjects } from "./s3/migrateObjects";
import { checkPrefixMapping, OBJECT_KEY_FIELDS, ObjectTenantRule } from "./s3/objectTenantRule";
import { DEFAULT_USER_UPDATES_PER_SECOND, migrateUsers } from "./users/migrateUsers";
import { USER_KEY_FIELDS, UserTenantRule } from "./users/userTenantRule";
import { verifyMigration } from "./verify/verifyMigration";

export interface StepOutcome {
  readonly report: StepReport;
  readonly exitCode: number;
}

type Clients = ReturnType<typeof awsClients>;

/** Builds the step's inputs from the command line and the stack, then runs it. */
export async function runStep(
  step: Step,
  values: CommandValues,
  progress: ProgressReporter,
): Promise<StepOutcome> {
  const target = stackTarget({
    stack: values.stack,
    tenantsFile: values.tenants,
    accountId: values["account-id"],
    region: values.region,
  });
  const clients = awsClients(target.region, {
    dynamodb: values["dynamodb-endpoint"],
    s3: values["s3-endpoint"],
    cognito: values["cognito-endpoint"],
  });
  const counter: RetryCounter = { throttled: 0, transient: 0 };
  const apply = values.apply;
  switch (step) {
    case "users": {
      const report = await migrateUsers({
        ...userPool(values, clients, counter),
        rule: userRule(values, target.tenants),
        tenants: target.tenants,
        apply,
        ratePerSecond: positiveInteger(values, "rate", DEFAULT_USER_UPDATES_PER_SECOND),
        progress,
      });
      return { report, exitCode: report.conflicts.length > 0 ? 1 : 0 };
    }
    case "dynamodb": {
      const source = await itemSource(values, target, clients, counter);
      const report = await migrateItems({
        ...source,
        apply,
        deleteSource: values["delete-source"],
        checkpointFile:
          values.checkpoint ?? `migrate-dynamodb-${source.sourceTable}.checkpoint.json`,
        progress,
      });
      return { report, exitCode: report.verification?.ok === false ? 1 : 0 };
    }
    case "s3": {
      const source = objectSource(values, target, clients, counter);
      const partBytes = positiveInteger(values, "part-size", DEFAULT_PART_BYTES);
      if (partBytes < MIN_PART_BYTES) {
        throw new MigrationArgumentError(
          `--part-size: ${partBytes} bytes is below S3's minimum part of ${MIN_PART_BYTES} bytes (5 MiB). Fix: pass ${MIN_PART_BYTES} or more.`,
        );
      }
      const report = await migrateObjects({
        ...source,
        multipartThreshold: positiveInteger(values, "multipart-threshold", COPY_OBJECT_LIMIT_BYTES),
        partBytes,
        apply,
        deleteSource: values["delete-source"],
        checkpointFile: values.checkpoint ?? `migrate-s3-${source.sourceBucket}.checkpoint.json`,
        progress,
      });
      const clean = report.totals.conflicts + report.totals.checksumMismatches === 0;
      return { report, exitCode: clean && report.verification?.ok !== false ? 0 : 1 };
    }
    case "verify": {
      const samples = values.samples ?? "100";
      const samplesPerTenant = samples === "all" ? "all" : positiveInteger(values, "samples", 100);
      if (
        values["source-table"] === undefined &&
        values["source-bucket"] === undefined &&
        values["user-pool-id"] === undefined
      ) {
        throw new MigrationArgumentError(
          "verify needs the parts to check. Fix: pass --source-table (with its tenant rule), --source-bucket (with its rule) and/or --user-pool-id.",
        );
      }
      const report = await verifyMigration({
        items:
          values["source-table"] !== undefined
            ? {
                ...(await itemSource(values, target, clients, counter)),
                samplesPerTenant,
                versionAttribute: values["version-attribute"],
              }
            : undefined,
        objects:
          values["source-bucket"] !== undefined
            ? { ...objectSource(values, target, clients, counter), samplesPerTenant }
            : undefined,
        users:
          values["user-pool-id"] !== undefined ? userPool(values, clients, counter) : undefined,
        tenants: target.tenants,
      });
      return { report, exitCode: report.ok ? 0 : 1 };
    }
  }
}

function userPool(values: CommandValues, clients: Clients, counter: RetryCounter) {
  return {
    client: clients.cognito,
    userPoolId: required(
      values,
      "user-pool-id",
      "pass the stack output userPoolId (pulumi stack output userPoolId).",
    ),
    counter,
  };
}

function userRule(values: CommandValues, tenants: DeclaredTenants): UserTenantRule {
  switch (exactlyOne(values, ["mapping", "from-attribute", "from-group-prefix"])) {
    case "mapping": {
      const file = values.mapping as string;
      return {
        kind: "mapping",
        file,
        index: indexMapping(readMappingFile(file, USER_KEY_FIELDS), tenants),
      };
    }
    case "from-attribute":
      return { kind: "attribute", name: values["from-attribute"] as string };
    default:
      return { kind: "group", prefix: values["from-group-prefix"] as string };
  }
}

async function itemSource(
  values: CommandValues,
  target: StackTarget,
  clients: Clients,
  counter: RetryCounter,
) {
  const access = { client: clients.dynamodb, counter };
  const sourceTable = values["source-table"] ?? target.tableName;
  // The rule (and its mapping file) is checked before the first request to AWS.
  const rule = itemRule(values, target.tenants);
  return {
    ...access,
    sourceTable,
    destinationTable: target.tableName,
    schema: await sourceKeySchema(access, sourceTable),
    rule,
    tenants: target.tenants,
    segments: positiveInteger(values, "segments", 4),
  };
}

function itemRule(values: CommandValues, tenants: DeclaredTenants): ItemTenantRule {
  switch (exactlyOne(values, ["tenant-attribute", "key-pattern", "mapping"])) {
    case "tenant-attribute":
      return { kind: "attribute", name: values["tenant-attribute"] as string };
    case "key-pattern":
      return { kind: "keyPattern", pattern: keyPattern(values["key-pattern"] as string) };
    default: {
      const file = values.mapping as string;
      return {
        kind: "mapping",
        file,
        index: indexMapping(readMappingFile(file, ITEM_KEY_FIELDS), tenants),
      };
    }
  }
}

function objectSource(
  values: CommandValues,
  target: StackTarget,
  clients: Clients,
  counter: RetryCounter,
) {
  if (target.bucketName === undefined) {
    throw new MigrationArgumentError(
      "the shared bucket's name holds the account id. Fix: pass --account-id 123456789012 (aws sts get-caller-identity), or set aws:allowedAccountIds in the stack config.",
    );
  }
  return {
    client: clients.s3,
    counter,
    sourceBucket: required(values, "source-bucket", "name the bucket the objects are in now."),
    sourcePrefix: values["source-prefix"],
    destinationBucket: target.bucketName,
    rule: objectRule(values, target.tenants),
    tenants: target.tenants,
  };
}

function objectRule(values: CommandValues, tenants: DeclaredTenants): ObjectTenantRule {
  if (exactlyOne(values, ["mapping", "key-pattern"]) === "key-pattern") {
    return { kind: "keyPattern", pattern: keyPattern(values["key-pattern"] as string) };
  }
  const file = values.mapping as string;
  const prefixes = [...indexMapping(readMappingFile(file, OBJECT_KEY_FIELDS), tenants).values()];
  checkPrefixMapping(file, prefixes);
  return { kind: "prefixMapping", file, prefixes };
}
