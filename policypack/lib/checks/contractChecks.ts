import { parsedDocuments } from "../documents";
import { isKnownAction } from "../evaluation/iamReference";
import { hasPolicyVariable, POLICY_VARIABLE_VERSION } from "../evaluation/policyVariables";
import { Finding, finding, show } from "../finding";
import { hasWildcard } from "../glob";
import { TENANT_TAG_KEY } from "../naming";
import { describeStatement, Statement } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { actsAsTenant, tenantScope } from "../tenantScope";
import { allowedProbeFindings } from "./leakChecks";

/** Variables a tenant role session has a value for: its one session tag, and what STS sets. */
const SESSION_VARIABLES = [
  `aws:principaltag/${TENANT_TAG_KEY.toLowerCase()}`,
  "aws:userid",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceidentity",
  "aws:requestedregion",
];

/** TI-CONTRACT-001..004 on a tenant's identity documents. */
export function checkContract(view: ResourceView, settings: PackSettings): Finding[] {
  if (!actsAsTenant(tenantScope(view, settings))) return [];
  const findings = allowedProbeFindings(view, settings, "contract");
  for (const { source, document } of parsedDocuments(view, ["identity"])) {
    for (const statement of document.statements) {
      const location = `${source.location} ${describeStatement(statement)}`;
      const texts = textsOf(statement);
      const variables = [...new Set(texts.flatMap(variablesIn))];
      if (variables.length > 0 && document.version !== POLICY_VARIABLE_VERSION) {
        findings.push(
          finding(
            RULES.contractLiteralVariables,
            location,
            `${show(variables)} under Version ${show(document.version ?? "(none)")} is literal text`,
          ),
        );
      } else {
        const valueless = variables.filter(
          (variable) =>
            !/^\$\{[*?$]\}$/.test(variable) &&
            !SESSION_VARIABLES.includes(variableKey(variable).toLowerCase()),
        );
        if (valueless.length > 0)
          findings.push(
            finding(
              RULES.contractSessionVariable,
              location,
              `${show(valueless)} has no value in a tenant role session`,
            ),
          );
      }
      const unknown = statement.actions.filter(
        (action) => !hasWildcard(action) && !isKnownAction(action),
      );
      if (unknown.length > 0)
        findings.push(
          finding(
            RULES.contractUnknownAction,
            location,
            `Action ${show(unknown)} is not in the reference`,
          ),
        );
    }
  }
  return findings;
}

function textsOf(statement: Statement): string[] {
  return [...statement.resources, ...statement.conditions.flatMap((entry) => entry.values)];
}

function variablesIn(text: string): string[] {
  return hasPolicyVariable(text) ? [...text.matchAll(/\$\{[^}]*\}/g)].map((match) => match[0]) : [];
}

/** `${aws:PrincipalTag/tenantId, 'x'}` -> `aws:PrincipalTag/tenantId`. */
function variableKey(variable: string): string {
  return (variable.slice(2, -1).split(",")[0] ?? "").trim();
}
