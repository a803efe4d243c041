import { tenantS3Prefix } from "@tenancy/runtime/naming";
import {
  grantedFrom,
  S3_BUCKET_CONTROL_ACTIONS,
  S3_LIST_ACTIONS,
  S3_OBJECT_ACTIONS,
} from "../actions";
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
import { isTenantObjectArn, reachesBucket, reachesObjects, sharedBucketArn } from "../sharedStores";
import { tenantScope } from "../tenantScope";
import { ownS3Prefixes } from "./tenantPatterns";

const PREFIX_KEY = "s3:prefix";
const ACCEPTED_OPERATORS = ["stringlike", "stringequals"];

/** TI-S3-001..003 on a tenant's identity policies. */
export function checkS3(view: ResourceView, settings: PackSettings): Finding[] {
  const scope = tenantScope(view, settings);
  if (scope.kind !== "tenant") return [];
  return parsedDocuments(view, ["identity"]).flatMap(({ source, document }) =>
    document.statements
      .filter((statement) => isAllow(statement) && !statement.notAction && !statement.notResource)
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
  const onObjects = statement.resources.filter((resource) => reachesObjects(settings, resource));
  const onBucket = statement.resources.filter((resource) => reachesBucket(settings, resource));
  if (onObjects.length === 0 && onBucket.length === 0) return findings;
  const prefixes = ownS3Prefixes(tenantId, document.version);

  const control = grantedFrom(statement.actions, S3_BUCKET_CONTROL_ACTIONS);
  if (control.length > 0) {
    findings.push(
      finding(
        RULES.s3BucketControl,
        location,
        `Action ${show(statement.actions)} grants ${control.join(", ")}`,
      ),
    );
  }
  if (grantedFrom(statement.actions, S3_OBJECT_ACTIONS).length > 0) {
    const outside = onObjects.filter(
      (resource) => !isTenantObjectArn(settings, resource, prefixes),
    );
    if (outside.length > 0) {
      const wanted = `${sharedBucketArn(settings, outside[0] ?? "")}/${tenantS3Prefix(tenantId)}*`;
      findings.push(
        finding(
          RULES.s3ObjectPrefix,
          location,
          `Resource ${show(outside)} is not under "${tenantS3Prefix(tenantId)}"`,
          { fix: `use "${wanted}"` },
        ),
      );
    }
  }
  if (grantedFrom(statement.actions, S3_LIST_ACTIONS).length > 0 && onBucket.length > 0) {
    const entries = conditionsOn(statement, PREFIX_KEY);
    const values = entries.flatMap((entry) => entry.values);
    const pinned =
      entries.length > 0 &&
      values.length > 0 &&
      entries.every((entry) => ACCEPTED_OPERATORS.includes(entry.operator.toLowerCase())) &&
      values.every((value) => prefixes.some((prefix) => value.startsWith(prefix)));
    if (!pinned) {
      const shown =
        entries.length === 0
          ? `no ${PREFIX_KEY} condition`
          : `${PREFIX_KEY} ${show(entries.map((entry) => `${entry.operator} ${show(entry.values)}`))}`;
      findings.push(
        finding(
          RULES.s3ListPrefix,
          location,
          `${show(statement.actions)} on ${show(onBucket)} with ${shown}`,
          { fix: `add "StringLike": {"${PREFIX_KEY}": ["${tenantS3Prefix(tenantId)}*"]}` },
        ),
      );
    }
  }
  return findings;
}
