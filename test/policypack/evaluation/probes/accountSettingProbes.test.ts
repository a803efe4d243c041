import { expect } from "chai";
import {
  accountSettingProbes,
  changesAccountSetting,
} from "../../../../policypack/lib/evaluation/accountSettingProbes";
import { ReferenceAction } from "../../../../policypack/lib/evaluation/iamReference";
import { RequestContext } from "../../../../policypack/lib/evaluation/requestContext";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { referenceAction } from "./fixtures";

// Account-wide settings take no resource (only `"Resource": "*"` grants them) and every tenant's
// requests go through them: changing one is a leak whatever the tenant.

const BASE = RequestContext.ambient({ "aws:PrincipalAccount": "123456789012" });

describe("accountSettingProbes", () => {
  const settings: [string, typeof RULES.leakBedrock, RegExp][] = [
    ["bedrock:PutModelInvocationLoggingConfiguration", RULES.leakBedrock, /invocation logging/],
    ["bedrock:DeleteModelInvocationLoggingConfiguration", RULES.leakBedrock, /invocation logging/],
    ["bedrock:PutEnforcedGuardrailConfiguration", RULES.leakBedrock, /guardrails/],
    ["bedrock:DeleteEnforcedGuardrailConfiguration", RULES.leakBedrock, /guardrails/],
    ["s3:PutAccountPublicAccessBlock", RULES.leakS3, /block on public access/],
  ];

  for (const [name, rule, setting] of settings)
    it(`probes ${name} on "*" as a leak of the setting every tenant shares`, () => {
      const reference = referenceAction(name);
      const probes = accountSettingProbes(reference, BASE);

      expect(probes).to.have.length(1);
      const [probe] = probes;
      expect(probe?.action).to.equal(name);
      expect(probe?.reference).to.equal(reference);
      expect(probe?.resource).to.equal("*");
      expect(probe?.context).to.equal(BASE);
      expect(probe?.rule).to.equal(rule);
      expect(probe?.stands).to.match(setting);
      expect(probe?.stands).to.match(/every tenant|shared bucket/);
      expect(probe?.fix).to.equal(
        `remove ${name}: account settings belong to the platform, not to a tenant role`,
      );
      expect(changesAccountSetting(reference)).to.equal(true);
    });

  it("leaves account-level calls that change no shared setting alone", () => {
    // Same access level and no resource, like the settings above: only the name tells them apart.
    for (const name of [
      "bedrock:Rerank",
      "bedrock:GetModelInvocationLoggingConfiguration",
      "s3:GetAccountPublicAccessBlock",
    ]) {
      expect(accountSettingProbes(referenceAction(name), BASE), name).to.deep.equal([]);
      expect(changesAccountSetting(referenceAction(name)), name).to.equal(false);
    }
  });

  it("matches the action name case-insensitively, as IAM does", () => {
    const spelled: ReferenceAction = {
      ...referenceAction("bedrock:PutModelInvocationLoggingConfiguration"),
      name: "Bedrock:putModelInvocationLoggingConfiguration",
    };
    expect(changesAccountSetting(spelled)).to.equal(true);
    expect(accountSettingProbes(spelled, BASE).map((probe) => probe.rule)).to.deep.equal([
      RULES.leakBedrock,
    ]);
  });
});
