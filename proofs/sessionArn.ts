/**
 * `arn:aws:iam::123456789012:role/tenants/dev-tenant-acme` -> the ARN IAM gives a session of
 * that role: `arn:aws:sts::123456789012:assumed-role/dev-tenant-acme/<session>` (no path).
 */
export function sessionArnOf(roleArn: string, sessionName: string): string {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (match === null) throw new TypeError(`not an IAM role ARN: ${roleArn}`);
  const [, partition, accountId, roleName] = match;
  return `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
