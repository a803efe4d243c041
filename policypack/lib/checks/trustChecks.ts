import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { workloadRoleName } from "../../../components/policies/arns";
import { grantedFrom } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { hasWildcard } from "../glob";
import { conditionsOn, describeStatement, isAllow, Principal, Statement } from "../policyDocument";
import { ResourceView, ROLE } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { tenantScope } from "../tenantScope";

const REQUEST_TAG_KEY = `aws:RequestTag/${TENANT_TAG_KEY}`;

/** TI-TRUST-001 on every trust and resource policy; TI-TRUST-002..004 on tenant roles' trust. */
export function checkTrust(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  const findings: Finding[] = [];
  for (const { source, document } of parsedDocuments(view, ["trust", "resource"])) {
    for (const statement of document.statements.filter(isAllow)) {
      const location = `${source.location} ${describeStatement(statement)}`;
      const open = statement.principals.filter(isOpenPrincipal);
      if (open.length > 0) findings.push(finding(RULES.trustOpenPrincipal, location, `Principal ${show(open.map(principalText))}`));
      if (scope.kind === "tenant" && view.type === ROLE && source.kind === "trust") {
        findings.push(...tenantTrust(location, statement, settings, scope.tenantId));
      }
    }
  }
  return findings;
}

function tenantTrust(location: string, statement: Statement, settings: PackSettings, tenantId: string): Finding[] {
  const findings: Finding[] = [];
  const strangers = statement.principals.filter((principal) => !isWorkloadRole(principal, settings));
  if (strangers.length > 0) findings.push(finding(RULES.trustWorkloadOnly, location, `Principal ${show(strangers.map(principalText))}`));
  if (grantedFrom(statement.actions, ["sts:AssumeRole"]).length === 0) return findings;
  if (grantedFrom(statement.actions, ["sts:TagSession"]).length === 0) {
    findings.push(finding(RULES.trustTagSession, location, `Action ${show(statement.actions)} has no sts:TagSession`));
  }
  const pins = conditionsOn(statement, REQUEST_TAG_KEY);
  const pinned =
    pins.length > 0 && pins.every((entry) => entry.operator === "StringEquals" && entry.values.length === 1 && entry.values[0] === tenantId);
  if (!pinned) {
    const value = pins.length === 0 ? `no ${REQUEST_TAG_KEY} condition` : `${REQUEST_TAG_KEY} ${show(pins.map((entry) => `${entry.operator} ${show(entry.values)}`))}`;
    findings.push(finding(RULES.trustTenantTag, location, value, { fix: `add "StringEquals": {"${REQUEST_TAG_KEY}": "${tenantId}"}` }));
  }
  return findings;
}

function isOpenPrincipal(principal: Principal): boolean {
  if (principal.kind === "*" || principal.value === "*") return true;
  if (principal.kind !== "AWS") return false;
  return hasWildcard(principal.value) || /:root$/.test(principal.value) || /^\d{12}$/.test(principal.value);
}

function isWorkloadRole(principal: Principal, settings: PackSettings): boolean {
  if (principal.kind !== "AWS" || hasWildcard(principal.value)) return false;
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/.exec(principal.value);
  if (match === null) return false;
  const [, partition, account, name] = match;
  return (
    (settings.partition === undefined || partition === settings.partition) &&
    (settings.accountId === undefined || account === settings.accountId) &&
    (settings.namePrefix === undefined ? (name ?? "").endsWith(workloadRoleName("")) : name === workloadRoleName(settings.namePrefix))
  );
}

function principalText(principal: Principal): string {
  return principal.kind === "*" ? "*" : `${principal.kind}:${principal.value}`;
}
