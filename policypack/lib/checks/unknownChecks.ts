import { readDocuments } from "../documents";
import { Finding, finding } from "../finding";
import { managedPolicyReferences } from "../iamSources";
import { UNKNOWN } from "../knownValues";
import { ResourceView, ROLE, USER_POOL_CLIENT } from "../resourceView";
import { RULES } from "../ruleCatalog";

const PREVIEW_VALUE = "unknown until deployment (computed from another resource's output)";

/** TI-UNK-001: whatever decides isolation must be known at preview, or the pack fails closed. */
export function checkKnownAtPreview(view: ResourceView): Finding[] {
  const findings = readDocuments(view)
    .filter((read) => read.state === "unknown")
    .map((read) => finding(RULES.unknownAtPreview, read.source.location, PREVIEW_VALUE));
  // An attachment's policyArn is usually the output of a Policy this pack checks on its own.
  if (view.type === ROLE) {
    findings.push(
      ...managedPolicyReferences(view)
        .filter((reference) => reference.arn === UNKNOWN)
        .map((reference) => finding(RULES.unknownAtPreview, reference.location, PREVIEW_VALUE)),
    );
  }
  if (view.type === USER_POOL_CLIENT && view.props.writeAttributes === UNKNOWN) {
    findings.push(finding(RULES.unknownAtPreview, "writeAttributes", PREVIEW_VALUE));
  }
  return findings;
}
