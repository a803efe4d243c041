import { expect } from "chai";
import { RequestContext } from "../../policypack/lib/evaluation/requestContext";
import { UNKNOWN, UNKNOWN_SENTINEL } from "../../policypack/lib/knownValues";
import { perView } from "../../policypack/lib/perView";
import { ResourceView } from "../../policypack/lib/resourceView";
import { settingsReader } from "../../policypack/lib/sharedSettings";
import { sharedView } from "../../policypack/lib/sharedView";

// The SDK's own proxy, as its server wraps each policy's inputs (internal, so not in its typings).
const sdkProxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: (inputs: object) => Record<string, unknown>;
  unknownArrayValue: string;
};

// One Analyze call runs every policy of the pack on one resource, each with its own copy of the
// inputs: what the policies derive from the resource is shared, and only while it is the same.

const URN =
  "urn:pulumi:dev::tenancy::tenancy:index:Tenant$aws:iam/rolePolicy:RolePolicy::acme-data-access";
const PARENT = "urn:pulumi:dev::tenancy::tenancy:index:Tenant::acme";
const inputs = () => ({ role: "dev-tenant-acme", policy: '{"Statement":[]}', tags: ["a", "b"] });
const view = (props: unknown, urn = URN) =>
  sharedView("aws:iam/rolePolicy:RolePolicy", urn, "acme-data-access", PARENT, props);

describe("shared evaluation across the pack's policies", () => {
  describe("sharedView", () => {
    it("gives every policy the same view for the same URN and equal inputs", () => {
      const first = view(inputs());
      expect(view(inputs())).to.equal(first);
      expect(first.props).to.deep.equal(inputs());
    });

    it("gives a new view when an input, the parent or the URN differs", () => {
      const first = view(inputs());
      const changed = view({ ...inputs(), policy: '{"Statement":[{}]}' });
      expect(changed).to.not.equal(first);
      expect(changed.props.policy).to.equal('{"Statement":[{}]}');
      expect(view({ ...inputs(), tags: ["a"] })).to.not.equal(view(inputs()));
      expect(view({ ...inputs(), extra: 1 })).to.not.equal(view(inputs()));
      const other = sharedView(
        "aws:iam/rolePolicy:RolePolicy",
        URN,
        "acme-data-access",
        undefined,
        inputs(),
      );
      expect(other).to.not.equal(view(inputs()));
      expect(view(inputs(), `${URN}-2`)).to.not.equal(view(inputs()));
    });

    it("tells an unknown input from a known one", () => {
      const unknown = view({ ...inputs(), policy: UNKNOWN_SENTINEL });
      expect(view({ ...inputs(), policy: UNKNOWN_SENTINEL })).to.equal(unknown);
      expect(view(inputs())).to.not.equal(unknown);
      expect(view({ ...inputs(), policy: UNKNOWN_SENTINEL })).to.not.equal(view(inputs()));
    });
  });

  describe("sharedView through the SDK's proxy", () => {
    const nested = () => ({
      role: "dev-tenant-acme",
      inlinePolicies: [{ name: "data", policy: '{"Statement":[]}' }],
      tags: { tenantId: "acme" },
    });

    it("shares the view for equal inputs and tells apart a nested change", () => {
      const first = view(sdkProxy.unknownCheckingProxy(nested()));
      expect(view(sdkProxy.unknownCheckingProxy(nested()))).to.equal(first);
      expect(first.props).to.deep.equal(nested());
      const renamed = nested();
      renamed.inlinePolicies[0] = { name: "data", policy: '{"Statement":[{}]}' };
      const changed = view(sdkProxy.unknownCheckingProxy(renamed));
      expect(changed).to.not.equal(first);
      expect(changed.props.inlinePolicies).to.deep.equal(renamed.inlinePolicies);
      const retagged = view(
        sdkProxy.unknownCheckingProxy({ ...renamed, tags: { tenantId: "acmf" } }),
      );
      expect(retagged).to.not.equal(changed);
      expect(retagged.props.tags).to.deep.equal({ tenantId: "acmf" });
    });

    it("reads unknowns of every kind as unknown, and an unknown apart from a known value", () => {
      const unknownList = { ...nested(), inlinePolicies: sdkProxy.unknownArrayValue };
      const unknown = view(sdkProxy.unknownCheckingProxy(unknownList));
      expect(unknown.props.inlinePolicies).to.equal(UNKNOWN);
      expect(view(sdkProxy.unknownCheckingProxy(unknownList))).to.equal(unknown);
      // Another kind of unknown in the same place reads the same: the view is still shared.
      expect(
        view(sdkProxy.unknownCheckingProxy({ ...nested(), inlinePolicies: UNKNOWN_SENTINEL })),
      ).to.equal(unknown);
      const known = view(sdkProxy.unknownCheckingProxy(nested()));
      expect(known).to.not.equal(unknown);
      expect(known.props.inlinePolicies).to.deep.equal(nested().inlinePolicies);
    });
  });

  describe("perView", () => {
    it("derives once per view and arguments, again when either changes", () => {
      let runs = 0;
      const derive = perView((derived: ResourceView, settings: object) => {
        runs += 1;
        return [derived.urn, settings];
      });
      const first = view(inputs());
      const settings = {};
      const result = derive(first, settings);
      expect(derive(first, settings)).to.equal(result);
      expect(runs).to.equal(1);
      derive(first, {});
      derive(view({ ...inputs(), policy: "{}" }), settings);
      expect(runs).to.equal(3);
    });
  });

  describe("settingsReader", () => {
    it("reads equal configs of different policies into one settings object", () => {
      const config = () => ({
        accountId: "123456789012",
        tenantResources: [{ arn: "arn:aws:sqs:eu-west-1:123456789012:q-{tenantId}" }],
      });
      const leaks = settingsReader();
      const contract = settingsReader();
      const settings = leaks(config());
      expect(contract(config())).to.equal(settings);
      expect(leaks(config())).to.equal(settings);
      expect(settings.tenantResources).to.deep.equal(config().tenantResources);
    });

    it("reads a changed config into new settings", () => {
      const read = settingsReader();
      const before = read({ accountId: "123456789012" });
      const after = read({ accountId: "210987654321" });
      expect(after).to.not.equal(before);
      expect(after.accountId).to.equal("210987654321");
    });
  });

  describe("RequestContext", () => {
    it("layers a probe's keys over the session's, later keys winning in any case", () => {
      const session = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, [
        "aws:principaltag/",
      ]);
      const probe = session
        .with({ "dynamodb:LeadingKeys": ["acme#r1"] }, ["dynamodb:leadingkeys"])
        .with({ "aws:principaltag/TENANTID": "globex" });
      expect(probe.values("AWS:PrincipalTag/tenantid")).to.deep.equal(["globex"]);
      expect(probe.values("dynamodb:leadingkeys")).to.deep.equal(["acme#r1"]);
      expect(session.values("dynamodb:LeadingKeys")).to.equal(undefined);
      expect(probe.isModelled("dynamodb:LeadingKeys")).to.equal(true);
      expect(session.isModelled("dynamodb:LeadingKeys")).to.equal(false);
      expect(probe.describe()).to.deep.equal({
        "aws:principaltag/TENANTID": ["globex"],
        "dynamodb:LeadingKeys": ["acme#r1"],
      });
    });
  });
});
