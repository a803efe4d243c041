import { expect } from "chai";
import { tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import {
  changesFunctionCode,
  workloadCodeProbes,
} from "../../../../policypack/lib/evaluation/workloadCodeProbes";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { referenceAction } from "./fixtures";

// The platform's functions (named after the stack's prefix) run as the workload role, which can
// assume every tenant's role: changing their code or configuration becomes any tenant.

const settings = { region: "eu-west-1", accountId: "123456789012" };

describe("workloadCodeProbes", () => {
  for (const name of ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"])
    it(`probes ${name} on a function of the stack's prefix as an escalation`, () => {
      const target = tenantTarget("acme", readSettings({ ...settings, namePrefix: "dev" }), []);
      const reference = referenceAction(name);
      expect(changesFunctionCode(reference)).to.equal(true);
      expect(workloadCodeProbes(reference, target, target.session)).to.deep.equal([
        {
          action: name,
          reference,
          resource: "arn:aws:lambda:eu-west-1:123456789012:function:dev-sample",
          context: target.session,
          rule: RULES.leakEscalation,
          stands:
            "a function of the platform stack, which runs as dev-workload and can become every tenant",
          fix: `remove ${name}: the platform's functions are deployed by its stack, not by a tenant role`,
        },
      ]);
    });

  it("names the default stack's functions and workload role when the prefix is unknown", () => {
    const target = tenantTarget("acme", readSettings(settings), []);
    const probes = workloadCodeProbes(
      referenceAction("lambda:UpdateFunctionCode"),
      target,
      target.session,
    );
    expect(probes.map((probe) => [probe.resource, probe.stands])).to.deep.equal([
      [
        "arn:aws:lambda:eu-west-1:123456789012:function:tenancy-sample",
        "a function of the platform stack, which runs as tenancy-workload and can become every tenant",
      ],
    ]);
  });

  it("leaves invoking and reading functions alone", () => {
    const target = tenantTarget("acme", readSettings(settings), []);
    for (const name of ["lambda:InvokeFunction", "lambda:GetFunction"]) {
      expect(changesFunctionCode(referenceAction(name)), name).to.equal(false);
      expect(workloadCodeProbes(referenceAction(name), target, target.session), name).to.deep.equal(
        [],
      );
    }
  });
});
