import { isRecord } from "./policyDocument";
import {
  BUCKET_POLICY,
  GROUP_POLICY,
  MANAGED_POLICY,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
  USER_POLICY,
} from "./resourceView";
import { UNKNOWN } from "./knownValues";

/** identity: what the holder may do; trust: who may assume a role; resource: who may reach a store. */
export type DocumentKind = "identity" | "trust" | "resource";

export interface DocumentSource {
  /** Where in the resource the document sits, e.g. `policy` or `inlinePolicies[0] (data)`. */
  readonly location: string;
  readonly kind: DocumentKind;
  /** JSON string, object, or `UNKNOWN`. */
  readonly raw: unknown;
}

export interface ManagedPolicyReference {
  readonly location: string;
  readonly arn: unknown;
}

const IDENTITY_POLICY_TYPES = [ROLE_POLICY, MANAGED_POLICY, USER_POLICY, GROUP_POLICY];

/** Every IAM document a resource carries, however the program wrote it. */
export function documentSources(view: ResourceView): DocumentSource[] {
  const props = view.props;
  if (IDENTITY_POLICY_TYPES.includes(view.type))
    return [{ location: "policy", kind: "identity", raw: props.policy }];
  if (view.type === BUCKET_POLICY)
    return [{ location: "policy", kind: "resource", raw: props.policy }];
  if (view.type !== ROLE) return [];
  const sources: DocumentSource[] = [
    { location: "assumeRolePolicy", kind: "trust", raw: props.assumeRolePolicy },
  ];
  const inline = props.inlinePolicies;
  if (inline === UNKNOWN)
    sources.push({ location: "inlinePolicies", kind: "identity", raw: UNKNOWN });
  if (Array.isArray(inline)) {
    inline.forEach((entry, index) => {
      const name = isRecord(entry) && typeof entry.name === "string" ? ` (${entry.name})` : "";
      const raw = entry === UNKNOWN ? UNKNOWN : isRecord(entry) ? entry.policy : undefined;
      // The provider's "no inline policies" marker is an entry without a policy.
      if (raw !== undefined && raw !== "")
        sources.push({ location: `inlinePolicies[${index}]${name}`, kind: "identity", raw });
    });
  }
  return sources;
}

/** Managed policies attached in `managedPolicyArns` or by an attachment resource. */
export function managedPolicyReferences(view: ResourceView): ManagedPolicyReference[] {
  const props = view.props;
  if (view.type === ROLE_POLICY_ATTACHMENT || view.type === POLICY_ATTACHMENT) {
    return [{ location: "policyArn", arn: props.policyArn }];
  }
  if (view.type !== ROLE) return [];
  const arns = props.managedPolicyArns;
  if (arns === UNKNOWN) return [{ location: "managedPolicyArns", arn: UNKNOWN }];
  return Array.isArray(arns)
    ? arns.map((arn, index) => ({ location: `managedPolicyArns[${index}]`, arn }))
    : [];
}
