/**
 * Platform names the pack must recognise, as `components/` builds them. The pack is
 * published alone, so it keeps its own copy; a test holds the two to the same values.
 */

/** The role Lambdas run as; it can do nothing but become a tenant. */
export function workloadRoleName(namePrefix: string): string {
  return `${namePrefix}-workload`;
}

/** The log group Bedrock writes every tenant's invocation records to, when logging is on. */
export function invocationLogGroupName(namePrefix: string): string {
  return `/${namePrefix}/bedrock/invocations`;
}
