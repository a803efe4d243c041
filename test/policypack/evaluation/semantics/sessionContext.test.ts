import { expect } from "chai";
import { sessionContext } from "../../../../policypack/lib/evaluation/sessionContext";

const ROLE_START = "arn:aws:iam::123456789012:role/";
const session = sessionContext("acme", { "aws:SourceAccount": "123456789012" }, ROLE_START);

describe("sessionContext", () => {
  it("carries the tenant's tag and the ambient keys, showing only the tag", () => {
    expect(session.values("aws:PrincipalTag/TenantId")).to.deep.equal(["acme"]);
    expect(session.values("aws:SourceAccount")).to.deep.equal(["123456789012"]);
    expect(session.describe()).to.deep.equal({ "aws:PrincipalTag/tenantId": ["acme"] });
  });

  it("knows the session's own role only by the start of its ARN", () => {
    expect(session.pickedStart("aws:PrincipalArn")).to.equal(ROLE_START);
  });

  it("knows the pack's tags and the user name to be absent unless a request sets them", () => {
    for (const key of [
      "aws:username",
      "aws:ResourceTag/tenantId",
      "aws:ResourceTag/tenancyStack",
      "aws:PrincipalTag/tenantId",
    ]) {
      expect(session.isModelled(key), key).to.equal(true);
      expect(session.pickedStart(key), key).to.equal(undefined);
    }
  });

  it("leaves every other key to the caller", () => {
    // why: "" is no listed key either; a blank entry in the list would model it
    for (const key of ["aws:ResourceTag/team", "aws:PrincipalTag/team", "aws:SourceIdentity", ""]) {
      expect(session.isModelled(key), key).to.equal(false);
      expect(session.pickedStart(key), key).to.equal("");
    }
  });
});
