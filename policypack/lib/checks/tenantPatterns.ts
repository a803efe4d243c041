import { TENANT_TAG_KEY, tenantKeyPrefix, tenantS3Prefix } from "../naming";

/** ABAC spelling of "this session's tenant", valid only under Version 2012-10-17. */
export const PRINCIPAL_TAG_VARIABLE = `\${aws:PrincipalTag/${TENANT_TAG_KEY}}`;
export const POLICY_VARIABLE_VERSION = "2012-10-17";

/** Key prefixes a tenant's LeadingKeys values may start with. */
export function ownKeyPrefixes(tenantId: string, version: string | undefined): string[] {
  return version === POLICY_VARIABLE_VERSION
    ? [tenantKeyPrefix(tenantId), tenantKeyPrefix(PRINCIPAL_TAG_VARIABLE)]
    : [tenantKeyPrefix(tenantId)];
}

/** S3 key prefixes a tenant's object ARNs and s3:prefix values may start with. */
export function ownS3Prefixes(tenantId: string, version: string | undefined): string[] {
  return version === POLICY_VARIABLE_VERSION
    ? [tenantS3Prefix(tenantId), tenantS3Prefix(PRINCIPAL_TAG_VARIABLE)]
    : [tenantS3Prefix(tenantId)];
}

/** Tag values that name this tenant: its id, or the session's own tag. */
export function ownTagValues(tenantId: string, version: string | undefined): string[] {
  return version === POLICY_VARIABLE_VERSION ? [tenantId, PRINCIPAL_TAG_VARIABLE] : [tenantId];
}
