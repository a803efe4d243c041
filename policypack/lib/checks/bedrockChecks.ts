import { TENANT_TAG_KEY } from "../naming";
import {
  BEDROCK_INVOKE_ACTIONS,
  describePatterns,
  grantedFrom,
  outsideAllowList,
  serviceActions,
  TENANT_BEDROCK_ACTIONS,
} from "../actions";
import { Finding, finding, show } from "../finding";
import { conditionsOn } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import {
  isInferenceProfileFamily,
  reachesFoundationModels,
  reachesInferenceProfiles,
} from "../sharedStores";
import { ownTagValues } from "./tenantPatterns";
import { judgeTenantStatements, TenantStatement } from "./tenantStatements";

const OWNER_TAG_KEY = `aws:ResourceTag/${TENANT_TAG_KEY}`;
const PROFILE_KEY = "bedrock:InferenceProfileArn";
/** Operators that hold only when the key is present and names what it lists. */
const PROFILE_OPERATORS = ["stringequals", "stringlike", "arnequals", "arnlike"];

/** TI-BR-001..004 on a tenant's identity policies. */
export function checkBedrock(view: ResourceView, settings: PackSettings): Finding[] {
  return judgeTenantStatements(view, settings, (item) =>
    serviceActions(item.statement.actions, "bedrock").length > 0
      ? checkStatement(item, settings)
      : [],
  );
}

function checkStatement(
  { location, statement, document, tenantId }: TenantStatement,
  settings: PackSettings,
): Finding[] {
  const profiles = statement.resources.filter((resource) =>
    reachesInferenceProfiles(settings, resource),
  );
  const models = statement.resources.filter((resource) =>
    reachesFoundationModels(settings, resource),
  );
  const invokes = grantedFrom(statement.actions, BEDROCK_INVOKE_ACTIONS).length > 0;
  // Invocation on something that is neither: not provably the tenant's own profile.
  const others = invokes
    ? statement.resources.filter(
        (resource) => !profiles.includes(resource) && !models.includes(resource),
      )
    : [];
  if (profiles.length === 0 && models.length === 0 && others.length === 0) return [];

  const findings: Finding[] = [];
  const outside = outsideAllowList(statement.actions, "bedrock", TENANT_BEDROCK_ACTIONS);
  if (outside.length > 0) {
    findings.push(
      finding(
        RULES.bedrockTenantActions,
        location,
        `Action ${show(statement.actions)} grants ${describePatterns(outside, BEDROCK_INVOKE_ACTIONS)}`,
      ),
    );
  }
  const everywhere = profiles.filter((resource) => models.includes(resource));
  if (everywhere.length > 0) {
    findings.push(finding(RULES.bedrockWildcard, location, `Resource ${show(everywhere)}`));
    return findings;
  }

  if (profiles.length > 0 || others.length > 0) {
    const owners = conditionsOn(statement, OWNER_TAG_KEY);
    const own = ownTagValues(tenantId, document.version);
    const proven =
      owners.length > 0 &&
      owners.every(
        (entry) =>
          entry.operator === "StringEquals" &&
          entry.values.length > 0 &&
          entry.values.every((value) => own.includes(value)),
      );
    if (!proven || others.length > 0) {
      const value =
        others.length > 0
          ? `Resource ${show(others)} is not the application inference profile family`
          : `Resource ${show(profiles)} with ${owners.length === 0 ? `no ${OWNER_TAG_KEY} condition` : show(owners.map((entry) => `${entry.operator} ${show(entry.values)}`))}`;
      findings.push(
        finding(RULES.bedrockOwnProfiles, location, value, {
          fix: `add "StringEquals": {"${OWNER_TAG_KEY}": "${tenantId}"}`,
        }),
      );
    }
  }
  if (models.length > 0 && invokes) {
    const through = conditionsOn(statement, PROFILE_KEY);
    const values = through.flatMap((entry) => entry.values);
    const pinned =
      through.length > 0 &&
      values.length > 0 &&
      through.every((entry) => PROFILE_OPERATORS.includes(entry.operator.toLowerCase())) &&
      values.every((value) => isInferenceProfileFamily(settings, value));
    if (!pinned) {
      const operators = through.filter(
        (entry) => !PROFILE_OPERATORS.includes(entry.operator.toLowerCase()),
      );
      findings.push(
        finding(
          RULES.bedrockModelThroughProfile,
          location,
          `Resource ${show(models)} with ${through.length === 0 ? `no ${PROFILE_KEY} condition` : show(through.map((entry) => `${entry.operator} ${PROFILE_KEY} ${show(entry.values)}`))}`,
          operators.length === 0
            ? {}
            : {
                why: `${operators.map((entry) => entry.operator).join(", ")} on ${PROFILE_KEY} also holds for a direct model call (ForAllValues and IfExists when the key is absent, negated operators for anything they do not name), so usage bypasses the tenant's profile`,
              },
        ),
      );
    }
  }
  return findings;
}
