import { serviceActions } from "../actions";
import { parsedDocuments } from "../documents";
import { Finding, finding, show } from "../finding";
import { describeStatement, isAllow, Statement } from "../policyDocument";
import {
  ACCESS_POINT,
  ATTACHMENT_TYPES,
  MANAGED_POLICY,
  ResourceView,
  ROLE,
  ROLE_POLICY,
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

const TENANT_IAM_TYPES = [ROLE, ROLE_POLICY, MANAGED_POLICY, ...ATTACHMENT_TYPES];

/**
 * TI-SCOPE-001 on identity policies outside tenant scope, and on resource policies (bucket,
 * DynamoDB table, access point) wherever they sit: they name principals, not tenants, so an
 * Allow in them is never tenant-scoped. TI-SCOPE-002 on tenant IAM whose tenant is unclear.
 * (AWS-managed policies on platform principals are TI-IAM-006.)
 */
export function checkScope(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  const findings: Finding[] = [];
  if (scope.kind === "undetermined" && TENANT_IAM_TYPES.includes(view.type))
    findings.push(finding(RULES.scopeUndetermined, "scope", scope.reason));
  const kinds: Array<"identity" | "resource"> =
    scope.kind === "platform" ? ["identity", "resource"] : ["resource"];
  if (!frontsAnotherBucket(view, settings)) {
    for (const { source, document } of parsedDocuments(view, kinds)) {
      for (const statement of document.statements) {
        if (!isAllow(statement) || statement.notAction || statement.notResource) continue;
        const reached = sharedStoresReached(statement, settings);
        if (reached.length > 0) {
          findings.push(
            finding(
              RULES.scopeSharedData,
              `${source.location} ${describeStatement(statement)}`,
              `${show(statement.actions)} on ${show(reached)} ${source.kind === "resource" ? "granted by a resource policy" : "outside any tenant's scope"}`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** An access point whose bucket is known and is not the shared one. */
function frontsAnotherBucket(view: ResourceView, settings: PackSettings): boolean {
  const bucket = view.props.bucket;
  return (
    view.type === ACCESS_POINT &&
    typeof bucket === "string" &&
    settings.bucketName !== undefined &&
    bucket !== settings.bucketName
  );
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
