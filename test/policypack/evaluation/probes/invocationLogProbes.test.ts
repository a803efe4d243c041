import { expect } from "chai";
import {
  appendsLogRecords,
  invocationLogProbes,
} from "../../../../policypack/lib/evaluation/invocationLogProbes";
import { tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { referenceAction } from "./fixtures";

// The Bedrock invocation log group `/<namePrefix>/bedrock/invocations` holds every tenant's
// prompts: reading, exporting or changing it leaks; listing names and appending do not.

const target = tenantTarget(
  "acme",
  readSettings({ namePrefix: "dev", region: "eu-west-1", accountId: "123456789012" }),
  [],
);
const GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/dev/bedrock/invocations";

describe("invocationLogProbes", () => {
  it("probes a log-group action on the group's ARN and on its `:*` form", () => {
    const deleteGroup = referenceAction("logs:DeleteLogGroup");
    const probes = invocationLogProbes(deleteGroup, target, target.session);

    expect(probes.map((probe) => probe.resource)).to.deep.equal([GROUP, `${GROUP}:*`]);
    for (const probe of probes) {
      expect(probe.action).to.equal("logs:DeleteLogGroup");
      expect(probe.reference).to.equal(deleteGroup);
      expect(probe.context).to.equal(target.session);
      expect(probe.rule).to.equal(RULES.leakBedrock);
      expect(probe.stands).to.match(/Bedrock invocation log group/);
      expect(probe.stands).to.match(/every tenant's prompts/);
      expect(probe.fix).to.match(/^remove logs:DeleteLogGroup on the invocation log group/);
    }
  });

  it("probes a log-stream action on a stream of the group only", () => {
    const probes = invocationLogProbes(
      referenceAction("logs:GetLogEvents"),
      target,
      target.session,
    );
    expect(probes.map((probe) => probe.resource)).to.deep.equal([`${GROUP}:log-stream:sample`]);
    expect(probes.map((probe) => probe.rule)).to.deep.equal([RULES.leakBedrock]);
  });

  it("probes every group name the target knows", () => {
    // Without a prefix the documents' group and the default stack's are both tried.
    const unnamed = tenantTarget("acme", readSettings({ region: "eu-west-1" }), [
      {
        version: "2012-10-17",
        statements: [
          {
            index: 0,
            effect: "Allow",
            actions: ["logs:FilterLogEvents"],
            resources: [
              "arn:aws:logs:eu-west-1:123456789012:log-group:/prod/bedrock/invocations:*",
            ],
            principals: [],
            conditions: [],
            notAction: false,
            notResource: false,
            notPrincipal: false,
          },
        ],
      },
    ]);
    const resources = invocationLogProbes(
      referenceAction("logs:FilterLogEvents"),
      unnamed,
      unnamed.session,
    ).map((probe) => probe.resource);
    const group = (name: string) => `arn:aws:logs:eu-west-1:123456789012:log-group:${name}`;
    expect(resources).to.deep.equal([
      group("/prod/bedrock/invocations"),
      `${group("/prod/bedrock/invocations")}:*`,
      group("/tenancy/bedrock/invocations"),
      `${group("/tenancy/bedrock/invocations")}:*`,
    ]);
  });

  it("leaves listing and appending alone", () => {
    // DescribeLogStreams is a List action on the group: it shows stream names, not records.
    expect(referenceAction("logs:DescribeLogStreams").accessLevel).to.equal("List");
    expect(
      invocationLogProbes(referenceAction("logs:DescribeLogStreams"), target, target.session),
    ).to.deep.equal([]);
    for (const name of ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]) {
      expect(appendsLogRecords(referenceAction(name)), name).to.equal(true);
      expect(
        invocationLogProbes(referenceAction(name), target, target.session),
        name,
      ).to.deep.equal([]);
    }
  });
});
