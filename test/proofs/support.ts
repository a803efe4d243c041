import { join } from "node:path";
import type { PlatformLocation } from "../../components/policies/arns";
import type { PolicyDocument, PolicyStatement } from "../../components/policies/policyDocument";
import { loadTenantsFile, TenantSpec } from "../../components/tenantsFile";
import type { ProofReport } from "../../proofs/proofReport";

export const ROOT = join(__dirname, "../..");

/** The offline platform of Pulumi.dev.yaml: prefix dev, eu-west-1, the mock account. */
export const PLATFORM: PlatformLocation = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-eu-west-1",
};

export function exampleTenants(): TenantSpec[] {
  return loadTenantsFile(join(ROOT, "tenants.json"), { namePrefix: PLATFORM.namePrefix });
}

/** `tenant probe` of every probe that did not pass with the given verdict, sorted. */
export function verdicts(report: ProofReport, verdict: "fail" | "unproven"): string[] {
  return report.results
    .filter((r) => r.verdict === verdict)
    .map((r) => `${r.tenantId} ${r.probe}`)
    .sort();
}

/**
 * Rewrites one statement (by Sid) of a built document: the deliberate mistakes under test.
 * Documents without that statement (no Bedrock models, say) are left as they are.
 */
export function withStatement(
  document: PolicyDocument,
  sid: string,
  change: (statement: PolicyStatement) => PolicyStatement,
): PolicyDocument {
  return { ...document, Statement: document.Statement.map((s) => (s.Sid === sid ? change(s) : s)) };
}

/** `names` crossed with `probes`, sorted, in the shape of {@link verdicts}. */
export function each(tenants: readonly string[], probes: readonly string[]): string[] {
  return tenants.flatMap((t) => probes.map((p) => `${t} ${p}`)).sort();
}

/**
 * The trust policy as it was first written: one statement for all three STS actions, so
 * TagSession was conditioned on sts:SourceIdentity, a key IAM's action data omits for it.
 */
export function withSourceIdentityRequiredForTagSession(document: PolicyDocument): PolicyDocument {
  return withStatement(document, "WorkloadTagsSessionWithTenantId", (statement) => ({
    ...statement,
    Condition: { ...statement.Condition, Null: { "sts:SourceIdentity": "false" } },
  }));
}
