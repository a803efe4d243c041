import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { prepareOfflineRun } from "../plan/offlineRun";
import { dataBucketName } from "../components/physicalNames";
import { DeclaredTenants } from "./declaredTenants";
import { MigrationArgumentError } from "./errors";

/** Where the migration writes: the stack's shared stores, named as the program names them. */
export interface StackTarget {
  readonly tenants: DeclaredTenants;
  readonly region: string;
  readonly tableName: string;
  /** Undefined until the account is known: the bucket's name holds it. */
  readonly bucketName: string | undefined;
}

export interface StackTargetOptions {
  readonly stack: string;
  readonly tenantsFile?: string;
  readonly accountId?: string;
  readonly region?: string;
}

/**
 * Reads `Pulumi.<stack>.yaml` and the tenants file as `npm start` does (every problem is a
 * TenancyError, exit 2) and names the shared table and bucket from them.
 */
export function stackTarget(options: StackTargetOptions): StackTarget {
  const run = prepareOfflineRun({ stack: options.stack, tenantsFile: options.tenantsFile });
  const accountId = options.accountId ?? run.settings.importRetained?.accountId;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new MigrationArgumentError(
      `--account-id: "${accountId}" is not a 12-digit AWS account id. Fix: pass the account the stack is deployed in (aws sts get-caller-identity).`,
    );
  }
  return {
    tenants: { ids: new Set(run.specs.map((spec) => spec.id)), source: run.source },
    region: options.region ?? run.settings.region,
    tableName: run.platform.tableName,
    bucketName:
      accountId === undefined
        ? undefined
        : dataBucketName(run.settings.namePrefix, accountId, run.settings.region),
  };
}

export interface Endpoints {
  readonly dynamodb?: string;
  readonly s3?: string;
  readonly cognito?: string;
}

/**
 * SDK clients for the stack's region, or for emulators when endpoints are given. `maxAttempts: 1`:
 * the migration's own backoff is the one retry loop, so throttling is counted and paced once.
 */
export function awsClients(region: string, endpoints: Endpoints) {
  const common = { region, maxAttempts: 1 };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    s3: new S3Client({
      ...common,
      endpoint: endpoints.s3,
      // Emulators answer on one host: address buckets by path there.
      forcePathStyle: endpoints.s3 !== undefined,
    }),
    cognito: new CognitoIdentityProviderClient({ ...common, endpoint: endpoints.cognito }),
  };
}
