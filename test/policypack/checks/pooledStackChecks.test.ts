import { expect } from "chai";
import { checkPooledMembers } from "../../../policypack/lib/checks/pooledStackChecks";
import { StackIndex } from "../../../policypack/lib/stackIndex";
import { PlannedResource } from "../../../plan/plannedResource";
import { withDocument } from "../stackMutations";
import { PLATFORM, pooledStack } from "../tenantStackFixture";
import { described, SETTINGS, viewsOf } from "./stackViews";

// TI-TRUST-006 and the pooled part of TI-STACK-002 in process: a shard's trust admits exactly
// the stack's active pooled tenants (hooli, umbrella; vandelay is suspended by the shard policy).

type Doc = { Version?: string; Statement: Array<Record<string, any>> };

const baseline = pooledStack();
const WORKLOAD = { AWS: `arn:aws:iam::${PLATFORM.accountId}:role/dev-workload` };
const REQUEST_TAG = "aws:RequestTag/tenantId";
const PRINCIPAL_TAG = "aws:PrincipalTag/tenantId";

const members = (resources: readonly PlannedResource[]) =>
  checkPooledMembers(new StackIndex(viewsOf(resources)), SETTINGS);
const shardTrust = (edit: (doc: Doc) => unknown) =>
  withDocument(baseline, "pooled-0-role", "assumeRolePolicy", edit);
/** The shard trust with `ids` as the tag values of the statements that start or tag a session. */
const admitting = (ids: string[]) =>
  shardTrust((doc) => ({
    ...doc,
    Statement: doc.Statement.map((s) =>
      s.Condition?.StringEquals?.[REQUEST_TAG] === undefined
        ? s
        : { ...s, Condition: { ...s.Condition, StringEquals: { [REQUEST_TAG]: ids } } },
    ),
  }));
const addToTrust = (statement: Record<string, unknown>) =>
  shardTrust((doc) => ({ ...doc, Statement: [...doc.Statement, statement] }));
const addToShardPolicy = (statement: Record<string, unknown>) =>
  withDocument(baseline, "pooled-0-data-access", "policy", (doc) => ({
    ...doc,
    Statement: [...doc.Statement, statement],
  }));

describe("pooled stack checks in process", () => {
  it("passes the shard admitting the active pooled tenants", () => {
    expect(described(members(baseline))).to.deep.equal([]);
  });

  it("reports each session statement admitting a dedicated, a suspended or an undeclared id", () => {
    const found = members(admitting(["hooli", "umbrella", "acme", "vandelay", "nobody"]));
    const value =
      'the trust admits sessions tagged "acme" is a dedicated tenant, "vandelay" is a suspended pooled tenant (a shard policy denies its tag), "nobody" is no tenant of this stack';
    expect(described(found)).to.deep.equal([
      `TI-TRUST-006 pooled-0-role | assumeRolePolicy statement 0 (Sid WorkloadAssumesAsPooledTenant) | ${value}`,
      `TI-TRUST-006 pooled-0-role | assumeRolePolicy statement 1 (Sid WorkloadTagsSessionWithPooledTenantId) | ${value}`,
    ]);
    expect(found.map((item) => item.finding.rule.kind)).to.deep.equal(["guard", "guard"]);
    expect(found[0]?.finding.fix).to.equal(
      "list only the shard's active pooled tenants (components/pooledShards.ts)",
    );
  });

  it("reports an active pooled tenant no shard admits, on its Tenant component", () => {
    expect(described(members(admitting(["hooli"])))).to.deep.equal([
      'TI-STACK-002 umbrella | children | pooled tenant "umbrella" is admitted by no pooled shard role\'s trust',
    ]);
  });

  it("takes no tag value from a Deny or from a statement that neither assumes nor tags", () => {
    const denied = addToTrust({
      Sid: "NeverAsAcme",
      Effect: "Deny",
      Principal: WORKLOAD,
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: { StringEquals: { [REQUEST_TAG]: ["acme"] } },
    });
    expect(described(members(denied))).to.deep.equal([]);
    const sourceIdentity = addToTrust({
      Sid: "WorkloadNamesTheUserOfAcme",
      Effect: "Allow",
      Principal: WORKLOAD,
      Action: "sts:SetSourceIdentity",
      Condition: { StringEquals: { [REQUEST_TAG]: ["acme"] } },
    });
    expect(described(members(sourceIdentity))).to.deep.equal([]);
  });

  it("counts as suspended only the ids a shard policy's Deny matches with StringEquals", () => {
    const allowOwn = addToShardPolicy({
      Sid: "HooliReadsModels",
      Effect: "Allow",
      Action: "bedrock:ListFoundationModels",
      Resource: "*",
      Condition: { StringEquals: { [PRINCIPAL_TAG]: ["hooli"] } },
    });
    expect(described(members(allowOwn))).to.deep.equal([]);
    const denyOthers = addToShardPolicy({
      Sid: "OnlyMembers",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { [PRINCIPAL_TAG]: ["hooli", "umbrella", "vandelay"] } },
    });
    expect(described(members(denyOthers))).to.deep.equal([]);
  });
});
