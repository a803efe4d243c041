import { tenantKeyPrefix } from "../naming";
import {
  describePatterns,
  DYNAMODB_ITEM_ACTIONS,
  DYNAMODB_KEYLESS_ACTIONS,
  grantedFrom,
  outsideAllowList,
} from "../actions";
import { Finding, finding, show } from "../finding";
import { conditionsOn, Statement } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import { reachesTable } from "../sharedStores";
import { ownKeyPrefixes } from "./tenantPatterns";
import { judgeTenantStatements, TenantStatement } from "./tenantStatements";

const LEADING_KEYS = "dynamodb:LeadingKeys";
const ACCEPTED_OPERATORS = ["forallvalues:stringlike", "forallvalues:stringequals"];

/** TI-DDB-001..004 on a tenant's identity policies. */
export function checkDynamoDb(view: ResourceView, settings: PackSettings): Finding[] {
  return judgeTenantStatements(view, settings, (item) =>
    item.statement.resources.some((resource) => reachesTable(settings, resource))
      ? checkStatement(item)
      : [],
  );
}

function checkStatement({ location, statement, document, tenantId }: TenantStatement): Finding[] {
  const findings: Finding[] = [];
  // Allow-list: on the shared table only the item actions, which carry dynamodb:LeadingKeys.
  const outside = outsideAllowList(statement.actions, "dynamodb", DYNAMODB_ITEM_ACTIONS);
  if (outside.length > 0) {
    findings.push(
      finding(
        RULES.ddbKeyless,
        location,
        `Action ${show(statement.actions)} grants ${describePatterns(outside, DYNAMODB_KEYLESS_ACTIONS)}`,
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
