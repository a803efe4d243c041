import { expect } from "chai";
import { tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { userPoolProbes } from "../../../../policypack/lib/evaluation/userPoolProbes";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { referenceAction } from "./fixtures";

// Every tenant shares the user pool, and a token's tenant is its user's custom:tenantId and
// groups: any action on the pool lets a tenant role read or become other tenants.

const target = tenantTarget(
  "acme",
  readSettings({ partition: "aws-cn", region: "cn-north-1", accountId: "123456789012" }),
  [],
);

describe("userPoolProbes", () => {
  for (const name of ["cognito-idp:AdminUpdateUserAttributes", "cognito-idp:AdminGetUser"])
    it(`probes ${name} on a pool of the platform's account as an escalation`, () => {
      const reference = referenceAction(name);
      expect(userPoolProbes(reference, target, target.session)).to.deep.equal([
        {
          action: name,
          reference,
          // The reference's userpool ARN: arn:${Partition}:cognito-idp:${Region}:${Account}:userpool/${UserPoolId}
          resource: "arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_sample",
          context: target.session,
          rule: RULES.leakEscalation,
          stands:
            "the user pool every tenant shares, whose users' custom:tenantId and groups name their tenant",
          fix: `remove ${name}: users and groups are managed by the platform stack, not by a tenant role`,
        },
      ]);
    });

  it("leaves actions that take no user pool alone", () => {
    for (const name of ["cognito-idp:ListUserPools", "cognito-idp:CreateUserPool"]) {
      expect(referenceAction(name).resourceTypes).to.not.include("userpool");
      expect(userPoolProbes(referenceAction(name), target, target.session), name).to.deep.equal([]);
    }
  });
});
