import { TENANT_TAG_KEY, tenantRoleName } from "../naming";
import { workloadRoleName } from "../platformNames";
import { grantedFrom } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { hasWildcard } from "../glob";
import { conditionsOn, describeStatement, isAllow, Principal, Statement } from "../policyDocument";
import { ResourceView, ROLE } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { tenantScope } from "../tenantScope";
import { workloadEvidence } from "../workloadRoles";

const REQUEST_TAG_KEY = `aws:RequestTag/${TENANT_TAG_KEY}`;

/**
 * TI-TRUST-001 on every trust and resource policy; TI-TRUST-002..004 on tenant roles' trust;
 * TI-TRUST-005 on the trust of roles that can assume tenant roles.
 */
export function checkTrust(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  const evidence =
    scope.kind !== "tenant" && view.type === ROLE ? workloadEvidence(view, settings) : undefined;
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
    if (scope.kind === "tenant" && view.type === ROLE && source.kind === "trust") {
      findings.push(
        ...tenantTrust(source.location, allows, settings, scope.tenantId, view.props.name),
      );
    }
    if (evidence !== undefined && source.kind === "trust")
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
  for (const statement of allows) {
    // Without a prefix only principals that are no role ARN at all are known strangers.
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
  const assumes = allows.filter(
    (statement) => grantedFrom(statement.actions, ["sts:AssumeRole"]).length > 0,
  );
  const tags = allows.filter(
    (statement) => grantedFrom(statement.actions, ["sts:TagSession"]).length > 0,
  );
  const [firstAssume] = assumes;
  if (firstAssume !== undefined && tags.length === 0) {
    findings.push(
      finding(
        RULES.trustTagSession,
        locate(documentLocation, firstAssume),
        `Action ${show(firstAssume.actions)} and no statement allows sts:TagSession`,
      ),
    );
  }
  for (const statement of new Set([...assumes, ...tags])) {
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
      const value =
        pins.length === 0
          ? `no ${REQUEST_TAG_KEY} condition`
          : `${REQUEST_TAG_KEY} ${show(pins.map((entry) => `${entry.operator} ${show(entry.values)}`))}`;
      findings.push(
        finding(RULES.trustTenantTag, locate(documentLocation, statement), value, {
          fix: `add "StringEquals": {"${REQUEST_TAG_KEY}": "${tenantId}"}`,
        }),
      );
    }
  }
  return findings;
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
  const [, partition = "", account = "", name = ""] = match;
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
