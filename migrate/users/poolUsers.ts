import {
  CognitoIdentityProviderClient,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { TENANT_ID_CLAIM } from "@tenancy/runtime/naming";
import { RetryCounter, withAwsRetry, BackoffSettings } from "../awsRetry";

/** A user of the pool as the migration sees it. */
export interface PoolUser {
  readonly username: string;
  readonly sub: string | undefined;
  readonly email: string | undefined;
  readonly tenantId: string | undefined;
  readonly attributes: ReadonlyMap<string, string>;
}

export interface PoolReader {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  readonly counter: RetryCounter;
  readonly backoff?: BackoffSettings;
}

export async function listPoolUsers(pool: PoolReader): Promise<PoolUser[]> {
  const users: PoolUser[] = [];
  let token: string | undefined;
  do {
    const page = await withAwsRetry(
      "ListUsers",
      () =>
        pool.client.send(
          new ListUsersCommand({ UserPoolId: pool.userPoolId, PaginationToken: token }),
        ),
      pool.counter,
      pool.backoff,
    );
    users.push(...(page.Users ?? []).map(poolUser));
    token = page.PaginationToken;
  } while (token !== undefined);
  return users;
}

function poolUser(user: UserType): PoolUser {
  const attributes = new Map((user.Attributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
  return {
    username: user.Username ?? "",
    sub: attributes.get("sub"),
    email: attributes.get("email"),
    tenantId: attributes.get(TENANT_ID_CLAIM) || undefined,
    attributes,
  };
}

/** Names of the pool's groups that start with `prefix`. */
export async function listGroupNames(pool: PoolReader, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await withAwsRetry(
      "ListGroups",
      () =>
        pool.client.send(new ListGroupsCommand({ UserPoolId: pool.userPoolId, NextToken: token })),
      pool.counter,
      pool.backoff,
    );
    for (const group of page.Groups ?? []) {
      if (group.GroupName?.startsWith(prefix)) names.push(group.GroupName);
    }
    token = page.NextToken;
  } while (token !== undefined);
  return names;
}

/** Usernames in `group`, or undefined when the group does not exist. */
export async function groupMembers(
  pool: PoolReader,
  group: string,
): Promise<Set<string> | undefined> {
  const members = new Set<string>();
  let token: string | undefined;
  try {
    do {
      const page = await withAwsRetry(
        "ListUsersInGroup",
        () =>
          pool.client.send(
            new ListUsersInGroupCommand({
              UserPoolId: pool.userPoolId,
              GroupName: group,
              NextToken: token,
            }),
          ),
        pool.counter,
        pool.backoff,
      );
      for (const user of page.Users ?? []) members.add(user.Username ?? "");
      token = page.NextToken;
    } while (token !== undefined);
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
  return members;
}
