/** The log group Bedrock writes every tenant's invocation records to, when logging is on. */
export function invocationLogGroupName(namePrefix: string): string {
  return `/${namePrefix}/bedrock/invocations`;
}
