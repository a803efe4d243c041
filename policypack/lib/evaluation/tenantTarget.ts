import { hasWildcard } from "../glob";
import { isValidTenantId, TENANT_ROLE_PATH, TENANT_TAG_KEY, tenantRoleArn } from "../naming";
import { isAllow, PolicyDocument } from "../policyDocument";
import { invocationLogGroupName } from "../platformNames";
import { PackSettings, TenantResourcePattern } from "../settings";
import { holdingValue } from "./conditions";
import { hasPolicyVariable, POLICY_VARIABLE_VERSION, resolveVariables } from "./policyVariables";
import { Representative, representatives } from "./representatives";
import { RequestContext } from "./requestContext";
import { sessionContext } from "./sessionContext";

/**
 * Where one tenant's session acts: its id, the platform's partition, region and account, and the
 * shared stores. Settings win; what they leave out is read from the ARNs the documents name, and
 * failing that a placeholder, so a missing setting never hides a request.
 */
export interface TenantTarget {
  readonly tenantId: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * What every request of the session carries (sessionContext.ts). Global keys have a value only
   * when the settings or the documents tell it (`${aws:PrincipalAccount}` in an ARN is the
   * account); a placeholder never stands for one, as a condition on it would then fail where
   * IAM's holds.
   */
  readonly session: RequestContext;
  /** The stack's name prefix; when unknown, tenant roles and stack tags are matched by what the documents name. */
  readonly namePrefix?: string;
  readonly tableNames: readonly string[];
  readonly bucketNames: readonly string[];
  /** Names of the Bedrock invocation log group, which holds every tenant's prompts. */
  readonly invocationLogGroups: readonly string[];
  /** Inference profiles whose exact ARN the stack's outputs show, with their tags. */
  readonly knownProfiles: readonly KnownProfile[];
  /** Ids standing for every other tenant, and the ids the documents name. */
  readonly others: readonly Representative[];
  /** Exact foundation-model and system inference-profile ARNs the documents name. */
  readonly namedModelArns: readonly string[];
  /** Per-tenant resources of other services the settings declare. */
  readonly tenantResources: readonly TenantResourcePattern[];
  /** The shard role the session is on, when the tenant is pooled: assuming or tagging it re-tags. */
  readonly pooledRoleName?: string;
  /** What the Allow statements grant, variables resolved for the session: witnesses come from it. */
  readonly allowed: AllowedPatterns;
}

/** The Resource patterns of Allow statements, and their condition values by lower-case key. */
export interface AllowedPatterns {
  readonly resources: readonly string[];
  readonly values: (key: string) => readonly string[];
}

/** An application inference profile of the stack, its ARN read from outputs. */
export interface KnownProfile {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

const PLACEHOLDER_TABLE = "tenant-data";
const PLACEHOLDER_BUCKET = "tenant-data-bucket";

export function tenantTarget(
  tenantId: string,
  settings: PackSettings,
  documents: readonly PolicyDocument[],
  knownProfiles: readonly KnownProfile[] = [],
  pooledRoleName?: string,
): TenantTarget {
  const arns = documents.flatMap((document) =>
    document.statements.flatMap((statement) => [
      ...statement.resources,
      ...statement.conditions.flatMap((entry) => entry.values),
    ]),
  );
  const fields = arns.map((arn) => arn.split(":")).filter((parts) => parts[0] === "arn");
  const concrete = (index: number, accepts: (part: string) => boolean = () => true) =>
    fields
      .map((parts) => parts[index] ?? "")
      .find((part) => part !== "" && !hasWildcard(part) && accepts(part));
  const names = (service: string, pattern: RegExp) => [
    ...new Set(
      fields
        .filter((parts) => parts[2] === service)
        .map((parts) => pattern.exec(parts.slice(5).join(":"))?.[1])
        .filter((name): name is string => name !== undefined && !hasWildcard(name)),
    ),
  ];
  const region = settings.region ?? concrete(3);
  // AWS-managed policies' ARNs hold `aws` where an account's id goes: no account of the stack.
  const accountId = settings.accountId ?? concrete(4, (part) => /^\d{12}$/.test(part));
  const partition = settings.partition ?? concrete(1) ?? "aws";
  const session = sessionContext(
    tenantId,
    {
      ...(accountId === undefined ? {} : { "aws:PrincipalAccount": accountId }),
      ...(region === undefined ? {} : { "aws:RequestedRegion": region }),
    },
    `arn:${partition}:iam::${accountId === undefined ? "" : `${accountId}:role/`}`,
  );
  return {
    tenantId,
    partition,
    region: region ?? "us-east-1",
    accountId: accountId ?? "000000000000",
    session,
    namePrefix: settings.namePrefix,
    tableNames:
      settings.tableName !== undefined
        ? [settings.tableName]
        : [...names("dynamodb", /^table\/([^/]+)/), PLACEHOLDER_TABLE],
    bucketNames:
      settings.bucketName !== undefined
        ? [settings.bucketName]
        : [...names("s3", /^([^/]+)/), PLACEHOLDER_BUCKET],
    invocationLogGroups:
      settings.namePrefix !== undefined
        ? [invocationLogGroupName(settings.namePrefix)]
        : [
            ...names("logs", /^log-group:([^:]*\/bedrock\/invocations)(?::|$)/),
            invocationLogGroupName("tenancy"),
          ],
    knownProfiles,
    others: representatives(tenantId, namedTenantIds(documents)),
    tenantResources: settings.tenantResources,
    pooledRoleName,
    allowed: allowedPatterns(documents, session),
    namedModelArns: [
      ...new Set(
        arns.filter(
          (arn) =>
            !hasWildcard(arn) &&
            /^arn:[^:]+:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)\//.test(arn),
        ),
      ),
    ],
  };
}

/**
 * Tenant ids a document names: key prefixes `<id>#`, S3 prefixes `tenants/<id>/`, tenant role
 * names `-tenant-<id>` and tenantId tag values. Each is tried as another tenant.
 */
function namedTenantIds(documents: readonly PolicyDocument[]): string[] {
  const named = new Set<string>();
  for (const { statements } of documents) {
    for (const statement of statements) {
      const texts = [
        ...statement.resources,
        ...statement.conditions.flatMap((entry) => entry.values),
      ];
      for (const text of texts)
        for (const match of text.matchAll(
          /(?:^|[^a-z0-9*?-])([a-z0-9*?-]+)#|tenants\/([a-z0-9*?-]+)\/|-tenant-([a-z0-9*?-]+)$/g,
        ))
          for (const filler of ["x", "y"])
            named.add(instantiate(match[1] ?? match[2] ?? match[3] ?? "", filler));
      for (const entry of statement.conditions)
        if (entry.key.toLowerCase().endsWith(`/${TENANT_TAG_KEY.toLowerCase()}`))
          entry.values.forEach((value) => named.add(value));
    }
  }
  return [...named].filter(isValidTenantId);
}

/**
 * Condition values count only under an operator that holds on them. Policy variables are
 * resolved as for the session (a value the caller picks as a wildcard); a pattern with a variable
 * the session has no value for, with a literal `${*}`, or with `${...}` under another Version
 * yields no witness.
 */
function allowedPatterns(
  documents: readonly PolicyDocument[],
  session: RequestContext,
): AllowedPatterns {
  const resources = new Set<string>();
  const values = new Map<string, Set<string>>();
  for (const { version, statements } of documents) {
    const resolved = (patterns: readonly string[]) =>
      patterns.flatMap((text) => {
        // Under another Version `${...}` is literal text no tenant's key holds (TI-CONTRACT-002).
        if (version !== POLICY_VARIABLE_VERSION && hasPolicyVariable(text)) return [];
        const pattern = resolveVariables(text, version, session, "match");
        if (pattern === undefined) return [];
        const wildcardLiteral = [...pattern.literal].some((at) =>
          hasWildcard(pattern.text.charAt(at)),
        );
        return wildcardLiteral ? [] : [pattern.text];
      });
    for (const statement of statements.filter(isAllow)) {
      if (!statement.notResource) resolved(statement.resources).forEach((r) => resources.add(r));
      for (const entry of statement.conditions.filter((e) => holdingValue(e) !== undefined)) {
        const key = entry.key.toLowerCase();
        const known = values.get(key) ?? new Set<string>();
        resolved(entry.values).forEach((value) => known.add(value));
        values.set(key, known);
      }
    }
  }
  return {
    resources: [...resources],
    values: (key) => [...(values.get(key.toLowerCase()) ?? [])],
  };
}

/**
 * An id a wildcard in the id's place matches: `?cme` -> `xcme`, `ac*` -> `acxx` (two fillers, so
 * one of them differs from the tenant's own id). A wildcard where an id belongs matches other
 * tenants; trying one of them shows the request.
 */
function instantiate(segment: string, filler: string): string {
  return segment.replace(/\?/g, filler).replace(/\*/g, filler.repeat(2));
}

/** The ARN of the shard role a pooled session is on. */
export function pooledRoleArnOf(target: TenantTarget, roleName: string): string {
  return `arn:${target.partition}:iam::${target.accountId}:role${TENANT_ROLE_PATH}${roleName}`;
}

/** The ARN of a tenant role of this stack (the prefix a placeholder when unknown). */
export function tenantRoleArnOf(target: TenantTarget, tenantId: string): string {
  return tenantRoleArn({
    partition: target.partition,
    accountId: target.accountId,
    namePrefix: target.namePrefix ?? "tenancy",
    tenantId,
  });
}
