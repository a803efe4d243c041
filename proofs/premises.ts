import { TENANT_ROLE_PATH, TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import type { PremiseResult } from "./proofReport";
import type { IamPolicyJson, TenantDocuments } from "./proofInput";

/**
 * The probes try a fixed set of foreign ids per tenant. That is only enough if T's documents
 * grant by T's id alone; this checks it, instead of trusting the policy pack to have done so.
 */
export function checkPremises(tenant: TenantDocuments): PremiseResult[] {
  const documents: [string, IamPolicyJson][] = [
    ["identity policy", tenant.identityPolicy],
    ["trust policy", tenant.trustPolicy],
  ];
  const wrongVersion = documents
    .filter(([, doc]) => doc["Version"] !== "2012-10-17")
    .map(([name]) => name);
  const foreign = documents.flatMap(([name, doc]) =>
    tenantReferences(doc)
      .filter((ref) => ref.id !== tenant.tenantId)
      .map(
        (ref) =>
          `${name} ${ref.statement} ${ref.where} names ${ref.id === "" ? "a wildcard" : `"${ref.id}"`}`,
      ),
  );
  return [
    {
      tenantId: tenant.tenantId,
      premise: "premise.version-2012-10-17",
      holds: wrongVersion.length === 0,
      // The simulator resolves ${...} variables under any Version; IAM only under 2012-10-17.
      explanation:
        wrongVersion.length === 0
          ? "both documents use Version 2012-10-17"
          : `${wrongVersion.join(" and ")} lack Version 2012-10-17: IAM would read policy variables as literal text, the simulator would not`,
    },
    {
      tenantId: tenant.tenantId,
      premise: "premise.grants-name-only-self",
      holds: foreign.length === 0,
      explanation:
        foreign.length === 0
          ? `every tenant-scoped key, prefix, tag and role in an Allow names "${tenant.tenantId}"`
          : `${foreign.join("; ")}: the fixed foreign-id probes no longer cover every tenant`,
    },
  ];
}

interface TenantReference {
  readonly statement: string;
  readonly where: string;
  /** The tenant id the grant is scoped to; "" when a wildcard stands in its place. */
  readonly id: string;
}

/** Tenant ids named by the Allow statements: S3 keys and prefixes, leading keys, tenant tags, tenant roles. */
function tenantReferences(document: IamPolicyJson): TenantReference[] {
  const statements = asArray(document["Statement"]) as Record<string, unknown>[];
  return statements.flatMap((statement, index) => {
    if (statement["Effect"] !== "Allow") return [];
    const name = typeof statement["Sid"] === "string" ? statement["Sid"] : `#${index + 1}`;
    const refs: TenantReference[] = [];
    for (const resource of asArray(statement["Resource"]).filter(isString)) {
      const s3Key = /^arn:[^:]+:s3:::[^/]+\/(.*)$/.exec(resource)?.[1];
      const s3Id = s3Key === undefined ? undefined : idAfter("tenants/", s3Key);
      if (s3Id !== undefined)
        refs.push({ statement: name, where: `Resource ${resource}`, id: s3Id });
      const roleId = tenantIdOfRole(resource);
      if (roleId !== undefined)
        refs.push({ statement: name, where: `Resource ${resource}`, id: roleId });
    }
    const conditions = (statement["Condition"] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [operator, block] of Object.entries(conditions)) {
      for (const [key, raw] of Object.entries(block)) {
        const lower = key.toLowerCase();
        for (const value of asArray(raw).filter(isString)) {
          const where = `${operator} ${key} = ${value}`;
          let id: string | undefined;
          if (lower === "dynamodb:leadingkeys")
            id = value.includes("#") ? leadingId(value.slice(0, value.indexOf("#"))) : undefined;
          else if (lower === "s3:prefix") id = idAfter("tenants/", value);
          else if (lower.endsWith(`/${TENANT_TAG_KEY.toLowerCase()}`)) id = leadingId(value);
          if (id !== undefined) refs.push({ statement: name, where, id });
        }
      }
    }
    return refs;
  });
}

/** `tenants/acme/*` -> `acme`; `tenants/*` -> "" (a wildcard where an id belongs). */
function idAfter(prefix: string, value: string): string | undefined {
  return value.startsWith(prefix) ? leadingId(value.slice(prefix.length)) : undefined;
}

/** The literal head of a pattern, up to the first delimiter or wildcard. */
function leadingId(value: string): string {
  return /^[^/#*?$]*/.exec(value)?.[0] ?? "";
}

/** `arn:aws:iam::1:role/tenants/dev-tenant-acme` -> `acme`; any other ARN -> undefined. */
function tenantIdOfRole(arn: string): string | undefined {
  const name = new RegExp(`^arn:[^:]+:iam::[^:]*:role${TENANT_ROLE_PATH}(.*)$`).exec(arn)?.[1];
  if (name === undefined) return undefined;
  const marker = name.indexOf("-tenant-");
  return marker === -1 ? leadingId(name) : leadingId(name.slice(marker + "-tenant-".length));
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
