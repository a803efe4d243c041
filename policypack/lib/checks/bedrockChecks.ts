import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { BEDROCK_INVOKE_ACTIONS, grantedFrom } from "../actions";
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
import {
  isInferenceProfileFamily,
  reachesFoundationModels,
  reachesInferenceProfiles,
} from "../sharedStores";
import { tenantScope } from "../tenantScope";
import { ownTagValues } from "./tenantPatterns";

const OWNER_TAG_KEY = `aws:ResourceTag/${TENANT_TAG_KEY}`;
const PROFILE_KEY = "bedrock:InferenceProfileArn";

/** TI-BR-001..003 on a tenant's identity policies. */
export function checkBedrock(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  if (scope.kind !== "tenant") return [];
  return parsedDocuments(view, ["identity"]).flatMap(({ source, document }) =>
    document.statements
      .filter((statement) => isAllow(statement) && !statement.notAction && !statement.notResource)
      .filter((statement) => grantedFrom(statement.actions, BEDROCK_INVOKE_ACTIONS).length > 0)
      .flatMap((statement) =>
        checkStatement(
          `${source.location} ${describeStatement(statement)}`,
          statement,
          document,
          settings,
          scope.tenantId,
        ),
      ),
  );
}

function checkStatement(
  location: string,
  statement: Statement,
  document: PolicyDocument,
  settings: PackSettings,
  tenantId: string,
): Finding[] {
  const findings: Finding[] = [];
  const everywhere = statement.resources.filter(
    (resource) =>
      reachesInferenceProfiles(settings, resource) && reachesFoundationModels(settings, resource),
  );
  if (everywhere.length > 0) {
    findings.push(finding(RULES.bedrockWildcard, location, `Resource ${show(everywhere)}`));
    return findings;
  }
  const profiles = statement.resources.filter((resource) =>
    reachesInferenceProfiles(settings, resource),
  );
  const models = statement.resources.filter((resource) =>
    reachesFoundationModels(settings, resource),
  );
  const others = statement.resources.filter(
    (resource) => !profiles.includes(resource) && !models.includes(resource),
  );

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
  if (models.length > 0) {
    const through = conditionsOn(statement, PROFILE_KEY);
    const values = through.flatMap((entry) => entry.values);
    const pinned =
      through.length > 0 &&
      values.length > 0 &&
      through.every(
        (entry) => !/ifexists$/i.test(entry.operator) && !/^forany/i.test(entry.operator),
      ) &&
      values.every((value) => isInferenceProfileFamily(settings, value));
    if (!pinned) {
      findings.push(
        finding(
          RULES.bedrockModelThroughProfile,
          location,
          `Resource ${show(models)} with ${through.length === 0 ? `no ${PROFILE_KEY} condition` : `${PROFILE_KEY} ${show(values)}`}`,
        ),
      );
    }
  }
  return findings;
}
