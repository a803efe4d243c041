import {
  TENANT_ID_ATTRIBUTE_NAME,
  TENANT_ID_CLAIM,
  tenantGroupName,
} from "@tenancy/runtime/naming";
import { normalizedEmail } from "../../components/resourceNames";
import type { TenantSpec } from "../../components/tenantsFile";
import type { CognitoLocal } from "../../test/helpers/emulators";

/** Every local admin signs in with this password; the emulator is on loopback only. */
export const LOCAL_PASSWORD = "Local-dev-password-1";

export interface LocalUserPool {
  readonly poolId: string;
  /** The app clients: the stack's `<prefix>-app` and a second one, as web and mobile apps have. */
  readonly clientIds: readonly string[];
  /** `iss` of the pool's tokens. */
  readonly issuer: string;
  readonly jwksUrl: string;
}

/**
 * The user pool as the stack builds it, on cognito-local: the `custom:tenantId` attribute, one
 * group `tenant-<id>` per tenant, and each admin of tenants.json as a user with the attribute
 * and the group; admins of a suspended tenant are disabled, as in the stack.
 */
export async function createLocalUserPool(
  cognito: CognitoLocal,
  namePrefix: string,
  tenants: readonly TenantSpec[],
): Promise<LocalUserPool> {
  const { UserPool } = await cognito.call<{ UserPool: { Id: string } }>("CreateUserPool", {
    PoolName: `${namePrefix}-users`,
    Schema: [{ Name: TENANT_ID_ATTRIBUTE_NAME, AttributeDataType: "String", Mutable: true }],
  });
  const poolId = UserPool.Id;
  const clientIds: string[] = [];
  for (const client of ["app", "mobile"]) {
    const { UserPoolClient } = await cognito.call<{ UserPoolClient: { ClientId: string } }>(
      "CreateUserPoolClient",
      {
        UserPoolId: poolId,
        ClientName: `${namePrefix}-${client}`,
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
    );
    clientIds.push(UserPoolClient.ClientId);
  }
  for (const tenant of tenants) {
    const group = tenantGroupName(tenant.id);
    await cognito.call("CreateGroup", { UserPoolId: poolId, GroupName: group });
    for (const email of tenant.admins) {
      const username = normalizedEmail(email);
      await cognito.call("AdminCreateUser", {
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: LOCAL_PASSWORD,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: username },
          { Name: TENANT_ID_CLAIM, Value: tenant.id },
        ],
      });
      await cognito.call("AdminSetUserPassword", {
        UserPoolId: poolId,
        Username: username,
        Password: LOCAL_PASSWORD,
        Permanent: true,
      });
      await cognito.call("AdminAddUserToGroup", {
        UserPoolId: poolId,
        Username: username,
        GroupName: group,
      });
      if (tenant.status === "suspended")
        await cognito.call("AdminDisableUser", { UserPoolId: poolId, Username: username });
    }
  }
  return {
    poolId,
    clientIds,
    issuer: `${cognito.issuerDomain}/${poolId}`,
    jwksUrl: `${cognito.endpoint}/${poolId}/.well-known/jwks.json`,
  };
}

/** A fresh ID token for a user, as a sign-in page would get it. */
export async function signInLocally(
  cognito: CognitoLocal,
  clientId: string,
  email: string,
): Promise<string> {
  const { AuthenticationResult } = await cognito.call<{
    AuthenticationResult: { IdToken: string };
  }>("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: normalizedEmail(email), PASSWORD: LOCAL_PASSWORD },
  });
  return AuthenticationResult.IdToken;
}
