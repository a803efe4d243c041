import type { IamPolicyJson } from "./proofInput";

export type Outcome = "allowed" | "denied";

/** A request as IAM sees it: who, what, on which ARN, with which request-context keys. */
export interface ProbeRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Which documents decide the probe: the tenant role's identity documents (a session of T's role
 * acts), with the resource's own policy where the service requires one (a KMS key policy), or T's
 * trust policy together with the calling principal's own policy (someone assumes T's role).
 */
export type ProbeDocuments =
  | { readonly kind: "identity"; readonly resourcePolicy?: IamPolicyJson }
  | { readonly kind: "trust"; readonly callerPolicy: IamPolicyJson };

export interface Probe {
  /** Stable across tenants, e.g. `dynamodb.get-item.extension`, so results form a matrix. */
  readonly name: string;
  readonly expect: Outcome;
  readonly documents: ProbeDocuments;
  readonly request: ProbeRequest;
  /** One line: what the probe stands for, shown when it fails. */
  readonly why: string;
}
