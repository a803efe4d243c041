import type { PlatformLocation } from "../components/policies/arns";

/** An IAM policy document as JSON, exactly as the program sends it to AWS. */
export type IamPolicyJson = Readonly<Record<string, unknown>>;

/** What the proof needs about one tenant: its declared intent and the documents generated for it. */
export interface TenantDocuments {
  readonly tenantId: string;
  /** Declared status: a suspended tenant must be denied everything. */
  readonly status: "active" | "suspended";
  /** Declared foundation models: Bedrock must work for exactly these, through the tenant's profiles. */
  readonly models: readonly string[];
  readonly roleArn: string;
  /** The tenant role's inline policy. */
  readonly identityPolicy: IamPolicyJson;
  /** The tenant role's trust (assume-role) policy. */
  readonly trustPolicy: IamPolicyJson;
}

/** The shared Lambda role that assumes tenant roles. */
export interface WorkloadDocuments {
  readonly roleArn: string;
  readonly identityPolicy: IamPolicyJson;
}

export interface ProofInput {
  readonly platform: PlatformLocation;
  readonly workload: WorkloadDocuments;
  readonly tenants: readonly TenantDocuments[];
}
