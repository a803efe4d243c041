// `npm run dev`: the platform of tenants.json on loopback emulators, and the example app on a
// local HTTP API in front of them. The emulators and the STS stand-in are the ones the runtime
// tests start (test/helpers), so what runs here is what the tests cover.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STSClient } from "@aws-sdk/client-sts";
import { createTenantRuntime, ENV, fromEnv } from "@tenancy/runtime";
import { dataBucketName } from "../../components/physicalNames";
import { inferenceProfileName } from "../../components/resourceNames";
import { loadTenantsFile, type TenantSpec } from "../../components/tenantsFile";
import { startBedrockEndpoint } from "../../test/helpers/bedrockEndpoint";
import {
  ADMIN_CREDENTIALS,
  REGION,
  startCognito,
  startDynamoDb,
  startS3,
} from "../../test/helpers/emulators";
import { startStsEndpoint } from "../../test/helpers/stsEndpoint";
import { exampleHandlers, type ExampleAppOptions } from "../app/handlers";
import { EXAMPLE_ROUTES } from "../app/routes";
import { startLocalHttpApi } from "./httpApiServer";
import { createLocalUserPool, signInLocally, type LocalUserPool } from "./localUserPool";
import { startS3AccessKeyProxy } from "./s3AccessKeyProxy";

/** Names follow the stack's rules for a stack "local" in us-east-1 of this account. */
export const LOCAL_NAME_PREFIX = "tenancy-local-use1";
export const LOCAL_ACCOUNT_ID = "123456789012";
/** The Lambda's own credentials locally: they sign STS calls only, never data requests. */
export const LOCAL_WORKLOAD_CREDENTIALS = {
  accessKeyId: "AKIALOCALWORKLOAD",
  secretAccessKey: "local-workload-secret",
};

/** `stub`: a loopback stand-in that answers every model; a URL: your own stand-in. */
export type BedrockOption = "stub" | URL;

export interface DevEnvironmentOptions {
  /** Path of the tenants file (validated as `pulumi up` would). */
  readonly tenantsFile: string;
  /** Port of the example API; 0 (default) lets the OS choose a free one. */
  readonly port?: number;
  /** Without it, POST /ask answers 501 saying how to configure a stand-in. */
  readonly bedrock?: BedrockOption;
  /** Handler failures of the example app (default: stderr). */
  readonly log?: (message: string) => void;
  /** Requests the runtime refused, with code and reason (default: a JSON line on stderr). */
  readonly logRefusal?: ExampleAppOptions["log"];
}

export interface LocalTenant {
  readonly id: string;
  readonly displayName: string;
  readonly status: TenantSpec["status"];
  /** Admins of active tenants, signed in; none for suspended tenants (their users are disabled). */
  readonly users: readonly { readonly email: string; readonly idToken: string }[];
}

export interface DevEnvironment {
  /** The example HTTP API, `http://127.0.0.1:<port>`. */
  readonly apiUrl: string;
  readonly tenants: readonly LocalTenant[];
  readonly userPool: LocalUserPool;
  readonly endpoints: {
    readonly cognito: string;
    readonly sts: string;
    readonly dynamodb: string;
    readonly s3: string;
    readonly bedrock: string | undefined;
  };
  /**
   * What a Lambda of the example gets in AWS (the stack's runtimeEnvironment with the profile
   * file), pointed at the emulators, plus the local workload credentials for STS.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** A fresh ID token, e.g. after the printed ones expired. */
  signIn(email: string): Promise<string>;
  /** Stops the API and every emulator and removes their files; safe to call twice. */
  stop(): Promise<void>;
}

export const BEDROCK_UNAVAILABLE =
  "Bedrock is not available locally: no stand-in is configured. Start with npm run dev -- --bedrock stub (a loopback stand-in that echoes the profile it was called through), or --bedrock http://127.0.0.1:<port> for your own.";

export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
  // Validated first, so a broken tenants file starts nothing.
  const specs = loadTenantsFile(options.tenantsFile, { namePrefix: LOCAL_NAME_PREFIX });
  const tableName = `${LOCAL_NAME_PREFIX}-tenant-data`;
  const bucketName = dataBucketName(LOCAL_NAME_PREFIX, LOCAL_ACCOUNT_ID, REGION);
  const stoppers: (() => Promise<void>)[] = [];
  const directory = mkdtempSync(join(tmpdir(), "tenancy-dev-"));
  stoppers.push(async () => rmSync(directory, { recursive: true, force: true }));
  let stopped: Promise<void> | undefined;
  // Last started, first stopped: the API goes before the emulators it calls.
  const stop = () =>
    (stopped ??= (async () => {
      for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
    })());

  try {
    const started = <T extends { stop(): Promise<void> }>(emulator: T): T => {
      stoppers.push(() => emulator.stop());
      return emulator;
    };
    const [cognito, sts, dynamodb, s3, bedrockStub] = await allStarted([
      startCognito().then(started),
      startStsEndpoint().then(started),
      startDynamoDb(tableName).then(started),
      startS3(bucketName).then(started),
      options.bedrock === "stub" ? startBedrockEndpoint().then(started) : undefined,
    ]);
    const s3Proxy = started(
      await startS3AccessKeyProxy(s3.endpoint, ADMIN_CREDENTIALS.accessKeyId),
    );
    const bedrockEndpoint =
      bedrockStub?.endpoint ??
      (options.bedrock instanceof URL ? options.bedrock.origin : undefined);
    const userPool = await createLocalUserPool(cognito, LOCAL_NAME_PREFIX, specs);

    const profilesFile = join(directory, "inference-profiles.json");
    writeFileSync(profilesFile, JSON.stringify(localInferenceProfiles(specs)));
    const environment: Record<string, string> = {
      [ENV.region]: REGION,
      [ENV.userPoolId]: userPool.poolId,
      [ENV.clientId]: userPool.clientIds.join(","),
      [ENV.tableName]: tableName,
      [ENV.bucketName]: bucketName,
      [ENV.accountId]: LOCAL_ACCOUNT_ID,
      [ENV.namePrefix]: LOCAL_NAME_PREFIX,
      [ENV.partition]: "aws",
      [ENV.inferenceProfilesFile]: profilesFile,
      [ENV.issuer]: userPool.issuer,
      [ENV.jwksUrl]: userPool.jwksUrl,
      [ENV.stsEndpoint]: sts.endpoint,
      [ENV.dynamodbEndpoint]: dynamodb.endpoint,
      [ENV.s3Endpoint]: s3Proxy.endpoint,
      [ENV.s3ForcePathStyle]: "true",
      ...(bedrockEndpoint === undefined ? {} : { [ENV.bedrockRuntimeEndpoint]: bedrockEndpoint }),
      AWS_ACCESS_KEY_ID: LOCAL_WORKLOAD_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_WORKLOAD_CREDENTIALS.secretAccessKey,
    };
    const runtime = createTenantRuntime({
      ...fromEnv(environment),
      // Explicit, so credentials of a real AWS profile on this machine are never used.
      stsClient: new STSClient({
        region: REGION,
        endpoint: sts.endpoint,
        credentials: LOCAL_WORKLOAD_CREDENTIALS,
        maxAttempts: 1,
      }),
    });
    const api = started(
      await startLocalHttpApi({
        routes: EXAMPLE_ROUTES,
        handlers: exampleHandlers({
          runtime,
          log: options.logRefusal,
          bedrockUnavailable: bedrockEndpoint === undefined ? BEDROCK_UNAVAILABLE : undefined,
        }),
        port: options.port,
        log: options.log,
      }),
    );
    const signIn = (email: string) =>
      signInLocally(cognito, userPool.clientIds[0] as string, email);
    return {
      apiUrl: api.url,
      tenants: await signInAdmins(specs, signIn),
      userPool,
      endpoints: {
        cognito: cognito.endpoint,
        sts: sts.endpoint,
        dynamodb: dynamodb.endpoint,
        s3: s3Proxy.endpoint,
        bedrock: bedrockEndpoint,
      },
      environment,
      signIn,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Tenant -> model -> profile ARN, named as the stack names the profiles. */
function localInferenceProfiles(
  specs: readonly TenantSpec[],
): Record<string, Record<string, string>> {
  const profiles: Record<string, Record<string, string>> = {};
  for (const spec of specs) {
    profiles[spec.id] = Object.fromEntries(
      spec.models.map((model) => [
        model,
        `arn:aws:bedrock:${REGION}:${LOCAL_ACCOUNT_ID}:application-inference-profile/${inferenceProfileName(LOCAL_NAME_PREFIX, spec.id, model)}`,
      ]),
    );
  }
  return profiles;
}

async function signInAdmins(
  specs: readonly TenantSpec[],
  signIn: (email: string) => Promise<string>,
): Promise<LocalTenant[]> {
  const tenants: LocalTenant[] = [];
  for (const spec of specs) {
    const users = [];
    if (spec.status === "active") {
      for (const email of spec.admins) users.push({ email, idToken: await signIn(email) });
    }
    tenants.push({ id: spec.id, displayName: spec.displayName, status: spec.status, users });
  }
  return tenants;
}

/**
 * Like Promise.all, but waits for every start to settle before failing, so nothing that is
 * still starting when another fails is left running after the clean-up.
 */
async function allStarted<T extends readonly unknown[]>(
  starts: readonly [...{ [K in keyof T]: Promise<T[K]> | T[K] }],
): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure !== undefined) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
