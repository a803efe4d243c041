import { expect } from "chai";
import { allow } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";

// The pack does not read the table's indexes or streams from the stack: a grant on one it names by
// a pattern (`index/by*`) or exactly (a stream's ARN) is tried on a name that grant matches.

const baseline = tenantStack(BASELINE_TENANTS);
const { region, accountId, tableName } = PLATFORM;
const TABLE = `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
const OWN_KEYS = {
  "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] },
  Null: { "dynamodb:LeadingKeys": "false" },
};

const mandatoryOf = (statement: Record<string, unknown>) =>
  mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access");

describe("leak evaluation: indexes and streams named by the grant", () => {
  it("finds a Query on indexes named by a pattern, without a key pin", async () => {
    expect(await mandatoryOf(allow("dynamodb:Query", `${TABLE}/index/by*`))).to.deep.equal([
      "TI-LEAK-001",
    ]);
  });

  it("finds reading the records of a stream named exactly", async () => {
    const stream = allow(
      ["dynamodb:GetShardIterator", "dynamodb:GetRecords"],
      `${TABLE}/stream/2025-06-01T10:00:00.000`,
    );
    expect(await mandatoryOf(stream)).to.deep.equal(["TI-LEAK-001"]);
  });

  it("finds a backup named by a pattern", async () => {
    const restore = allow("dynamodb:RestoreTableFromBackup", `${TABLE}/backup/01*`);
    expect(await mandatoryOf(restore)).to.deep.equal(["TI-LEAK-001"]);
  });

  it("passes a Query on those indexes pinned to the tenant's keys", async () => {
    const pinned = allow("dynamodb:Query", `${TABLE}/index/by*`, { Condition: OWN_KEYS });
    expect(await mandatoryOf(pinned)).to.deep.equal([]);
  });
});
