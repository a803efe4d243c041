import {
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  ListUsersCommand,
  UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationInputError } from "../../migrate/errors";
import { indexMapping } from "../../migrate/mappingIndex";
import { readMappingFile } from "../../migrate/tenantMapping";
import { migrateUsers, UsersStepOptions } from "../../migrate/users/migrateUsers";
import { USER_KEY_FIELDS, UserTenantRule } from "../../migrate/users/userTenantRule";
import { verifyUsers } from "../../migrate/verify/verifyUsers";
import { ADMIN_CREDENTIALS, CognitoLocal, REGION, startCognito } from "../helpers/emulators";
import { createPool, createUser } from "../helpers/runtimeCognito";
import { callsOf, failFirst, noWait, recordCalls, rejectionOf, TENANTS } from "./migrationHarness";

const USERS = 60;
const email = (n: number) => `user-${String(n).padStart(3, "0")}@corp.example`;
/** Users 0-49 are mapped round-robin to the three tenants; 50-59 are not in the mapping. */
const tenantOf = (n: number) => (["acme", "globex-eu", "initech"] as const)[n % 3];

describe("migrate users", function () {
  this.timeout(120_000);
  let cognito: CognitoLocal;
  let client: CognitoIdentityProviderClient;
  let dir: string;
  let poolId: string;
  let calls: string[];

  before(async () => {
    cognito = await startCognito();
    dir = mkdtempSync(join(tmpdir(), "migrate-users-"));
  });
  after(async () => {
    await cognito.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    ({ poolId } = await createPool(cognito, `pool-${Date.now()}`));
    for (const group of ["tenant-acme", "tenant-globex-eu", "tenant-initech"]) {
      await cognito.call("CreateGroup", { UserPoolId: poolId, GroupName: group });
    }
    for (let n = 0; n < USERS; n++)
      await createUser(cognito, poolId, { email: email(n), groups: [] });
    client = new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: cognito.endpoint,
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    calls = recordCalls(client);
  });

  function mappingFile(rows: string[]): string {
    const file = join(dir, `users-${Date.now()}.csv`);
    writeFileSync(file, ["email,tenantId", ...rows].join("\n"));
    return file;
  }

  function emailMapping(): UserTenantRule {
    const rows = Array.from({ length: 50 }, (_, n) => `${email(n)},${tenantOf(n)}`);
    const file = mappingFile(rows);
    return {
      kind: "mapping",
      file,
      index: indexMapping(readMappingFile(file, USER_KEY_FIELDS), TENANTS),
    };
  }

  function options(
    rule: UserTenantRule,
    overrides: Partial<UsersStepOptions> = {},
  ): UsersStepOptions {
    return {
      client,
      userPoolId: poolId,
      counter: { throttled: 0, transient: 0 },
      backoff: { timing: noWait },
      rule,
      tenants: TENANTS,
      apply: true,
      ratePerSecond: 10_000,
      ...overrides,
    };
  }

  const attribute = (user: UserType, name: string) =>
    user.Attributes?.find((a) => a.Name === name)?.Value;

  /** email -> custom:tenantId (the pool's usernames are UUIDs, as in email-username pools). */
  async function tenantAttributes(): Promise<Map<string, string | undefined>> {
    const { Users } = await client.send(new ListUsersCommand({ UserPoolId: poolId }));
    return new Map(
      (Users ?? []).map((u) => [attribute(u, "email") ?? "", attribute(u, "custom:tenantId")]),
    );
  }

  async function members(group: string): Promise<string[]> {
    const { Users } = await client.send(
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: group }),
    );
    return (Users ?? []).map((u) => attribute(u, "email") ?? "").sort();
  }

  /** Cognito-local accepts the email as the username of Admin* calls, as Cognito does. */
  async function setAttribute(userEmail: string, name: string, value: string): Promise<void> {
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: userEmail,
        UserAttributes: [{ Name: name, Value: value }],
      }),
    );
  }

  it("plans without writing: every mapped user, per tenant, and the unmapped ones listed", async () => {
    const report = await migrateUsers(options(emailMapping(), { apply: false }));

    expect(report.applied).to.equal(false);
    expect(report.totals).to.deep.equal({
      users: 60,
      planned: 50,
      assigned: 0,
      alreadyAssigned: 0,
      conflicts: 0,
      unmapped: 10,
      throttled: 0,
      transientRetries: 0,
    });
    expect(report.perTenant).to.deep.equal({ acme: 17, "globex-eu": 17, initech: 16 });
    expect(report.unmapped.map((u) => u.email).sort()).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => email(50 + i)),
    );
    const first = report.planned.find((p) => p.email === email(0));
    expect(first).to.deep.equal({
      username: first?.username,
      email: email(0),
      tenantId: "acme",
      setAttribute: true,
      addToGroup: true,
    });
    expect(callsOf(calls, "AdminUpdateUserAttributes", "AdminAddUserToGroup")).to.deep.equal([]);
    expect([...(await tenantAttributes()).values()].filter(Boolean)).to.deep.equal([]);
  });

  it("sets the attribute and the group of every mapped user, and a second run changes nothing", async () => {
    const first = await migrateUsers(options(emailMapping()));
    const attributes = await tenantAttributes();
    const second = await migrateUsers(options(emailMapping()));

    expect(first.totals.assigned).to.equal(50);
    for (let n = 0; n < 50; n++) expect(attributes.get(email(n))).to.equal(tenantOf(n));
    for (let n = 50; n < 60; n++) expect(attributes.get(email(n))).to.equal(undefined);
    expect(await members("tenant-initech")).to.deep.equal(
      Array.from({ length: 50 }, (_, n) => n)
        .filter((n) => tenantOf(n) === "initech")
        .map(email),
    );
    expect(second.totals).to.include({ planned: 0, assigned: 0, alreadyAssigned: 50 });
    expect(callsOf(calls, "AdminUpdateUserAttributes")).to.have.length(50);
    expect(callsOf(calls, "AdminAddUserToGroup")).to.have.length(50);
  });

  it("resumes an interrupted run and updates each user exactly once", async () => {
    const interrupted = migrateUsers(
      options(emailMapping(), {
        concurrency: 1,
        afterUser: (assigned) => {
          if (assigned === 20) throw new Error("killed after 20 users");
        },
      }),
    );
    expect((await rejectionOf(interrupted)).message).to.equal("killed after 20 users");
    const resumed = await migrateUsers(options(emailMapping()));

    expect(resumed.totals).to.include({ planned: 30, assigned: 30, alreadyAssigned: 20 });
    expect(callsOf(calls, "AdminUpdateUserAttributes")).to.have.length(50);
    expect(callsOf(calls, "AdminAddUserToGroup")).to.have.length(50);
  });

  it("reports a user already tied to another tenant as a conflict and leaves them as they are", async () => {
    await setAttribute(email(0), "custom:tenantId", "globex-eu");
    calls.length = 0;

    const report = await migrateUsers(options(emailMapping()));

    expect(report.conflicts).to.deep.equal([
      {
        username: report.conflicts[0]?.username,
        email: email(0),
        target: "acme",
        currentAttribute: "globex-eu",
        currentGroups: [],
      },
    ]);
    expect(report.totals).to.include({ assigned: 49, conflicts: 1 });
    expect((await tenantAttributes()).get(email(0))).to.equal("globex-eu");
    expect(await members("tenant-acme")).not.to.include(email(0));
  });

  it("takes the tenant from an existing attribute", async () => {
    await cognito.call("AddCustomAttributes", {
      UserPoolId: poolId,
      CustomAttributes: [{ Name: "org", AttributeDataType: "String", Mutable: true }],
    });
    for (const n of [1, 2]) await setAttribute(email(n), "custom:org", "initech");

    const report = await migrateUsers(options({ kind: "attribute", name: "custom:org" }));

    expect(report.planned.map((p) => [p.email, p.tenantId]).sort()).to.deep.equal([
      [email(1), "initech"],
      [email(2), "initech"],
    ]);
    expect(report.totals.unmapped).to.equal(58);
  });

  it("takes the tenant from an existing group <prefix><tenantId>", async () => {
    for (const [n, group] of [
      [3, "org-acme"],
      [4, "org-initech"],
    ] as const) {
      await cognito.call("CreateGroup", { UserPoolId: poolId, GroupName: group });
      await cognito.call("AdminAddUserToGroup", {
        UserPoolId: poolId,
        Username: email(n),
        GroupName: group,
      });
    }

    const report = await migrateUsers(options({ kind: "group", prefix: "org-" }));

    expect(report.planned.map((p) => [p.email, p.tenantId]).sort()).to.deep.equal([
      [email(3), "acme"],
      [email(4), "initech"],
    ]);
    expect((await tenantAttributes()).get(email(4))).to.equal("initech");
  });

  it("verify lists users without a tenant or outside their group, and passes once all are assigned", async () => {
    await migrateUsers(options(emailMapping()));
    const pool = { client, userPoolId: poolId, counter: { throttled: 0, transient: 0 } };
    const partial = await verifyUsers(pool, TENANTS);
    await setAttribute(email(59), "custom:tenantId", "acme");
    for (let n = 50; n < 59; n++) await setAttribute(email(n), "custom:tenantId", "initech");
    const ungrouped = await verifyUsers(pool, TENANTS);
    for (let n = 50; n < 60; n++) {
      await cognito.call("AdminAddUserToGroup", {
        UserPoolId: poolId,
        Username: email(n),
        GroupName: n === 59 ? "tenant-acme" : "tenant-initech",
      });
    }
    const complete = await verifyUsers(pool, TENANTS);

    expect(partial.ok).to.equal(false);
    expect(partial.perTenant).to.deep.equal({ acme: 17, "globex-eu": 17, initech: 16 });
    expect(partial.withoutTenant).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => email(50 + i)),
    );
    expect(ungrouped.withoutTenant).to.deep.equal([]);
    expect(ungrouped.notInTenantGroup).to.have.length(10);
    expect(ungrouped.ok).to.equal(false);
    expect(complete).to.deep.include({
      ok: true,
      users: 60,
      perTenant: { acme: 18, "globex-eu": 17, initech: 25 },
    });
  });

  it("backs off on TooManyRequestsException and finishes", async () => {
    const sleeps: number[] = [];
    failFirst(client, "AdminUpdateUserAttributes", 3, "TooManyRequestsException");

    const report = await migrateUsers(
      options(emailMapping(), {
        concurrency: 1,
        backoff: {
          timing: { now: () => 0, sleep: async (ms) => void sleeps.push(ms) },
          random: () => 1,
        },
      }),
    );

    expect(report.totals).to.include({ assigned: 50, throttled: 3 });
    // Pacing sleeps are sub-millisecond at this test's rate; the backoff's are 100 ms and up.
    expect(sleeps.filter((ms) => ms >= 100)).to.deep.equal([100, 200, 400]);
    expect([...(await tenantAttributes()).values()].filter(Boolean)).to.have.length(50);
  });

  it("refuses a mapping that sends one user to two tenants, naming both lines, before any write", async () => {
    const file = mappingFile([
      `${email(0)},acme`,
      `${email(1)},initech`,
      `${email(0).toUpperCase()},globex-eu`,
    ]);

    expect(() => indexMapping(readMappingFile(file, USER_KEY_FIELDS), TENANTS))
      .to.throw(MigrationInputError)
      .with.property(
        "message",
        `Refused: the migration input has 1 problem; nothing was written:\n  ${file}:4 [ERR_AMBIGUOUS_MAPPING] email "${email(0).toUpperCase()}": is mapped to "globex-eu" here and to "acme" on line 2. Fix: keep the one row with the right tenant.`,
      );
  });

  it("refuses when a tenant's group does not exist yet", async () => {
    await cognito.call("DeleteGroup", { UserPoolId: poolId, GroupName: "tenant-initech" });

    const error = await rejectionOf(migrateUsers(options(emailMapping())));

    expect(error).to.be.instanceOf(MigrationInputError);
    expect(error.message).to.equal(
      `Refused: the migration input has 1 problem; nothing was written:\n  user pool ${poolId} [ERR_MISSING_GROUP] group "tenant-initech": does not exist, so users of tenant "initech" cannot join it. Fix: run pulumi up with this tenants file first: it creates each tenant's group.`,
    );
    expect(callsOf(calls, "AdminUpdateUserAttributes", "AdminAddUserToGroup")).to.deep.equal([]);
  });
});
