import { parsedDocuments } from "../documents";
import { Finding } from "../finding";
import { describeStatement, isAllow, PolicyDocument, Statement } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { PackSettings } from "../settings";
import { tenantScope } from "../tenantScope";

/** One Allow statement of a tenant's identity policy, with what the data rules need to judge it. */
export interface TenantStatement {
  /** e.g. `policy statement 0 (Sid OwnItemsOnly)`. */
  readonly location: string;
  readonly statement: Statement;
  readonly document: PolicyDocument;
  readonly tenantId: string;
}

/**
 * Runs `judge` on every Allow statement of a tenant-scoped resource's identity policies. Statements
 * with NotAction or NotResource are left to TI-IAM-002, which refuses them outright.
 */
export function judgeTenantStatements(
  view: ResourceView,
  settings: PackSettings,
  judge: (item: TenantStatement) => Finding[],
): Finding[] {
  const scope = tenantScope(view, settings);
  if (scope.kind !== "tenant") return [];
  return parsedDocuments(view, ["identity"]).flatMap(({ source, document }) =>
    document.statements
      .filter((statement) => isAllow(statement) && !statement.notAction && !statement.notResource)
      .flatMap((statement) =>
        judge({
          location: `${source.location} ${describeStatement(statement)}`,
          statement,
          document,
          tenantId: scope.tenantId,
        }),
      ),
  );
}
