import { tenantKeyPrefix } from "@tenancy/runtime/naming";
import { DYNAMODB_ITEM_ACTIONS, DYNAMODB_KEYLESS_ACTIONS, grantedFrom } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import {
  conditionsOn,
  describeStatement,
  isAllow,
  PolicyDocument,
  Statement,
} from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { reachesTable } from "../sharedStores";
import { tenantScope } from "../tenantScope";
import { ownKeyPrefixes } from "./tenantPatterns";

const LEADING_KEYS = "dynamodb:LeadingKeys";
const ACCEPTED_OPERATORS = ["forallvalues:stringlike", "forallvalues:stringequals"];

/** TI-DDB-001..004 on a tenant's identity policies. */
export function checkDynamoDb(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  if (scope.kind !== "tenant") return [];
  return parsedDocuments(view, ["identity"]).flatMap(({ source, document }) =>
    document.statements
      .filter((statement) => isAllow(statement) && !statement.notAction && !statement.notResource)
      .filter((statement) =>
        statement.resources.some((resource) => reachesTable(settings, resource)),
      )
      .flatMap((statement) =>
        checkStatement(
          `${source.location} ${describeStatement(statement)}`,
          statement,
          document,
          scope.tenantId,
        ),
      ),
  );
}

function checkStatement(
  location: string,
  statement: Statement,
  document: PolicyDocument,
  tenantId: string,
): Finding[] {
  const findings: Finding[] = [];
  const keyless = grantedFrom(statement.actions, DYNAMODB_KEYLESS_ACTIONS);
  if (keyless.length > 0) {
    findings.push(
      finding(
        RULES.ddbKeyless,
        location,
        `Action ${show(statement.actions)} grants ${keyless.join(", ")}`,
      ),
    );
  }
  if (grantedFrom(statement.actions, DYNAMODB_ITEM_ACTIONS).length === 0) return findings;

  const fix = `use "ForAllValues:StringLike": {"${LEADING_KEYS}": ["${tenantKeyPrefix(tenantId)}*"]}`;
  // `Null: false` only demands that keys are present; it says nothing about whose keys they are.
  const entries = conditionsOn(statement, LEADING_KEYS).filter(
    (entry) => entry.operator.toLowerCase() !== "null",
  );
  if (entries.length === 0) {
    findings.push(
      finding(
        RULES.ddbLeadingKeysMissing,
        location,
        `Condition ${show(statement.conditions.length === 0 ? {} : conditionSummary(statement))} has no ${LEADING_KEYS}`,
        { fix },
      ),
    );
    return findings;
  }
  const allowed = ownKeyPrefixes(tenantId, document.version);
  for (const entry of entries) {
    if (!ACCEPTED_OPERATORS.includes(entry.operator.toLowerCase())) {
      findings.push(
        finding(RULES.ddbLeadingKeysOperator, location, `"${entry.operator}" on ${LEADING_KEYS}`, {
          fix,
        }),
      );
    }
    const foreign = entry.values.filter(
      (value) => !allowed.some((prefix) => value.startsWith(prefix)),
    );
    if (foreign.length > 0 || entry.values.length === 0) {
      findings.push(
        finding(
          RULES.ddbLeadingKeysValue,
          location,
          `${LEADING_KEYS} ${show(entry.values)} allows keys outside "${tenantKeyPrefix(tenantId)}"`,
          { fix },
        ),
      );
    }
  }
  return findings;
}

function conditionSummary(statement: Statement): Record<string, string[]> {
  return Object.fromEntries(
    statement.conditions.map((entry) => [`${entry.operator} ${entry.key}`, [...entry.values]]),
  );
}
