import {
  TENANT_ROLE_PATH,
  TENANT_TAG_KEY,
  tenantKeyPrefix,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";
import { bucketArn, type PlatformLocation } from "../components/policies/arns";
import type { PremiseResult } from "./proofReport";
import type { DeclaredTiers, IamPolicyJson, TenantDocuments } from "./proofInput";
import { tierSetsOf } from "./tierSets";

/** The variable a pooled role's policy scopes by; its session's tag is T (the trust pins it). */
const PRINCIPAL_TENANT_VARIABLE = `\${aws:PrincipalTag/${TENANT_TAG_KEY}}`;

/**
 * The probes try a fixed set of foreign ids per tenant. That is only enough if T's documents
 * grant by T's id alone; this checks it, instead of trusting the policy pack to have done so.
 */
export function checkPremises(
  tenant: TenantDocuments,
  platform: PlatformLocation,
  tiers?: DeclaredTiers,
): PremiseResult[] {
  const identity: [string, IamPolicyJson][] = [
    ["identity policy", tenant.identityPolicy],
    ...(tenant.otherIdentityPolicies ?? []).map((other): [string, IamPolicyJson] => [
      `identity policy ${other.name}`,
      other.policy,
    ]),
  ];
  const documents: [string, IamPolicyJson][] = [...identity, ["trust policy", tenant.trustPolicy]];
  const pooled = tenant.isolation === "pooled";
  const unreadable = tenant.unreadablePolicies ?? [];
  const wrongVersion = documents
    .filter(([, doc]) => doc["Version"] !== "2012-10-17")
    .map(([name]) => name);
  const scope = scopeOf(tenant, platform);
  // A pooled role grants by the session's tag, which its trust pins to a declared id (the
  // premise below): read as T's session, its grants must name only T like a dedicated role's.
  // Its trust names many ids by design and is judged by that premise instead.
  const judged = pooled
    ? identity.map(([name, doc]): [string, IamPolicyJson] => [
        name,
        asSessionOf(doc, tenant.tenantId),
      ])
    : documents;
  const foreign = judged.flatMap(([name, doc]) =>
    unscopedGrants(doc, scope).map((grant) => `${name} ${grant}`),
  );
  return [
    {
      tenantId: tenant.tenantId,
      premise: "premise.version-2012-10-17",
      holds: wrongVersion.length === 0,
      // The simulator resolves ${...} variables under any Version; IAM only under 2012-10-17.
      explanation:
        wrongVersion.length === 0
          ? `${documents.map(([name]) => name).join(", ")}: all use Version 2012-10-17`
          : `${wrongVersion.join(" and ")} lack Version 2012-10-17: IAM would read policy variables as literal text, the simulator would not`,
    },
    {
      tenantId: tenant.tenantId,
      premise: "premise.grants-name-only-self",
      holds: foreign.length === 0,
      explanation:
        foreign.length === 0
          ? `every object ARN of the shared bucket and every s3:prefix in an Allow starts with the literal "${scope.s3Prefix}", every dynamodb:LeadingKeys with "${scope.keyPrefix}", every ${TENANT_TAG_KEY} tag value is "${tenant.tenantId}" and every tenant role is T's own`
          : `${foreign.join("; ")}: the fixed foreign-id probes no longer cover every tenant`,
    },
    {
      tenantId: tenant.tenantId,
      premise: "premise.every-identity-document-read",
      holds: unreadable.length === 0,
      // A policy the proof cannot read may grant anything: it is never skipped silently.
      explanation:
        unreadable.length === 0
          ? `all ${documents.length - 1} identity document(s) of the role were read and evaluated`
          : `${unreadable.join("; ")}: what it grants is unknown, so nothing is proved for this role`,
    },
    ...(pooled ? [pooledTrustPremise(tenant, tiers)] : []),
  ];
}

/** The document with the principal-tag variable read as T's literal id. */
function asSessionOf(document: IamPolicyJson, tenantId: string): IamPolicyJson {
  return JSON.parse(
    JSON.stringify(document).split(PRINCIPAL_TENANT_VARIABLE).join(tenantId),
  ) as IamPolicyJson;
}

/**
 * A pooled role's policy reaches whichever tenant its session's tag names, so every statement of
 * its trust that can admit a session must pin the tag to declared, active pooled ids and allow
 * no other tag key.
 */
function pooledTrustPremise(
  tenant: TenantDocuments,
  tiers: DeclaredTiers | undefined,
): PremiseResult {
  const premise = "premise.pooled-trust-admits-declared-active-pooled-ids-only";
  if (tiers === undefined) {
    return {
      tenantId: tenant.tenantId,
      premise,
      holds: false,
      explanation: "the proof was not given the declared tiers, so the trust cannot be judged",
    };
  }
  const allowed = tierSetsOf(tiers).activePooled;
  const problems: string[] = [];
  const statements = asArray(tenant.trustPolicy["Statement"]) as Record<string, unknown>[];
  statements.forEach((statement, index) => {
    if (statement["Effect"] !== "Allow") return;
    const name = typeof statement["Sid"] === "string" ? statement["Sid"] : `#${index + 1}`;
    const actions = asArray(statement["Action"]).filter(isString);
    const admits = actions.some(
      (action) =>
        canMatchPrefix(action, "sts:assumerole", true) ||
        canMatchPrefix(action, "sts:tagsession", true),
    );
    if (!admits && statement["Action"] !== undefined) return;
    const conditions = (statement["Condition"] ?? {}) as Record<string, Record<string, unknown>>;
    const values = asArray(conditions["StringEquals"]?.[`aws:RequestTag/${TENANT_TAG_KEY}`]).map(
      String,
    );
    if (values.length === 0)
      problems.push(`${name} does not pin aws:RequestTag/${TENANT_TAG_KEY} with StringEquals`);
    for (const value of values) {
      if (!allowed.has(value))
        problems.push(`${name} admits "${value}", which is not a declared active pooled tenant`);
    }
    const keys = asArray(conditions["ForAllValues:StringEquals"]?.["aws:TagKeys"]).map(String);
    if (keys.length !== 1 || keys[0] !== TENANT_TAG_KEY) {
      problems.push(`${name} does not limit aws:TagKeys to ["${TENANT_TAG_KEY}"]`);
    }
  });
  return {
    tenantId: tenant.tenantId,
    premise,
    holds: problems.length === 0,
    explanation:
      problems.length === 0
        ? `every trust statement that admits a session pins aws:RequestTag/${TENANT_TAG_KEY} to declared active pooled ids and aws:TagKeys to ["${TENANT_TAG_KEY}"]`
        : `${problems.join("; ")}: a session could carry another tenant's id`,
  };
}

/** What "names only T" means, literally, for each kind of tenant-scoped reference. */
interface Scope {
  readonly tenantId: string;
  /** `arn:aws:s3:::<bucket>/`: any pattern that can match a string starting with this is an object grant. */
  readonly bucketObjects: string;
  /** `tenants/T/` */
  readonly s3Prefix: string;
  /** `T#` */
  readonly keyPrefix: string;
  /** `arn:aws:iam::<acct>:role/tenants/`: any pattern that can reach here may name a tenant role. */
  readonly tenantRoles: string;
  readonly roleArn: string;
}

function scopeOf(tenant: TenantDocuments, platform: PlatformLocation): Scope {
  return {
    tenantId: tenant.tenantId,
    bucketObjects: `${bucketArn(platform)}/`,
    s3Prefix: tenantS3Prefix(tenant.tenantId),
    keyPrefix: tenantKeyPrefix(tenant.tenantId),
    tenantRoles: `arn:${platform.partition}:iam::${platform.accountId}:role${TENANT_ROLE_PATH}`,
    roleArn: tenant.roleArn,
  };
}

/**
 * Every tenant-scoped reference in an Allow of `document` that is not confined to T, described.
 * Confined means: the literal text before the first wildcard (`*`, `?`, `${`) already pins T,
 * so no string the pattern matches can belong to another tenant, whatever the wildcards stand
 * for. References that mention no tenant at all (a statement without a LeadingKeys condition,
 * say) treat every foreign id alike; those are the probes' job, not this check's.
 */
function unscopedGrants(document: IamPolicyJson, scope: Scope): string[] {
  const statements = asArray(document["Statement"]) as Record<string, unknown>[];
  return statements.flatMap((statement, index) => {
    if (statement["Effect"] !== "Allow") return [];
    const name = typeof statement["Sid"] === "string" ? statement["Sid"] : `#${index + 1}`;
    const problems: string[] = [];
    const s3 = mayAllowService(statement, "s3:");
    const roles = mayAllowService(statement, "iam:") || mayAllowService(statement, "sts:");
    if (statement["NotResource"] !== undefined && (s3 || roles)) {
      problems.push(
        `NotResource ${JSON.stringify(statement["NotResource"])} can match other tenants' objects and roles`,
      );
    }
    for (const resource of asArray(statement["Resource"]).filter(isString)) {
      const where = `Resource ${resource}`;
      if (s3 && canMatchPrefix(resource, scope.bucketObjects)) {
        const problem = confinedTo(resource, scope.bucketObjects + scope.s3Prefix, (head) =>
          idBetween(head, `${scope.bucketObjects}tenants/`, "/"),
        );
        if (problem !== undefined) problems.push(`${where} ${problem}`);
      }
      if (roles && canMatchPrefix(resource, scope.tenantRoles) && resource !== scope.roleArn) {
        const named = tenantIdOfRole(resource, scope.tenantRoles);
        problems.push(
          `${where} ${named === undefined ? `can match tenant roles other than ${scope.roleArn}` : `names "${named}"`}`,
        );
      }
    }
    const conditions = (statement["Condition"] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [operator, block] of Object.entries(conditions)) {
      // Null tests whether a key is present ("true"/"false"), not what it names.
      if (operator.toLowerCase() === "null") continue;
      for (const [key, raw] of Object.entries(block)) {
        const lower = key.toLowerCase();
        for (const value of asArray(raw).map(String)) {
          const where = `${operator} ${key} = ${value}`;
          let problem: string | undefined;
          if (lower === "dynamodb:leadingkeys") {
            problem = confinedTo(value, scope.keyPrefix, (head) => idBetween(head, "", "#"));
          } else if (lower === "s3:prefix") {
            problem = confinedTo(value, scope.s3Prefix, (head) => idBetween(head, "tenants/", "/"));
          } else if (
            lower.endsWith(`/${TENANT_TAG_KEY.toLowerCase()}`) &&
            value !== scope.tenantId
          ) {
            problem = LITERAL.test(value)
              ? `names "${value}"`
              : `is not exactly "${scope.tenantId}"`;
          }
          if (problem !== undefined) problems.push(`${where} ${problem}`);
        }
      }
    }
    return problems.map((problem) => `${name} ${problem}`);
  });
}

/** Text with no wildcard and no policy variable: it matches only itself. */
const LITERAL = /^[^*?$]*$/;

/** The literal text of a pattern before its first wildcard or policy variable. */
function literalHead(pattern: string): string {
  return pattern.split(/[*?]|\$\{/)[0] ?? "";
}

/**
 * undefined when every string `pattern` matches starts with `required` (its literal head does);
 * otherwise why not: the foreign id the head names, or the head itself.
 */
function confinedTo(
  pattern: string,
  required: string,
  namedId: (head: string) => string | undefined,
): string | undefined {
  const head = literalHead(pattern);
  if (head.startsWith(required)) return undefined;
  const id = namedId(head);
  if (id !== undefined) return `names "${id}"`;
  return `is not confined to "${required}" (its literal text before any wildcard is "${head}")`;
}

/** `tenants/acme/…` with before `tenants/`, after `/` -> `acme`; undefined when the head stops inside the id. */
function idBetween(head: string, before: string, after: string): string | undefined {
  if (!head.startsWith(before)) return undefined;
  const rest = head.slice(before.length);
  const end = rest.indexOf(after);
  return end <= 0 ? undefined : rest.slice(0, end);
}

/** `arn:aws:iam::1:role/tenants/dev-tenant-acme` -> `acme`; wildcards and other ARNs -> undefined. */
function tenantIdOfRole(arn: string, tenantRoles: string): string | undefined {
  if (!LITERAL.test(arn) || !arn.startsWith(tenantRoles)) return undefined;
  const name = arn.slice(tenantRoles.length);
  const marker = name.indexOf("-tenant-");
  return marker === -1 ? name : name.slice(marker + "-tenant-".length);
}

/**
 * Whether some string starting with `prefix` matches the IAM pattern (`*` any run, `?` any one
 * character, `${…}` a variable: anything). `arn:aws:s3:::*` can match the bucket's objects;
 * `arn:aws:s3:::bucket` (the bucket itself) cannot.
 */
function canMatchPrefix(pattern: string, prefix: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const q = ignoreCase ? prefix.toLowerCase() : prefix;
  for (let i = 0; i < q.length; i++) {
    const c = p[i];
    if (c === undefined) return false;
    if (c === "*" || (c === "$" && p[i + 1] === "{")) return true;
    if (c !== "?" && c !== q[i]) return false;
  }
  return true;
}

/** Whether the statement's Action (or NotAction) can cover an action of `service` (`s3:`). */
function mayAllowService(statement: Record<string, unknown>, service: string): boolean {
  if (statement["Action"] === undefined) return true;
  return asArray(statement["Action"])
    .filter(isString)
    .some((action) => canMatchPrefix(action, service, true));
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
