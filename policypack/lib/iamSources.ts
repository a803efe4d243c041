import { isRecord } from "./policyDocument";
import {
  ACCESS_POINT,
  ACCESS_POINT_POLICY,
  ATTACHMENT_TYPES,
  BUCKET_POLICY,
  DYNAMODB_RESOURCE_POLICY,
  GROUP_POLICY,
  MANAGED_POLICY,
  ResourceView,
  ROLE,
  ROLE_POLICY,
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
/**
 * The types whose own inputs can hold an identity document (a role through its inline policies);
 * an attachment's document is only known at stack level, where the attached Policy is traced.
 */
export const IDENTITY_DOCUMENT_TYPES: readonly string[] = [ROLE, ...IDENTITY_POLICY_TYPES];
/** Policies a data store (or an access point in front of one) carries: who may reach it. */
export const RESOURCE_POLICY_TYPES = [
  BUCKET_POLICY,
  DYNAMODB_RESOURCE_POLICY,
  ACCESS_POINT_POLICY,
  ACCESS_POINT,
];

/** Every IAM document a resource carries, however the program wrote it. */
export function documentSources(view: ResourceView): DocumentSource[] {
  // Inputs are read only for types that carry documents (stack views copy them on first read).
  if (IDENTITY_POLICY_TYPES.includes(view.type))
    return [{ location: "policy", kind: "identity", raw: view.props.policy }];
  if (RESOURCE_POLICY_TYPES.includes(view.type))
    return [{ location: "policy", kind: "resource", raw: view.props.policy }];
  if (ATTACHMENT_TYPES.includes(view.type)) {
    const attached = view.attachedPolicy;
    return attached === undefined
      ? []
      : [
          {
            location: `policyArn (${attached.type} "${attached.name}") policy`,
            kind: "identity",
            raw: attached.props.policy,
          },
        ];
  }
  if (view.type !== ROLE) return [];
  const props = view.props;
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
  if (ATTACHMENT_TYPES.includes(view.type))
    return [{ location: "policyArn", arn: props.policyArn }];
  if (view.type !== ROLE) return [];
  const arns = props.managedPolicyArns;
  if (arns === UNKNOWN) return [{ location: "managedPolicyArns", arn: UNKNOWN }];
  return Array.isArray(arns)
    ? arns.map((arn, index) => ({ location: `managedPolicyArns[${index}]`, arn }))
    : [];
}
