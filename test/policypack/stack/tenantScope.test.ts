import { expect } from "chai";
import { UNKNOWN } from "../../../policypack/lib/knownValues";
import {
  INFERENCE_PROFILE,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
} from "../../../policypack/lib/resourceView";
import { PackSettings, readSettings } from "../../../policypack/lib/settings";
import {
  actsAsTenant,
  sameScope,
  TenantScope,
  tenantScope,
} from "../../../policypack/lib/tenantScope";
import { SETTINGS } from "../checks/stackViews";
import { PLATFORM } from "../tenantStackFixture";

// tenantScope directly: a resource's tenant from its parent Tenant component (named after the
// tenant id), a role's tenantId tag, or the tenant role (<prefix>-tenant-<id>) a policy or
// attachment names; a pooled shard role by its name <prefix>-pooled-<n>. Evidence that disagrees,
// or tenant-looking IAM whose tenant cannot be told, is "undetermined".

const NONE: PackSettings = readSettings({});
const STACK = "urn:pulumi:dev::tenancy::";
const TENANT = (id: string) => `${STACK}tenancy:index:Tenant::${id}`;
const PLATFORM_COMPONENT = `${STACK}tenancy:index:TenantPlatform::dev`;
const SHARD = `${STACK}tenancy:index:PooledShard::pooled-0`;
const ROLE_ARN = (name: string) => `arn:aws:iam::${PLATFORM.accountId}:role/tenants/${name}`;

/** A view as the engine names it: its URN carries its parent's type chain. */
function view(type: string, props: Record<string, unknown>, parent?: string): ResourceView {
  const parentType = parent?.split("::")[2];
  const qualified = parentType === undefined ? type : `${parentType}$${type}`;
  return { type, urn: `${STACK}${qualified}::r`, name: "r", parent, props };
}
const tenant = (tenantId: string): TenantScope => ({ kind: "tenant", tenantId });
const pooled = (roleName: string): TenantScope => ({ kind: "pooled", roleName });
const PLATFORM_SCOPE: TenantScope = { kind: "platform" };
const undetermined = (reason: string): TenantScope => ({ kind: "undetermined", reason });
const TAG = (id: string) => ({ tenantId: id });

const WITH: Record<"dev" | "none", [string, PackSettings]> = {
  dev: ["prefix dev", SETTINGS],
  none: ["no settings", NONE],
};
type Case = [string, () => ResourceView, TenantScope, ("dev" | "none")?];
/** Each case runs with the fixture's settings (prefix dev) and without any, unless it names one. */
function run(cases: Case[]) {
  for (const [reason, make, expected, only] of cases)
    for (const [label, settings] of only === undefined ? Object.values(WITH) : [WITH[only]])
      it(`${reason} (${label})`, () =>
        expect(tenantScope(make(), settings)).to.deep.equal(expected));
}

describe("tenantScope", () => {
  describe("a tenant's resources", () => {
    run([
      [
        "the tenant role: parent Tenant, tag and name agree",
        () =>
          view(
            ROLE,
            { name: "dev-tenant-acme", path: "/tenants/", tags: TAG("acme") },
            TENANT("acme"),
          ),
        tenant("acme"),
      ],
      [
        "a role's tag alone decides",
        () => view(ROLE, { name: "x", tags: TAG("acme") }),
        tenant("acme"),
      ],
      [
        "a policy under the Tenant component, its role unknown",
        () => view(ROLE_POLICY, { role: UNKNOWN }, TENANT("globex")),
        tenant("globex"),
      ],
      [
        "a resource under the Tenant component, its tags not looked at",
        () => view(INFERENCE_PROFILE, { tags: TAG("globex") }, TENANT("acme")),
        tenant("acme"),
      ],
      [
        "a RolePolicy naming the tenant role, without a parent",
        () => view(ROLE_POLICY, { role: "dev-tenant-acme" }),
        tenant("acme"),
      ],
      [
        "a RolePolicy naming the tenant role by ARN",
        () => view(ROLE_POLICY, { role: ROLE_ARN("dev-tenant-acme") }),
        tenant("acme"),
      ],
      [
        "a RolePolicyAttachment naming a tenant whose id has a hyphen",
        () => view(ROLE_POLICY_ATTACHMENT, { role: "dev-tenant-acme-eu" }),
        tenant("acme-eu"),
      ],
      [
        "a PolicyAttachment: the first of its roles that is a tenant role",
        () =>
          view(POLICY_ATTACHMENT, {
            roles: [UNKNOWN, 7, "dev-workload", ROLE_ARN("dev-tenant-acme")],
          }),
        tenant("acme"),
      ],
      [
        "a prefix that reads 'undefined' is a prefix like any other",
        () => view(ROLE_POLICY, { role: "undefined-tenant-acme" }),
        tenant("acme"),
        "none",
      ],
    ]);
  });

  describe("names that are not this stack's tenant roles", () => {
    run([
      [
        "another stack's tenant role, when the prefix is known",
        () => view(ROLE_POLICY, { role: "prod-tenant-acme" }),
        PLATFORM_SCOPE,
        "dev",
      ],
      [
        "any prefix's tenant role, when it is not",
        () => view(ROLE_POLICY, { role: "prod-tenant-acme" }),
        tenant("acme"),
        "none",
      ],
      [
        "another stack's tenant role by ARN, when the prefix is known",
        () => view(ROLE_POLICY, { role: ROLE_ARN("prod-tenant-acme") }),
        PLATFORM_SCOPE,
        "dev",
      ],
      ["the workload role", () => view(ROLE_POLICY, { role: "dev-workload" }), PLATFORM_SCOPE],
      [
        "a name with nothing before -tenant-",
        () => view(ROLE_POLICY, { role: "tenant-acme" }),
        PLATFORM_SCOPE,
        "none",
      ],
      // A tenant id is lower-case letters, digits and hyphens, and ends the name.
      [
        "an id that is not one",
        () => view(ROLE_POLICY, { role: "x-tenant-Acme" }),
        PLATFORM_SCOPE,
        "none",
      ],
      [
        "an id followed by more",
        () => view(ROLE_POLICY, { role: "x-tenant-acme_old" }),
        PLATFORM_SCOPE,
        "none",
      ],
      ["an unknown role", () => view(ROLE_POLICY, { role: UNKNOWN }), PLATFORM_SCOPE],
      ["an unknown roles list", () => view(POLICY_ATTACHMENT, { roles: UNKNOWN }), PLATFORM_SCOPE],
      // Only policies and attachments are attached to the role they name.
      [
        "an instance profile's role",
        () => view("aws:iam/instanceProfile:InstanceProfile", { role: "dev-tenant-acme" }),
        PLATFORM_SCOPE,
      ],
      [
        "a roles input of another attachment type",
        () =>
          view("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", {
            group: "admins",
            roles: ["dev-tenant-acme", "dev-pooled-0"],
          }),
        PLATFORM_SCOPE,
      ],
      [
        "a non-role's tenantId tag outside any Tenant",
        () => view(INFERENCE_PROFILE, { tags: TAG("acme") }),
        PLATFORM_SCOPE,
      ],
      [
        "a resource under the TenantPlatform component",
        () => view(ROLE, { name: "dev-workload", path: "/" }, PLATFORM_COMPONENT),
        PLATFORM_SCOPE,
      ],
      ["an auto-named role without tags", () => view(ROLE, {}), PLATFORM_SCOPE],
    ]);
  });

  describe("pooled shard roles", () => {
    run([
      [
        "the shard role itself (untagged, on the tenant role path)",
        () => view(ROLE, { name: "dev-pooled-0", path: "/tenants/", tags: {} }, SHARD),
        pooled("dev-pooled-0"),
      ],
      [
        "a RolePolicy on it",
        () => view(ROLE_POLICY, { role: "dev-pooled-0" }, SHARD),
        pooled("dev-pooled-0"),
      ],
      [
        "a RolePolicyAttachment naming it by ARN",
        () => view(ROLE_POLICY_ATTACHMENT, { role: ROLE_ARN("dev-pooled-1") }),
        pooled("dev-pooled-1"),
      ],
      [
        "a PolicyAttachment with it among its roles",
        () => view(POLICY_ATTACHMENT, { roles: [UNKNOWN, "dev-app", "dev-pooled-2"] }),
        pooled("dev-pooled-2"),
      ],
      [
        "another stack's shard role, when the prefix is known",
        () => view(ROLE, { name: "prod-pooled-0" }),
        PLATFORM_SCOPE,
        "dev",
      ],
      [
        "any prefix's shard role, when it is not",
        () => view(ROLE, { name: "prod-pooled-0" }),
        pooled("prod-pooled-0"),
        "none",
      ],
      [
        "a RolePolicy named like a shard role is judged by the role it is on",
        () => view(ROLE_POLICY, { name: "dev-pooled-0", role: "dev-app" }),
        PLATFORM_SCOPE,
      ],
      [
        "a shard role under a Tenant component",
        () => view(ROLE, { name: "dev-pooled-0", tags: {} }, TENANT("acme")),
        undetermined(
          'it belongs to pooled role "dev-pooled-0", but parent Tenant component says "acme"',
        ),
      ],
      [
        "a shard role tagged for a tenant, under its component",
        () => view(ROLE, { name: "dev-pooled-0", tags: TAG("acme") }, TENANT("acme")),
        undetermined(
          'it belongs to pooled role "dev-pooled-0", but parent Tenant component says "acme", tag tenantId says "acme"',
        ),
      ],
      [
        "a policy on a shard role that also names a tenant role",
        () => view(POLICY_ATTACHMENT, { roles: ["dev-tenant-acme", "dev-pooled-0"] }),
        undetermined(
          'it belongs to pooled role "dev-pooled-0", but tenant role it is attached to says "acme"',
        ),
      ],
    ]);
  });

  describe("tenant IAM whose tenant cannot be told", () => {
    run([
      [
        "parent and tag disagree",
        () => view(ROLE, { name: "dev-tenant-acme", tags: TAG("globex") }, TENANT("acme")),
        undetermined(
          'its tenant is ambiguous: parent Tenant component says "acme", tag tenantId says "globex"',
        ),
      ],
      [
        "parent and the tenant role named disagree",
        () => view(ROLE_POLICY, { role: "dev-tenant-globex" }, TENANT("acme")),
        undetermined(
          'its tenant is ambiguous: parent Tenant component says "acme", tenant role it is attached to says "globex"',
        ),
      ],
      [
        "a tenant's role without a tag",
        () => view(ROLE, { name: "dev-tenant-acme", path: "/tenants/" }, TENANT("acme")),
        undetermined('tenant role of "acme" has no tenantId tag'),
      ],
      [
        "a tenant's role whose tags hold no tenantId",
        () => view(ROLE, { name: "dev-tenant-acme", tags: { team: "acme" } }, TENANT("acme")),
        undetermined('tenant role of "acme" has no tenantId tag'),
      ],
      [
        "a tenant's role whose tags are unknown",
        () => view(ROLE, { name: "dev-tenant-acme", tags: UNKNOWN }, TENANT("acme")),
        undetermined('tenant role of "acme" has no tenantId tag'),
      ],
      [
        "a tenant's role whose tenantId tag is unknown",
        () => view(ROLE, { name: "dev-tenant-acme", tags: { tenantId: UNKNOWN } }, TENANT("acme")),
        undetermined('tenant role of "acme" has no tenantId tag'),
      ],
      [
        "a resource inside a Tenant component, under a component of its own",
        () =>
          view(
            ROLE_POLICY,
            { role: UNKNOWN },
            `${STACK}tenancy:index:Tenant$tenancy:index:Extra::acme-extra`,
          ),
        undetermined("it sits inside a Tenant component that is not its direct parent"),
      ],
      [
        "an untagged role on the tenant role path",
        () => view(ROLE, { name: "dev-app", path: "/tenants/" }),
        undetermined("it is on the tenant role path /tenants/ without a tenantId tag"),
      ],
    ]);
  });

  describe("the tenant role path is a role's", () => {
    run([
      [
        "a role on another path",
        () => view(ROLE, { name: "dev-app", path: "/tenants/x/" }),
        PLATFORM_SCOPE,
      ],
      [
        "a user on /tenants/",
        () => view("aws:iam/user:User", { name: "dev-app", path: "/tenants/" }),
        PLATFORM_SCOPE,
      ],
    ]);
  });

  describe("sameScope", () => {
    const cases: [TenantScope, TenantScope, boolean, string][] = [
      [tenant("acme"), tenant("acme"), true, "one tenant"],
      [tenant("acme"), tenant("globex"), false, "two tenants"],
      [pooled("dev-pooled-0"), pooled("dev-pooled-0"), true, "one shard"],
      [pooled("dev-pooled-0"), pooled("dev-pooled-1"), false, "two shards"],
      [PLATFORM_SCOPE, { kind: "platform" }, true, "platform and platform"],
      [
        undetermined("a"),
        undetermined("b"),
        true,
        "undetermined is one scope, whatever the reason",
      ],
      [tenant("acme"), PLATFORM_SCOPE, false, "a tenant and the platform"],
      [PLATFORM_SCOPE, tenant("acme"), false, "the platform and a tenant"],
      [tenant("dev-pooled-0"), pooled("dev-pooled-0"), false, "a tenant and a shard"],
      [pooled("dev-pooled-0"), PLATFORM_SCOPE, false, "a shard and the platform"],
      [PLATFORM_SCOPE, undetermined("x"), false, "the platform and undetermined"],
    ];
    for (const [a, b, expected, reason] of cases)
      it(`${reason}: ${expected}`, () => expect(sameScope(a, b)).to.equal(expected));
  });

  describe("actsAsTenant", () => {
    const cases: [TenantScope, boolean][] = [
      [tenant("acme"), true],
      [pooled("dev-pooled-0"), true],
      [PLATFORM_SCOPE, false],
      [undetermined("x"), false],
    ];
    for (const [scope, expected] of cases)
      it(`${scope.kind}: ${expected}`, () => expect(actsAsTenant(scope)).to.equal(expected));
  });
});
