import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { PlatformLocation } from "./arns";
import { policyDocument, PolicyDocument, PolicyStatement } from "./policyDocument";
import { tenantScopedStatements } from "./tenantRolePolicy";

/** The session's tenant, as IAM substitutes it at request time (needs Version 2012-10-17). */
export const PRINCIPAL_TENANT = `\${aws:PrincipalTag/${TENANT_TAG_KEY}}`;

export interface PooledRolePolicyArgs {
  /**
   * Models of the shard's tenants. Each tenant still reaches a model only through an
   * application profile tagged with its own id, so the union grants no tenant another's model.
   */
  readonly models: readonly string[];
  /** Pooled tenants of the shard that are suspended: their existing sessions are denied everything. */
  readonly suspendedTenantIds: readonly string[];
  readonly platform: PlatformLocation;
}

/**
 * The inline policy of a pooled shard role: the dedicated grants with the literal id replaced by
 * the session's `tenantId` tag, plus two fences. The role may do nothing with STS.
 */
export function pooledRolePolicy({
  models,
  suspendedTenantIds,
  platform,
}: PooledRolePolicyArgs): PolicyDocument {
  const statements: PolicyStatement[] = [
    ...tenantScopedStatements(PRINCIPAL_TENANT, models, platform),
    {
      // A session without the tag would resolve the variable to nothing; never let it act.
      Sid: "NoTenantTagNoAccess",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { Null: { [`aws:PrincipalTag/${TENANT_TAG_KEY}`]: "true" } },
    },
  ];
  if (suspendedTenantIds.length > 0) {
    // The trust admits no new session for them; this ends the ones already issued (after IAM's
    // propagation delay of a few minutes).
    statements.push({
      Sid: "SuspendedTenantsDenied",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        StringEquals: { [`aws:PrincipalTag/${TENANT_TAG_KEY}`]: [...suspendedTenantIds].sort() },
      },
    });
  }
  return policyDocument(statements);
}
