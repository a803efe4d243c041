import { expect } from "chai";
import { sessionArnOf } from "../../proofs/sessionArn";

describe("sessionArnOf", () => {
  it("drops the role's path, keeps its partition and account, and appends the session name", () => {
    expect(
      sessionArnOf("arn:aws:iam::123456789012:role/tenants/dev-tenant-acme", "user@x"),
    ).to.equal("arn:aws:sts::123456789012:assumed-role/dev-tenant-acme/user@x");
    expect(sessionArnOf("arn:aws-cn:iam::210987654321:role/a/b/c/r", "s")).to.equal(
      "arn:aws-cn:sts::210987654321:assumed-role/r/s",
    );
    expect(sessionArnOf("arn:aws:iam::123456789012:role/plain", "s")).to.equal(
      "arn:aws:sts::123456789012:assumed-role/plain/s",
    );
  });

  it("refuses what is not a role ARN of a 12-digit account, naming it", () => {
    for (const arn of [
      "arn:aws:iam::123456789012:user/tenants/acme",
      "arn:aws:iam::12345678901:role/r",
      "arn:aws:iam::1234567890123:role/r",
      "arn:aws:iam::12345678901x:role/r",
      "arn:aws:iam::123456789012:role/",
      "arn:aws:iam::123456789012:role/r/",
      "arn:aws:sts::123456789012:role/r",
      "xarn:aws:iam::123456789012:role/r",
      "arn::iam::123456789012:role/r",
    ]) {
      expect(() => sessionArnOf(arn, "s"), arn).to.throw(TypeError, `not an IAM role ARN: ${arn}`);
    }
  });
});
