/** Lambda's limit on the total size of a function's environment variables. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * Size of an environment as Lambda's API carries it (the variables as a JSON object, in UTF-8):
 * a little more than the keys and values alone, so the warning comes early rather than late.
 */
export function environmentBytes(variables: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify(variables), "utf8");
}

/** A warning when `runtimeEnvironment` cannot be a Lambda's environment as it is. */
export function environmentWarning(
  variables: Readonly<Record<string, string>> | undefined,
): string | undefined {
  if (variables === undefined) return undefined;
  const bytes = environmentBytes(variables);
  if (bytes <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return undefined;
  return `runtimeEnvironment holds ${bytes} bytes, more than the ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} bytes Lambda allows for all of a function's environment variables. Fix: ship the stack output inferenceProfiles as a file with the function and set TENANCY_INFERENCE_PROFILES_FILE to its path instead of TENANCY_INFERENCE_PROFILES${variables.TENANCY_TENANT_ROLES === undefined ? "" : "; likewise the output tenantRoles as TENANCY_TENANT_ROLES_FILE instead of TENANCY_TENANT_ROLES"}.`;
}
