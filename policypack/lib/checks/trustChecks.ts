import { isValidTenantId, TENANT_TAG_KEY, tenantRoleName } from "../naming";
import { prefixOfPooledRole } from "../pooledRoles";
import { workloadRoleName } from "../platformNames";
import { grantedFrom } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { hasWildcard } from "../glob";
import {
  ConditionEntry,
  conditionsOn,
  describeStatement,
  isAllow,
  Principal,
  Statement,
} from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { tenantScope } from "../tenantScope";
import { workloadEvidence } from "../workloadRoles";

const REQUEST_TAG_KEY = `aws:RequestTag/${TENANT_TAG_KEY}`;

/**
 * TI-TRUST-001 on every trust and resource policy; TI-TRUST-002..004 on tenant roles' trust;
 * TI-TRUST-002, 003 and 006 on pooled shard roles' trust; TI-TRUST-005 on the trust of roles that
 * can assume tenant roles.
 */
export function checkTrust(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  // Only roles have evidence (workloadEvidence), and a role's only document here is its trust.
  const evidence = scope.kind !== "tenant" ? workloadEvidence(view, settings) : undefined;
  const findings: Finding[] = [];
  for (const { source, document } of parsedDocuments(view, ["trust", "resource"])) {
    const allows = document.statements.filter(isAllow);
    for (const statement of allows) {
      const open = statement.principals.filter(isOpenPrincipal);
      if (open.length > 0)
        findings.push(
          finding(
            RULES.trustOpenPrincipal,
            locate(source.location, statement),
            `Principal ${show(open.map(principalText))}`,
          ),
        );
    }
    // Trust documents are roles' only (documentSources); a tenant's resource policy is no trust.
    if (scope.kind === "tenant" && source.kind === "trust") {
      findings.push(
        ...tenantTrust(source.location, allows, settings, scope.tenantId, view.props.name),
      );
    }
    // Pooled scope is only given to the shard role and its identity policies (tenantScope), so
    // the document here is the shard role's trust.
    if (scope.kind === "pooled") {
      const prefix = settings.namePrefix ?? prefixOfPooledRole(scope.roleName);
      findings.push(
        ...workloadSessionsOnly(source.location, allows, settings, prefix),
        ...pooledTrust(source.location, allows),
      );
    }
    if (evidence !== undefined)
      findings.push(...workloadTrust(source.location, allows, settings, evidence));
  }
  return findings;
}

/**
 * TI-TRUST-005: a role that can become any tenant may be assumed only by the configured
 * services; `evidence` says why the role counts (its name, or the policy that lets it assume).
 */
export function workloadTrust(
  documentLocation: string,
  allows: readonly Statement[],
  settings: PackSettings,
  evidence: string,
): Finding[] {
  const allowed = settings.workloadTrustedServices;
  return allows.flatMap((statement) => {
    const strangers = statement.principals.filter(
      (principal) => principal.kind !== "Service" || !allowed.includes(principal.value),
    );
    return strangers.length === 0
      ? []
      : [
          finding(
            RULES.trustWorkloadService,
            locate(documentLocation, statement),
            `Principal ${show(strangers.map(principalText))} (the role can assume tenant roles: ${evidence})`,
            {
              fix: `trust only {"Service": ${show(allowed.length === 1 ? allowed[0] : allowed)}} (or list the service in workloadTrustedServices)`,
            },
          ),
        ];
  });
}

/**
 * Statements may split the actions (one per action, each with the condition keys that action
 * has), so TagSession is required somewhere in the document, and the tag pin on every statement
 * that assumes the role or tags the session.
 */
function tenantTrust(
  documentLocation: string,
  allows: readonly Statement[],
  settings: PackSettings,
  tenantId: string,
  roleName: unknown,
): Finding[] {
  const findings: Finding[] = [];
  // Without a configured prefix, the tenant role's own name `<prefix>-tenant-<id>` gives it.
  const prefix = settings.namePrefix ?? prefixFromRoleName(roleName, tenantId);
  if (prefix === undefined) {
    findings.push(
      finding(
        RULES.trustWorkloadOnly,
        documentLocation,
        `the workload role's name cannot be told: namePrefix is not configured and the role's name ${typeof roleName === "string" ? show(roleName) : roleName === undefined ? "(not set)" : "(unknown at preview)"} is not "<prefix>-${tenantRoleName("", tenantId).slice(1)}"`,
        { fix: "set namePrefix in the pack settings, or name the role <prefix>-tenant-<id>" },
      ),
    );
  }
  findings.push(...workloadSessionsOnly(documentLocation, allows, settings, prefix));
  for (const statement of sessionStatements(allows)) {
    const pins = conditionsOn(statement, REQUEST_TAG_KEY);
    const pinned =
      pins.length > 0 &&
      pins.every(
        (entry) =>
          entry.operator === "StringEquals" &&
          entry.values.length === 1 &&
          entry.values[0] === tenantId,
      );
    if (!pinned) {
      findings.push(
        finding(RULES.trustTenantTag, locate(documentLocation, statement), describePins(pins), {
          fix: `add "StringEquals": {"${REQUEST_TAG_KEY}": "${tenantId}"}`,
        }),
      );
    }
  }
  return findings;
}

/**
 * TI-TRUST-002 and 003, shared by tenant and shard roles: only the workload role (`prefix`
 * undefined: only principals that are no role ARN at all are known strangers), and TagSession
 * wherever AssumeRole is allowed.
 */
function workloadSessionsOnly(
  documentLocation: string,
  allows: readonly Statement[],
  settings: PackSettings,
  prefix: string | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const statement of allows) {
    const strangers = statement.principals.filter((principal) =>
      prefix === undefined
        ? workloadRoleArnParts(principal) === undefined
        : !isWorkloadRole(principal, settings, prefix),
    );
    if (strangers.length > 0)
      findings.push(
        finding(
          RULES.trustWorkloadOnly,
          locate(documentLocation, statement),
          `Principal ${show(strangers.map(principalText))}`,
        ),
      );
  }
  const [firstAssume] = allows.filter((statement) => grants(statement, "sts:AssumeRole"));
  const tags = allows.filter((statement) => grants(statement, "sts:TagSession"));
  if (firstAssume !== undefined && tags.length === 0) {
    findings.push(
      finding(
        RULES.trustTagSession,
        locate(documentLocation, firstAssume),
        `Action ${show(firstAssume.actions)} and no statement allows sts:TagSession`,
      ),
    );
  }
  return findings;
}

/**
 * TI-TRUST-006: every statement that starts or tags a shard role's session pins the tag to a
 * list of valid ids (which ids, the stack tells: checkPooledMembers), the tag keys to `tenantId`
 * alone, and transitive tags to none.
 */
function pooledTrust(documentLocation: string, allows: readonly Statement[]): Finding[] {
  return sessionStatements(allows).flatMap((statement) => {
    const pins = conditionsOn(statement, REQUEST_TAG_KEY);
    const problems = [
      !(
        pins.length > 0 &&
        pins.every(
          (entry) =>
            entry.operator === "StringEquals" &&
            entry.values.length > 0 &&
            entry.values.every(isValidTenantId),
        )
      ) && `${describePins(pins)}, not StringEquals on ids`,
      !pinsExactly(statement, "ForAllValues:StringEquals", "aws:TagKeys", [TENANT_TAG_KEY]) &&
        `aws:TagKeys not pinned to ["${TENANT_TAG_KEY}"] with ForAllValues:StringEquals`,
      !pinsExactly(statement, "Null", "sts:TransitiveTagKeys", ["true"]) &&
        `transitive tags not refused with "Null": {"sts:TransitiveTagKeys": "true"}`,
    ].filter((problem): problem is string => typeof problem === "string");
    return problems.length === 0
      ? []
      : [finding(RULES.trustPooledTag, locate(documentLocation, statement), problems.join("; "))];
  });
}

function pinsExactly(
  statement: Statement,
  operator: string,
  key: string,
  values: readonly string[],
): boolean {
  const entries = conditionsOn(statement, key);
  return (
    entries.length > 0 &&
    entries.every(
      (entry) =>
        entry.operator === operator &&
        entry.values.length === values.length &&
        entry.values.every((value, i) => value === values[i]),
    )
  );
}

/** The Allow statements that start a session or tag one. */
function sessionStatements(allows: readonly Statement[]): Statement[] {
  return allows.filter(
    (statement) => grants(statement, "sts:AssumeRole") || grants(statement, "sts:TagSession"),
  );
}

function grants(statement: Statement, action: string): boolean {
  return grantedFrom(statement.actions, [action]).length > 0;
}

function describePins(pins: readonly ConditionEntry[]): string {
  return pins.length === 0
    ? `no ${REQUEST_TAG_KEY} condition`
    : `${REQUEST_TAG_KEY} ${show(pins.map((entry) => `${entry.operator} ${show(entry.values)}`))}`;
}

function locate(documentLocation: string, statement: Statement): string {
  return `${documentLocation} ${describeStatement(statement)}`;
}

function isOpenPrincipal(principal: Principal): boolean {
  if (principal.kind === "*" || principal.value === "*") return true;
  if (principal.kind !== "AWS") return false;
  return (
    hasWildcard(principal.value) ||
    /:root$/.test(principal.value) ||
    /^\d{12}$/.test(principal.value)
  );
}

/**
 * `arn:<partition>:iam::<account>:role/<prefix>-workload`. Without a configured accountId the
 * account is checked at stack level (checkTenantTrustAccounts), against the stack's own ARNs.
 */
function isWorkloadRole(principal: Principal, settings: PackSettings, prefix: string): boolean {
  const arn = workloadRoleArnParts(principal);
  return (
    arn !== undefined &&
    (settings.partition === undefined || arn.partition === settings.partition) &&
    (settings.accountId === undefined || arn.account === settings.accountId) &&
    arn.name === workloadRoleName(prefix)
  );
}

/** Partition, account and name (with any path) of a role ARN principal. */
export function workloadRoleArnParts(
  principal: Principal,
): { partition: string; account: string; name: string } | undefined {
  if (principal.kind !== "AWS" || hasWildcard(principal.value)) return undefined;
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/.exec(principal.value);
  if (match === null) return undefined;
  // No group is optional: a match sets all three.
  const [, partition, account, name] = match as unknown as readonly [
    string,
    string,
    string,
    string,
  ];
  return { partition, account, name };
}

function prefixFromRoleName(roleName: unknown, tenantId: string): string | undefined {
  const suffix = tenantRoleName("", tenantId);
  return typeof roleName === "string" &&
    roleName.endsWith(suffix) &&
    roleName.length > suffix.length
    ? roleName.slice(0, -suffix.length)
    : undefined;
}

export function principalText(principal: Principal): string {
  return principal.kind === "*" ? "*" : `${principal.kind}:${principal.value}`;
}
