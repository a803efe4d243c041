// Sets up a user pool on cognito-local the way the infrastructure does (custom:tenantId,
// group tenant-<id>) and signs users in for real ID and access tokens.
import type { Jwks } from "aws-jwt-verify/jwk";
import type { CognitoLocal } from "./emulators";

export interface PoolFixture {
  readonly poolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly jwks: Jwks;
}

export interface UserSpec {
  readonly email: string;
  /** Omit for a user without the attribute. */
  readonly tenantId?: string;
  readonly groups: readonly string[];
}

export interface SignedIn {
  readonly idToken: string;
  readonly accessToken: string;
}

const PASSWORD = "Correct-horse-battery-9";

export async function createPool(cognito: CognitoLocal, name: string): Promise<PoolFixture> {
  const { UserPool } = await cognito.call<{ UserPool: { Id: string } }>("CreateUserPool", {
    PoolName: name,
    Schema: [{ Name: "tenantId", AttributeDataType: "String", Mutable: true }],
  });
  const clientId = await createClient(cognito, UserPool.Id, `${name}-app`);
  const res = await fetch(`${cognito.endpoint}/${UserPool.Id}/.well-known/jwks.json`);
  return {
    poolId: UserPool.Id,
    clientId,
    issuer: `${cognito.issuerDomain}/${UserPool.Id}`,
    jwks: (await res.json()) as Jwks,
  };
}

export async function createClient(
  cognito: CognitoLocal,
  poolId: string,
  name: string,
): Promise<string> {
  const { UserPoolClient } = await cognito.call<{ UserPoolClient: { ClientId: string } }>(
    "CreateUserPoolClient",
    {
      UserPoolId: poolId,
      ClientName: name,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
    },
  );
  return UserPoolClient.ClientId;
}

export async function createUser(
  cognito: CognitoLocal,
  poolId: string,
  user: UserSpec,
): Promise<void> {
  const attributes = [{ Name: "email", Value: user.email }];
  if (user.tenantId !== undefined)
    attributes.push({ Name: "custom:tenantId", Value: user.tenantId });
  await cognito.call("AdminCreateUser", {
    UserPoolId: poolId,
    Username: user.email,
    TemporaryPassword: PASSWORD,
    MessageAction: "SUPPRESS",
    UserAttributes: attributes,
  });
  await cognito.call("AdminSetUserPassword", {
    UserPoolId: poolId,
    Username: user.email,
    Password: PASSWORD,
    Permanent: true,
  });
  for (const group of user.groups) {
    await cognito
      .call("CreateGroup", { UserPoolId: poolId, GroupName: group })
      .catch(() => undefined); // may exist
    await cognito.call("AdminAddUserToGroup", {
      UserPoolId: poolId,
      Username: user.email,
      GroupName: group,
    });
  }
}

export async function signIn(
  cognito: CognitoLocal,
  clientId: string,
  email: string,
): Promise<SignedIn> {
  const { AuthenticationResult } = await cognito.call<{
    AuthenticationResult: { IdToken: string; AccessToken: string };
  }>("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: email, PASSWORD },
  });
  return { idToken: AuthenticationResult.IdToken, accessToken: AuthenticationResult.AccessToken };
}
