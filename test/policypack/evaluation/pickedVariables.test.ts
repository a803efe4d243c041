import { expect } from "chai";
import { allow } from "../corpus";
import { addStatement } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";

// The runtime passes the Cognito user's name as SourceIdentity and as the session name (the end of
// aws:userid), and an acme user may be named "globex": a grant written with such a variable reaches
// whatever value the user picks. The pack does not read the role's own ARN either.

const baseline = tenantStack(BASELINE_TENANTS);
const { accountId, bucketName, tableName, region } = PLATFORM;
const BUCKET = `arn:aws:s3:::${bucketName}`;
const TABLE = `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;

const mandatoryOf = (...statements: Record<string, unknown>[]) =>
  mandatoryOn(
    statements.reduce((stack, statement) => addStatement(stack, "acme", statement), baseline),
    "acme-data-access",
  );

describe("leak evaluation: variables whose value the session's caller picks", () => {
  it("takes ${aws:SourceIdentity} in an Allow's Resource as any user name", async () => {
    const picked = allow("s3:GetObject", `${BUCKET}/tenants/\${aws:SourceIdentity}/*`);
    expect(await mandatoryOf(picked)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("takes ${aws:userid} there as any session", async () => {
    const picked = allow("s3:GetObject", `${BUCKET}/tenants/\${aws:userid}/*`);
    expect(await mandatoryOf(picked)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("passes a per-user folder inside the tenant's own prefix", async () => {
    const own = `${BUCKET}/tenants/\${aws:PrincipalTag/tenantId}/users/\${aws:SourceIdentity}/*`;
    expect(await mandatoryOf(allow("s3:GetObject", own))).to.deep.equal([]);
  });

  it("takes it as any value in an Allow's LeadingKeys pattern", async () => {
    const picked = allow("dynamodb:Query", TABLE, {
      Condition: {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:SourceIdentity}#*"] },
      },
    });
    expect(await mandatoryOf(picked)).to.deep.equal(["TI-LEAK-001"]);
  });

  it("lets StringEquals match the picked value, not only the text with a literal *", async () => {
    const listing = allow("s3:ListBucket", BUCKET, {
      Condition: { StringEquals: { "s3:prefix": "tenants/${aws:SourceIdentity}/" } },
    });
    expect(await mandatoryOf(listing)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("holds a tag condition compared with a picked value", async () => {
    const anyTenant = allow("s3:GetObject", `${BUCKET}/tenants/*`, {
      Condition: { StringEquals: { "aws:PrincipalTag/tenantId": "${aws:SourceIdentity}" } },
    });
    expect(await mandatoryOf(anyTenant)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("keeps a StringEquals with a literal * from matching other text", async () => {
    const starred = allow("s3:ListBucket", BUCKET, {
      Condition: {
        StringEquals: { "s3:prefix": "tenants/${aws:PrincipalTag/tenantId}/*" },
      },
    });
    expect(await mandatoryOf(starred)).to.deep.equal([]);
  });

  it("does not let a Deny's NotResource named through it deny everything", async () => {
    const broad = allow("s3:GetObject", `${BUCKET}/tenants/*`);
    const denyOutsideUser = {
      Effect: "Deny",
      Action: "s3:GetObject",
      NotResource: `${BUCKET}/tenants/\${aws:SourceIdentity}/*`,
    };
    expect(await mandatoryOf(broad, denyOutsideUser)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("does not let a Deny's negated condition on it deny everything", async () => {
    const listAll = allow("s3:ListBucket", BUCKET);
    const denyOtherPrefixes = {
      Effect: "Deny",
      Action: "s3:ListBucket",
      Resource: BUCKET,
      Condition: { StringNotLike: { "s3:prefix": "tenants/${aws:SourceIdentity}/*" } },
    };
    expect(await mandatoryOf(listAll, denyOtherPrefixes)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("does not let a Deny's Resource named through it block what the caller picks", async () => {
    const broad = allow("s3:GetObject", `${BUCKET}/tenants/*`);
    const denyPicked = {
      Effect: "Deny",
      Action: "s3:GetObject",
      Resource: `${BUCKET}/tenants/\${aws:SourceIdentity}/*`,
    };
    expect(await mandatoryOf(broad, denyPicked)).to.deep.equal(["TI-LEAK-002"]);
  });

  it("takes ${aws:PrincipalArn} as a role of the account, so writing it escalates", async () => {
    const ownRole = allow("iam:PutRolePolicy", "${aws:PrincipalArn}");
    expect(await mandatoryOf(ownRole)).to.deep.equal(["TI-LEAK-004"]);
  });
});
