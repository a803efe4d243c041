import type { TenantIsolation } from "@tenancy/runtime/naming";
import type { PlatformLocation } from "../components/policies/arns";
import type { TenantResourcePattern } from "../policypack/lib/settings";

/** An IAM policy document as JSON, exactly as the program sends it to AWS. */
export type IamPolicyJson = Readonly<Record<string, unknown>>;

/** An identity document with the name it is reported under. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: IamPolicyJson;
}

/** What the proof needs about one tenant: its declared intent and the documents generated for it. */
export interface TenantDocuments {
  readonly tenantId: string;
  /** Declared status: a suspended tenant must be denied everything. */
  readonly status: "active" | "suspended";
  /** Declared foundation models: Bedrock must work for exactly these, through the tenant's profiles. */
  readonly models: readonly string[];
  /** Dedicated (absent) or pooled: a pooled tenant's documents are its shard role's, shared. */
  readonly isolation?: TenantIsolation;
  readonly roleArn: string;
  /** The tenant role's own inline policy (`<id>-data-access`); statements read `identity:<Sid>`. */
  readonly identityPolicy: IamPolicyJson;
  /**
   * Every other identity document that applies to the role: further inline policies and
   * attached managed policies. Evaluated together with {@link identityPolicy}, as IAM does;
   * statements read `identity[<name>]:<Sid>`.
   */
  readonly otherIdentityPolicies?: readonly NamedPolicy[];
  /**
   * Policies attached to the role whose document the proof cannot read (an AWS-managed ARN, an
   * ARN that matches no policy in the plan). Each breaks `premise.every-identity-document-read`.
   */
  readonly unreadablePolicies?: readonly string[];
  /** The tenant role's trust (assume-role) policy. */
  readonly trustPolicy: IamPolicyJson;
}

/** The shared Lambda role that assumes tenant roles. */
export interface WorkloadDocuments {
  readonly roleArn: string;
  readonly identityPolicy: IamPolicyJson;
}

/** The tenants file's ids by tier: what a pooled trust policy may and may not admit. */
export interface DeclaredTiers {
  readonly dedicated: readonly string[];
  readonly activePooled: readonly string[];
  readonly suspendedPooled: readonly string[];
}

export interface ProofInput {
  readonly platform: PlatformLocation;
  readonly workload: WorkloadDocuments;
  readonly tenants: readonly TenantDocuments[];
  /**
   * Per-tenant resources of other services, declared in the pack settings (`tenantResources`):
   * each tenant is probed on its own instance and on the representatives'.
   */
  readonly tenantResources?: readonly TenantResourcePattern[];
  /** Needed as soon as one tenant is pooled. */
  readonly tiers?: DeclaredTiers;
}

/** The declared tiers of a tenants file (status and isolation of each id). */
export function declaredTiers(
  specs: readonly { id: string; status: string; isolation?: TenantIsolation }[],
): DeclaredTiers {
  const ids = (match: (spec: (typeof specs)[number]) => boolean) =>
    specs
      .filter(match)
      .map((s) => s.id)
      .sort();
  return {
    dedicated: ids((s) => s.isolation !== "pooled"),
    activePooled: ids((s) => s.isolation === "pooled" && s.status === "active"),
    suspendedPooled: ids((s) => s.isolation === "pooled" && s.status === "suspended"),
  };
}
