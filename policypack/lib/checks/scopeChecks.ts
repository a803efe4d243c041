import { serviceActions } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { managedPolicyReferences } from "../iamSources";
import { describeStatement, isAllow, Statement } from "../policyDocument";
import {
  MANAGED_POLICY,
  POLICY_ATTACHMENT,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  ROLE_POLICY_ATTACHMENT,
} from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import {
  reachesAccessPoints,
  reachesBucket,
  reachesInferenceProfiles,
  reachesObjects,
  reachesTable,
} from "../sharedStores";
import { tenantScope } from "../tenantScope";

const TENANT_IAM_TYPES = [
  ROLE,
  ROLE_POLICY,
  MANAGED_POLICY,
  ROLE_POLICY_ATTACHMENT,
  POLICY_ATTACHMENT,
];

/** AWS-managed policies that read or write every table, bucket or model in the account. */
const DATA_WIDE_MANAGED_POLICIES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "ReadOnlyAccess",
  "AmazonDynamoDBFullAccess",
  "AmazonDynamoDBReadOnlyAccess",
  "AmazonS3FullAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonBedrockFullAccess",
  "AmazonBedrockReadOnly",
];

/** TI-SCOPE-001 on IAM outside tenant scope; TI-SCOPE-002 on tenant IAM whose tenant is unclear. */
export function checkScope(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  if (scope.kind === "undetermined") {
    return TENANT_IAM_TYPES.includes(view.type)
      ? [finding(RULES.scopeUndetermined, "scope", scope.reason)]
      : [];
  }
  if (scope.kind === "tenant") return [];
  const findings = parsedDocuments(view, ["identity", "resource"]).flatMap(({ source, document }) =>
    document.statements
      .filter((statement) => isAllow(statement) && !statement.notAction && !statement.notResource)
      .flatMap((statement) => {
        const reached = sharedStoresReached(statement, settings);
        return reached.length === 0
          ? []
          : [
              finding(
                RULES.scopeSharedData,
                `${source.location} ${describeStatement(statement)}`,
                `${show(statement.actions)} on ${show(reached)} outside any tenant's scope`,
              ),
            ];
      }),
  );
  for (const reference of managedPolicyReferences(view)) {
    const name = typeof reference.arn === "string" ? reference.arn.split("/").pop() : undefined;
    if (
      name !== undefined &&
      typeof reference.arn === "string" &&
      /:iam::aws:policy\//.test(reference.arn) &&
      DATA_WIDE_MANAGED_POLICIES.includes(name)
    ) {
      findings.push(
        finding(
          RULES.scopeSharedData,
          reference.location,
          `${show(reference.arn)} reaches every table, bucket and model`,
        ),
      );
    }
  }
  return findings;
}

function sharedStoresReached(statement: Statement, settings: PackSettings): string[] {
  const uses = (service: string) => serviceActions(statement.actions, service).length > 0;
  return statement.resources.filter(
    (resource) =>
      (uses("dynamodb") && reachesTable(settings, resource)) ||
      (uses("s3") &&
        (reachesBucket(settings, resource) ||
          reachesObjects(settings, resource) ||
          reachesAccessPoints(settings, resource))) ||
      (uses("bedrock") && reachesInferenceProfiles(settings, resource)),
  );
}
