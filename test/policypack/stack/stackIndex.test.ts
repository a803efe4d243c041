import { expect } from "chai";
import { UNKNOWN } from "../../../policypack/lib/knownValues";
import {
  ATTACHMENT_TYPES,
  MANAGED_POLICY,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
  TENANT_COMPONENT,
} from "../../../policypack/lib/resourceView";
import { StackIndex } from "../../../policypack/lib/stackIndex";
import { viewsOf } from "../checks/stackViews";
import { PLATFORM, pooledStack } from "../tenantStackFixture";

// StackIndex directly: the stack's resources by URN, its roles by physical name, its managed
// policies by the name their ARN ends in, and how a RolePolicy's or attachment's unknown or
// named references are traced to exactly one resource of the stack.

const STACK = "urn:pulumi:dev::tenancy::";
const ACCOUNT = PLATFORM.accountId;
const POLICY_ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const ROLE_ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DOC = '{"Version":"2012-10-17","Statement":[]}';

function view(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies?: Record<string, string[]>,
): ResourceView {
  return { type, urn: `${STACK}${type}::${name}`, name, props, propertyDependencies };
}

const WORKLOAD = view(ROLE, "dev-workload", { name: "dev-workload" });
const ACME = view(ROLE, "acme-role", { name: "dev-tenant-acme" });
/** Auto-named (no name input): Pulumi adds a random suffix to the logical name. */
const AUTO_ROLE = view(ROLE, "app", {});
const UNKNOWN_NAME_ROLE = view(ROLE, "later", { name: UNKNOWN });
const TWIN_ROLE_A = view(ROLE, "twin-a", { name: "dev-twin" });
const TWIN_ROLE_B = view(ROLE, "twin-b", { name: "dev-twin" });
const EXTRA = view(MANAGED_POLICY, "extra", { name: "dev-extra", policy: DOC });
/** Auto-named Policy: its ARN ends in its logical name (see the constructor's comment). */
const AUTO_POLICY = view(MANAGED_POLICY, "auto-policy", { policy: DOC });
const TWIN_POLICY_A = view(MANAGED_POLICY, "twin-policy-a", {
  name: "dev-twin-policy",
  policy: DOC,
});
const TWIN_POLICY_B = view(MANAGED_POLICY, "twin-policy-b", {
  name: "dev-twin-policy",
  policy: DOC,
});
/** Named like an AWS-managed policy. */
const READ_ONLY = view(MANAGED_POLICY, "read-only", { name: "ReadOnlyAccess", policy: DOC });
/** A RolePolicy has a name too, but is no managed policy. */
const INLINE = view(ROLE_POLICY, "inline", {
  name: "dev-inline",
  role: "dev-workload",
  policy: DOC,
});

const ALL = [
  WORKLOAD,
  ACME,
  AUTO_ROLE,
  UNKNOWN_NAME_ROLE,
  TWIN_ROLE_A,
  TWIN_ROLE_B,
  EXTRA,
  AUTO_POLICY,
  TWIN_POLICY_A,
  TWIN_POLICY_B,
  READ_ONLY,
  INLINE,
];
const index = () => new StackIndex(ALL);

describe("StackIndex", () => {
  describe("get and rolesNamed", () => {
    it("finds every resource by URN, and nothing for another", () => {
      const stack = index();
      for (const item of ALL) expect(stack.get(item.urn)).to.equal(item);
      expect(stack.get(`${STACK}${ROLE}::missing`)).to.equal(undefined);
      expect(stack.views).to.equal(ALL);
    });

    const cases: [string, ResourceView[], string][] = [
      ["dev-workload", [WORKLOAD], "a role by its name input"],
      ["dev-tenant-acme", [ACME], "a role by its name input"],
      ["dev-twin", [TWIN_ROLE_A, TWIN_ROLE_B], "every role of that name, in stack order"],
      ["acme-role", [], "not by its logical name"],
      ["app", [], "an auto-named role has no known name"],
      ["dev-extra", [], "a Policy is not a role"],
      ["dev-inline", [], "a RolePolicy is not a role"],
      ["dev-missing", [], "no role of that name"],
    ];
    for (const [name, expected, reason] of cases)
      it(`rolesNamed(${name}): ${reason}`, () =>
        expect(index().rolesNamed(name)).to.deep.equal(expected));
  });

  describe("declaredTenants", () => {
    it("the Tenant components by id, with their isolation (dedicated unless declared pooled)", () => {
      const views = viewsOf(pooledStack());
      const tenants = new StackIndex(views).declaredTenants();
      expect([...tenants].map(([id, t]) => [id, t.isolation])).to.deep.equal([
        ["acme", "dedicated"],
        ["acme-eu", "dedicated"],
        ["globex", "dedicated"],
        ["hooli", "pooled"],
        ["umbrella", "pooled"],
        ["vandelay", "pooled"],
      ]);
      const acme = views.find((v) => v.type === TENANT_COMPONENT && v.name === "acme");
      expect(tenants.get("acme")?.view).to.equal(acme);
    });

    it("an explicitly dedicated tenant, and only Tenant components", () => {
      const tenants = new StackIndex([
        view(TENANT_COMPONENT, "initech", { isolation: "dedicated" }),
        view("tenancy:index:PooledShard", "pooled-0", { isolation: "pooled" }),
        view(ROLE, "hooli", { isolation: "pooled" }),
      ]).declaredTenants();
      expect([...tenants.keys()]).to.deep.equal(["initech"]);
      expect(tenants.get("initech")?.isolation).to.equal("dedicated");
    });
  });

  describe("dependenciesOf", () => {
    it("the resources of one type an input was computed from, skipping URNs outside the stack", () => {
      const holder = view(
        ROLE_POLICY,
        "p",
        { role: UNKNOWN },
        {
          role: [WORKLOAD.urn, EXTRA.urn, `${STACK}${ROLE}::gone`, ACME.urn],
        },
      );
      const stack = index();
      expect(stack.dependenciesOf(holder, "role", ROLE)).to.deep.equal([WORKLOAD, ACME]);
      expect(stack.dependenciesOf(holder, "role", MANAGED_POLICY)).to.deep.equal([EXTRA]);
      expect(stack.dependenciesOf(holder, "policyArn", ROLE)).to.deep.equal([]);
      expect(stack.dependenciesOf(view(ROLE_POLICY, "q", {}), "role", ROLE)).to.deep.equal([]);
    });
  });

  describe("policyAttachedBy", () => {
    const attachment = (policyArn: unknown, deps?: Record<string, string[]>) =>
      view(ROLE_POLICY_ATTACHMENT, "a", { role: "dev-workload", policyArn }, deps);
    const cases: [string, ResourceView, ResourceView | undefined][] = [
      ["a Policy of the stack by its name's ARN", attachment(POLICY_ARN("dev-extra")), EXTRA],
      ["its ARN with a path", attachment(POLICY_ARN("platform/dev-extra")), EXTRA],
      [
        "an auto-named Policy by its logical name",
        attachment(POLICY_ARN("auto-policy")),
        AUTO_POLICY,
      ],
      [
        "a named Policy is not found by its logical name",
        attachment(POLICY_ARN("extra")),
        undefined,
      ],
      ["two Policies of that name: neither", attachment(POLICY_ARN("dev-twin-policy")), undefined],
      ["no Policy of that name", attachment(POLICY_ARN("dev-missing")), undefined],
      [
        "an AWS-managed policy, even with a stack Policy of its name",
        attachment("arn:aws:iam::aws:policy/ReadOnlyAccess"),
        undefined,
      ],
      ["a RolePolicy's name is no Policy's", attachment(POLICY_ARN("dev-inline")), undefined],
      ["a role's name is no Policy's", attachment(POLICY_ARN("dev-workload")), undefined],
      ["no policyArn", attachment(undefined), undefined],
      [
        "an unknown ARN computed from one Policy",
        attachment(UNKNOWN, { policyArn: [WORKLOAD.urn, EXTRA.urn] }),
        EXTRA,
      ],
      [
        "an unknown ARN computed from two Policies",
        attachment(UNKNOWN, { policyArn: [EXTRA.urn, AUTO_POLICY.urn] }),
        undefined,
      ],
      ["an unknown ARN traced to nothing", attachment(UNKNOWN), undefined],
      [
        "an unknown ARN: only its own input's dependencies count",
        attachment(UNKNOWN, { role: [EXTRA.urn] }),
        undefined,
      ],
    ];
    for (const [reason, subject, expected] of cases)
      it(reason, () => expect(index().policyAttachedBy(subject)).to.equal(expected));
  });

  describe("resolved", () => {
    it("a RolePolicy's unknown role traced to its one Role: that Role's name", () => {
      const policy = view(ROLE_POLICY, "p", { role: UNKNOWN, policy: DOC }, { role: [ACME.urn] });
      const stack = index();
      const resolved = stack.resolved(policy);
      expect(resolved.props).to.deep.equal({ role: "dev-tenant-acme", policy: DOC });
      expect(resolved).to.include({
        type: ROLE_POLICY,
        urn: policy.urn,
        name: "p",
        attachedPolicy: undefined,
      });
      expect(policy.props.role).to.equal(UNKNOWN);
      expect(stack.resolved(policy)).to.equal(resolved);
    });

    it("a RolePolicyAttachment: its role and its Policy both traced", () => {
      const item = view(
        ROLE_POLICY_ATTACHMENT,
        "a",
        { role: UNKNOWN, policyArn: POLICY_ARN("dev-extra") },
        { role: [WORKLOAD.urn] },
      );
      const resolved = index().resolved(item);
      expect(resolved.props).to.deep.equal({
        role: "dev-workload",
        policyArn: POLICY_ARN("dev-extra"),
      });
      expect(resolved.attachedPolicy).to.equal(EXTRA);
    });

    for (const type of ATTACHMENT_TYPES) {
      it(`${type}: the Policy it attaches, its inputs as they were`, () => {
        const item = view(type, "a", {
          policyArn: POLICY_ARN("dev-extra"),
          roles: ["dev-workload"],
        });
        const stack = index();
        const resolved = stack.resolved(item);
        expect(resolved).to.not.equal(item);
        expect(resolved).to.include({
          type,
          urn: item.urn,
          name: "a",
          props: item.props,
          attachedPolicy: EXTRA,
        });
        expect(stack.resolved(item)).to.equal(resolved);
      });
    }

    const unchanged: [string, ResourceView][] = [
      [
        "a role traced to two Roles",
        view(ROLE_POLICY, "p", { role: UNKNOWN }, { role: [ACME.urn, WORKLOAD.urn] }),
      ],
      [
        "a role traced to a Role without a known name",
        view(ROLE_POLICY, "p", { role: UNKNOWN }, { role: [AUTO_ROLE.urn] }),
      ],
      [
        "a role traced to a Role whose name is unknown",
        view(ROLE_POLICY, "p", { role: UNKNOWN }, { role: [UNKNOWN_NAME_ROLE.urn] }),
      ],
      ["a role traced to nothing", view(ROLE_POLICY_ATTACHMENT, "p", { role: UNKNOWN })],
      [
        "a role traced to a Policy only",
        view(ROLE_POLICY, "p", { role: UNKNOWN }, { role: [EXTRA.urn] }),
      ],
      // A known role is what the program wrote, whatever it was computed from.
      ["a known role", view(ROLE_POLICY, "p", { role: "dev-app" }, { role: [ACME.urn] })],
      // Only RolePolicy and RolePolicyAttachment name one role that this traces.
      [
        "an instance profile's unknown role",
        view(
          "aws:iam/instanceProfile:InstanceProfile",
          "i",
          { role: UNKNOWN },
          { role: [ACME.urn] },
        ),
      ],
      // A RolePolicy carries its own document: it attaches no Policy.
      [
        "a RolePolicy with a stray policyArn",
        view(ROLE_POLICY, "p", { role: "dev-app", policyArn: POLICY_ARN("dev-extra") }),
      ],
      [
        "an attachment of an AWS-managed policy",
        view(POLICY_ATTACHMENT, "a", {
          policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
          roles: [UNKNOWN],
        }),
      ],
      ["a Role", ACME],
    ];
    for (const [reason, item] of unchanged)
      it(`${reason}: the view itself`, () => {
        const stack = index();
        expect(stack.resolved(item)).to.equal(item);
        expect(stack.resolved(item)).to.equal(item);
      });
  });

  describe("rolesReferenced", () => {
    const holder = (props: Record<string, unknown>, deps?: Record<string, string[]>) =>
      view(POLICY_ATTACHMENT, "h", props, deps);
    const cases: [string, ResourceView, "role" | "roles", unknown[]][] = [
      [
        "a role of the stack by name",
        holder({ role: "dev-workload" }),
        "role",
        [{ kind: "role", view: WORKLOAD }],
      ],
      [
        "by ARN",
        holder({ role: ROLE_ARN("tenants/dev-tenant-acme") }),
        "role",
        [{ kind: "role", view: ACME }],
      ],
      [
        "every role of that name",
        holder({ role: "dev-twin" }),
        "role",
        [
          { kind: "role", view: TWIN_ROLE_A },
          { kind: "role", view: TWIN_ROLE_B },
        ],
      ],
      [
        "a role outside the stack, by name",
        holder({ role: "dev-elsewhere" }),
        "role",
        [{ kind: "outside", name: "dev-elsewhere" }],
      ],
      [
        "a role outside the stack, by ARN: its name",
        holder({ role: "arn:aws:iam::999999999999:role/x/ext" }),
        "role",
        [{ kind: "outside", name: "ext" }],
      ],
      [
        "an unknown role traced to its Role",
        holder({ role: UNKNOWN }, { role: [EXTRA.urn, ACME.urn] }),
        "role",
        [{ kind: "role", view: ACME }],
      ],
      [
        "an unknown role traced to nothing",
        holder({ role: UNKNOWN }),
        "role",
        [{ kind: "unknown" }],
      ],
      [
        "an unknown role traced to no Role",
        holder({ role: UNKNOWN }, { role: [EXTRA.urn] }),
        "role",
        [{ kind: "unknown" }],
      ],
      ["no role input", holder({}), "role", []],
      ["a null role input", holder({ role: null }), "role", []],
      [
        "a single name under roles",
        holder({ roles: "dev-workload" }),
        "roles",
        [{ kind: "role", view: WORKLOAD }],
      ],
      [
        // The list is unknown as a whole only through its own key's dependencies.
        "a list: names, unknowns traced, anything else unknown",
        holder(
          { roles: ["dev-workload", UNKNOWN, "ghost", null], role: UNKNOWN },
          { roles: [ACME.urn], role: [WORKLOAD.urn] },
        ),
        "roles",
        [
          { kind: "role", view: WORKLOAD },
          { kind: "role", view: ACME },
          { kind: "outside", name: "ghost" },
          { kind: "unknown" },
        ],
      ],
      [
        "a whole unknown list",
        holder({ roles: UNKNOWN }, { roles: [ACME.urn, WORKLOAD.urn] }),
        "roles",
        [
          { kind: "role", view: ACME },
          { kind: "role", view: WORKLOAD },
        ],
      ],
    ];
    for (const [reason, subject, key, expected] of cases)
      it(reason, () => expect(index().rolesReferenced(subject, key)).to.deep.equal(expected));
  });
});
