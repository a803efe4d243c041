import { UNKNOWN } from "./knownValues";
import {
  ATTACHMENT_TYPES,
  MANAGED_POLICY,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
  TENANT_COMPONENT,
} from "./resourceView";

/** What a `role`/`roles` input names: a Role of this stack, a role outside it, or nothing known. */
export type RoleReference =
  | { readonly kind: "role"; readonly view: ResourceView }
  | { readonly kind: "outside"; readonly name: string }
  | { readonly kind: "unknown" };

/**
 * A tenant as its `Tenant` component declares it (the component's input `isolation`); a
 * component without it predates the pooled tier, so it is dedicated.
 */
export interface DeclaredTenant {
  readonly view: ResourceView;
  readonly isolation: "dedicated" | "pooled";
}

/** The stack's resources by URN and its roles by physical name, for rules that follow references. */
export class StackIndex {
  private readonly byUrn = new Map<string, ResourceView>();
  private readonly rolesByName = new Map<string, ResourceView[]>();
  private readonly policiesByName = new Map<string, ResourceView[]>();
  private readonly resolvedViews = new Map<string, ResourceView>();

  constructor(readonly views: readonly ResourceView[]) {
    for (const view of views) {
      this.byUrn.set(view.urn, view);
      const byName =
        view.type === ROLE
          ? this.rolesByName
          : view.type === MANAGED_POLICY
            ? this.policiesByName
            : undefined;
      // An auto-named Policy records no name input; the mock engine (and the start of Pulumi's
      // auto-name) uses its logical name, so that is what its ARN ends in.
      const given = byName === undefined ? undefined : view.props.name;
      const name =
        typeof given === "string" ? given : view.type === MANAGED_POLICY ? view.name : undefined;
      if (byName !== undefined && name !== undefined)
        byName.set(name, [...(byName.get(name) ?? []), view]);
    }
  }

  /** The stack's tenants by id (a Tenant component is named after its tenant's id). */
  declaredTenants(): Map<string, DeclaredTenant> {
    const tenants = new Map<string, DeclaredTenant>();
    for (const view of this.views) {
      if (view.type !== TENANT_COMPONENT) continue;
      tenants.set(view.name, {
        view,
        isolation: view.props.isolation === "pooled" ? "pooled" : "dedicated",
      });
    }
    return tenants;
  }

  get(urn: string): ResourceView | undefined {
    return this.byUrn.get(urn);
  }

  rolesNamed(name: string): ResourceView[] {
    return this.rolesByName.get(name) ?? [];
  }

  /**
   * A RolePolicy or attachment as the whole stack shows it: an unknown `role` traced to its Role's
   * name, and an attachment's policyArn (unknown, or the ARN of a Policy named in this stack)
   * traced to that Policy. Anything that cannot be traced to exactly one resource stays as it is.
   */
  resolved(view: ResourceView): ResourceView {
    const cached = this.resolvedViews.get(view.urn);
    if (cached !== undefined) return cached;
    let props = view.props;
    if (
      (view.type === ROLE_POLICY || view.type === ROLE_POLICY_ATTACHMENT) &&
      props.role === UNKNOWN
    ) {
      const roles = this.dependenciesOf(view, "role", ROLE);
      const name = roles.length === 1 ? roles[0]?.props.name : undefined;
      if (typeof name === "string") props = { ...props, role: name };
    }
    const attachedPolicy = ATTACHMENT_TYPES.includes(view.type)
      ? this.policyAttachedBy(view)
      : undefined;
    const resolved =
      props === view.props && attachedPolicy === undefined
        ? view
        : { ...view, props, attachedPolicy };
    this.resolvedViews.set(view.urn, resolved);
    return resolved;
  }

  /** The Policy of this stack an attachment's policyArn names, if exactly one can be found. */
  policyAttachedBy(attachment: ResourceView): ResourceView | undefined {
    const arn = attachment.props.policyArn;
    const candidates =
      arn === UNKNOWN
        ? this.dependenciesOf(attachment, "policyArn", MANAGED_POLICY)
        : typeof arn === "string" && !/:iam::aws:policy\//.test(arn)
          ? (this.policiesByName.get(arn.split("/").pop() ?? arn) ?? [])
          : [];
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The resources of `type` an input of `holder` was computed from (its propertyDependencies). */
  dependenciesOf(holder: ResourceView, key: string, type: string): ResourceView[] {
    return (holder.propertyDependencies?.[key] ?? [])
      .map((urn) => this.byUrn.get(urn))
      .filter((view): view is ResourceView => view !== undefined && view.type === type);
  }

  /**
   * The roles a `role` (one name or ARN) or `roles` (a list) input names. A name known at preview
   * is looked up among the stack's roles; an unknown one is traced through propertyDependencies.
   */
  rolesReferenced(holder: ResourceView, key: "role" | "roles"): RoleReference[] {
    const value = holder.props[key];
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item): RoleReference[] => {
      if (typeof item === "string") {
        const name = item.split("/").pop() ?? item;
        const roles = this.rolesNamed(name);
        return roles.length > 0
          ? roles.map((view) => ({ kind: "role", view }))
          : [{ kind: "outside", name }];
      }
      const traced = item === UNKNOWN ? this.dependenciesOf(holder, key, ROLE) : [];
      return traced.length > 0
        ? traced.map((view) => ({ kind: "role", view }))
        : [{ kind: "unknown" }];
    });
  }
}
