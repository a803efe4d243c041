import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import {
  checkQuotas,
  deployTenancy,
  loadTenantsFile,
  readStackSettings,
  TenancyError,
} from "./components";

function main() {
  try {
    const aws = new pulumi.Config("aws");
    const settings = readStackSettings(new pulumi.Config("tenancy"), {
      stack: pulumi.getStack(),
      // The provider falls back to these variables when aws:region is not set.
      region: aws.get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
      allowedAccountIds: aws.getObject<string[]>("allowedAccountIds"),
    });
    const tenants = loadTenantsFile(path.resolve(__dirname, settings.tenantsFile), {
      namePrefix: settings.namePrefix,
      source: settings.tenantsFile,
      region: settings.region,
      defaultIsolation: settings.defaultIsolation,
    });
    // A quota hit halfway through `pulumi up` leaves half a stack: refuse before registering.
    checkQuotas(settings, tenants);
    return deployTenancy(settings, tenants);
  } catch (error) {
    // A RunError prints its message without a stack trace: the report already says what to fix.
    if (error instanceof TenancyError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

const outputs = main();
export const userPoolId = outputs.userPoolId;
export const userPoolClientId = outputs.userPoolClientId;
export const tableName = outputs.tableName;
export const bucketName = outputs.bucketName;
export const workloadRoleArn = outputs.workloadRoleArn;
/** Per tenant: role ARN, Cognito group, DynamoDB key prefix, S3 prefix, inference profiles. */
export const tenants = outputs.tenants;
/** Environment variables for Lambdas that use @tenancy/runtime's `fromEnv()`. */
export const runtimeEnvironment = outputs.runtimeEnvironment;
/** Tenant -> model -> profile ARN, to ship as TENANCY_INFERENCE_PROFILES_FILE when the environment outgrows 4 KB. */
export const inferenceProfiles = outputs.inferenceProfiles;
/** With tenancy:exampleApp on: the example app's HTTP API. */
export const exampleApiUrl = outputs.exampleApiUrl;
/** Tenant -> the role the runtime assumes for it (own or pooled shard), to ship as TENANCY_TENANT_ROLES_FILE. */
export const tenantRoles = outputs.tenantRoles;
