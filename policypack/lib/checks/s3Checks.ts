import { tenantS3Prefix } from "../naming";
import {
  describePatterns,
  grantedFrom,
  outsideAllowList,
  S3_BUCKET_CONTROL_ACTIONS,
  S3_LIST_ACTIONS,
  serviceActions,
} from "../actions";
import { Finding, finding, show } from "../finding";
import { conditionsOn } from "../policyDocument";
import { ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";
import { PackSettings } from "../settings";
import {
  isTenantObjectArn,
  reachesAccessPoints,
  reachesBucket,
  reachesObjects,
  sharedBucketArn,
} from "../sharedStores";
import { ownS3Prefixes } from "./tenantPatterns";
import { judgeTenantStatements, TenantStatement } from "./tenantStatements";

const PREFIX_KEY = "s3:prefix";
const ACCEPTED_OPERATORS = ["stringlike", "stringequals"];

/** TI-S3-001..003 on a tenant's identity policies. */
export function checkS3(view: ResourceView, settings: PackSettings): Finding[] {
  return judgeTenantStatements(view, settings, (item) => checkStatement(item, settings));
}

function checkStatement(
  { location, statement, document, tenantId }: TenantStatement,
  settings: PackSettings,
): Finding[] {
  const actions = serviceActions(statement.actions, "s3");
  if (actions.length === 0) return [];
  const onObjects = statement.resources.filter((resource) => reachesObjects(settings, resource));
  const onBucket = statement.resources.filter((resource) => reachesBucket(settings, resource));
  const onAccessPoints = statement.resources.filter((resource) =>
    reachesAccessPoints(settings, resource),
  );
  if (onObjects.length === 0 && onBucket.length === 0 && onAccessPoints.length === 0) return [];
  const findings: Finding[] = [];
  const prefixes = ownS3Prefixes(tenantId, document.version);

  // Bucket control anywhere, and on the bucket ARN itself nothing but the list family.
  const control = grantedFrom(statement.actions, S3_BUCKET_CONTROL_ACTIONS);
  const bucketOnly = onBucket.filter((resource) => !reachesObjects(settings, resource));
  const controlNames = new Set(control.map((action) => action.toLowerCase()));
  const notListing = (
    bucketOnly.length > 0 ? outsideAllowList(statement.actions, "s3", S3_LIST_ACTIONS) : []
  ).filter((pattern) => !controlNames.has(pattern.toLowerCase()));
  if (control.length > 0 || notListing.length > 0) {
    const reasons = [
      control.length > 0 && `grants ${control.join(", ")}`,
      notListing.length > 0 &&
        `on the bucket ARN ${show(bucketOnly)} grants ${describePatterns(notListing, S3_BUCKET_CONTROL_ACTIONS)}, which is not ${S3_LIST_ACTIONS.join("/")}`,
    ].filter(Boolean);
    findings.push(
      finding(
        RULES.s3BucketControl,
        location,
        `Action ${show(statement.actions)} ${reasons.join("; ")}`,
        control.length > 0
          ? {}
          : {
              why: "on the bucket ARN a tenant only lists its own prefix; every other bucket-level action reads or changes what all tenants share (policy, ACLs, replication, lifecycle, inventory)",
              fix: `grant only ${S3_LIST_ACTIONS.join(", ")} on the bucket ARN, with the s3:prefix condition`,
            },
      ),
    );
  }

  // Objects: whatever the action, only under the tenant's prefix, and never via an access point.
  // The list family acts on the bucket (or an access point) and is judged by TI-S3-002.
  const beyondListing = outsideAllowList(actions, "s3", S3_LIST_ACTIONS).length > 0;
  const outside = beyondListing
    ? [
        ...new Set([
          ...onObjects.filter((resource) => !isTenantObjectArn(settings, resource, prefixes)),
          ...onAccessPoints,
        ]),
      ]
    : [];
  if (outside.length > 0) {
    const wanted = `${sharedBucketArn(settings, outside[0] ?? "")}/${tenantS3Prefix(tenantId)}*`;
    const viaAccessPoint = outside.some((resource) => reachesAccessPoints(settings, resource));
    findings.push(
      finding(
        RULES.s3ObjectPrefix,
        location,
        `Resource ${show(outside)} is not under "${tenantS3Prefix(tenantId)}"${viaAccessPoint ? " (an access point can front the shared bucket)" : ""}`,
        { fix: `use "${wanted}"` },
      ),
    );
  }

  const listed = [...new Set([...onBucket, ...onAccessPoints])];
  if (grantedFrom(statement.actions, S3_LIST_ACTIONS).length > 0 && listed.length > 0) {
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
          `${show(statement.actions)} on ${show(listed)} with ${shown}`,
          { fix: `add "StringLike": {"${PREFIX_KEY}": ["${tenantS3Prefix(tenantId)}*"]}` },
        ),
      );
    }
  }
  return findings;
}
