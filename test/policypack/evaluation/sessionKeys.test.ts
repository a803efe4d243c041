import { expect } from "chai";
import { allow } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";

// Every request of a tenant session carries aws:PrincipalAccount and aws:RequestedRegion, and IAM
// replaces them as policy variables: an ARN written with them names the shared table or bucket.

const baseline = tenantStack(BASELINE_TENANTS);
const { region, accountId, bucketName, tableName } = PLATFORM;
const PORTABLE_BUCKET = `arn:aws:s3:::${bucketName.replace(accountId, "${aws:PrincipalAccount}")}`;

const mandatoryOf = (statement: Record<string, unknown>) =>
  mandatoryOn(addStatement(baseline, "acme", statement), "acme-data-access");

describe("leak evaluation: global keys as policy variables", () => {
  it("resolves ${aws:PrincipalAccount} in a table ARN to the account", async () => {
    const table = `arn:aws:dynamodb:${region}:\${aws:PrincipalAccount}:table/${tableName}`;
    expect(await mandatoryOf(allow("dynamodb:Scan", table))).to.deep.equal(["TI-LEAK-001"]);
  });

  it("resolves ${aws:RequestedRegion} in a table ARN to the region", async () => {
    const table = `arn:aws:dynamodb:\${aws:RequestedRegion}:${accountId}:table/${tableName}`;
    expect(await mandatoryOf(allow("dynamodb:Scan", table))).to.deep.equal(["TI-LEAK-001"]);
  });

  it("resolves it in a bucket name", async () => {
    expect(await mandatoryOf(allow("s3:GetObject", `${PORTABLE_BUCKET}/*`))).to.deep.equal([
      "TI-LEAK-002",
    ]);
  });

  it("passes the tenant's own objects named through it", async () => {
    const own = `${PORTABLE_BUCKET}/tenants/\${aws:PrincipalTag/tenantId}/*`;
    expect(await mandatoryOf(allow("s3:GetObject", own))).to.deep.equal([]);
  });
});
