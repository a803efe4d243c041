import type { DevEnvironment, LocalTenant } from "./devEnvironment";
import { LOCAL_PASSWORD } from "./localUserPool";

/** What `npm run dev` prints once everything is up: per tenant a curl command that works as is. */
export function formatDevBanner(env: DevEnvironment): string {
  const lines = [
    `Example API on ${env.apiUrl} (tenants, user pool and data on local emulators; no AWS)`,
    "",
  ];
  for (const tenant of env.tenants) lines.push(...tenantLines(env.apiUrl, tenant), "");
  lines.push(
    'Routes (same header): GET /notes, GET|PUT|DELETE /notes/{id} with {"text": "..."},',
    '  GET /files, GET|PUT|DELETE /files/{key+} (the body is the file), POST /ask with {"prompt": "..."}',
    env.endpoints.bedrock === undefined
      ? "Bedrock: no stand-in, POST /ask answers 501 (npm run dev -- --bedrock stub for a loopback stand-in)"
      : `Bedrock: stand-in at ${env.endpoints.bedrock}`,
    `Emulators: DynamoDB ${env.endpoints.dynamodb}, S3 ${env.endpoints.s3}, Cognito ${env.endpoints.cognito}, STS ${env.endpoints.sts}`,
    `ID tokens last 24 hours; for a new one: ${tokenCommand(env)}`,
    "Ctrl-C stops everything.",
  );
  return lines.join("\n");
}

function tenantLines(apiUrl: string, tenant: LocalTenant): string[] {
  const [user] = tenant.users;
  if (tenant.status === "suspended" || user === undefined)
    return [
      `${tenant.id} (${tenant.displayName}): suspended, so its admins are disabled and get no token`,
    ];
  const note = JSON.stringify({ text: `A note of ${tenant.displayName}` });
  return [
    `${tenant.id} (${tenant.displayName}), signed in as ${user.email}:`,
    `  curl -s -X PUT ${apiUrl}/notes/hello -H 'authorization: Bearer ${user.idToken}' -H 'content-type: application/json' -d ${shellQuote(note)}`,
  ];
}

function tokenCommand(env: DevEnvironment): string {
  const body = JSON.stringify({
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: env.userPool.clientIds[0],
    AuthParameters: { USERNAME: "<admin email>", PASSWORD: LOCAL_PASSWORD },
  });
  return `curl -s ${env.endpoints.cognito} -H 'content-type: application/x-amz-json-1.1' -H 'x-amz-target: AWSCognitoIdentityProviderService.InitiateAuth' -d ${shellQuote(body)}`;
}

/** Single quotes for a POSIX shell; a quote inside becomes '\'' . */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
