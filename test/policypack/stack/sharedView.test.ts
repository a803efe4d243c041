import { expect } from "chai";
import { UNKNOWN, UNKNOWN_SENTINEL } from "../../../policypack/lib/knownValues";
import { ROLE_POLICY } from "../../../policypack/lib/resourceView";
import { sharedView } from "../../../policypack/lib/sharedView";

// The SDK's own proxy, as its server wraps each policy's inputs (internal, so not in its typings).
const sdkProxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: (inputs: object) => Record<string, unknown>;
  unknownArrayValue: string;
  unknownStringValue: string;
};

// sharedView directly: every policy of one Analyze call gets the same view of a resource as long
// as its URN, type, name, parent and inputs are the same (inputs compared as plain data, or as
// they read through the SDK's unknown-checking proxy); anything else gives a new view.

let counter = 0;
/** A URN no other test has used, so views kept by earlier tests never answer. */
const freshUrn = () =>
  `urn:pulumi:dev::tenancy::tenancy:index:Tenant$${ROLE_POLICY}::shared-view-${(counter += 1)}`;
const PARENT = "urn:pulumi:dev::tenancy::tenancy:index:Tenant::acme";
const DOC = '{"Version":"2012-10-17","Statement":[]}';

/** Something other than plain data among the inputs, as a Pulumi asset is. */
class Asset {
  constructor(readonly path: string) {}
}

/** A view maker for one URN: `at(props)` is what each policy asks for. */
function resource(parent: string | undefined = PARENT) {
  const urn = freshUrn();
  return {
    urn,
    at: (props: unknown, over: { type?: string; name?: string; parent?: string } = {}) =>
      sharedView(
        over.type ?? ROLE_POLICY,
        urn,
        over.name ?? "acme-data-access",
        "parent" in over ? over.parent : parent,
        props,
      ),
  };
}

describe("sharedView", () => {
  describe("the view", () => {
    it("carries the resource's identity and a copy of its inputs, unknowns as UNKNOWN", () => {
      const { urn, at } = resource();
      const inputs = { role: "dev-tenant-acme", policy: UNKNOWN_SENTINEL, tags: ["a"] };
      const view = at(inputs);
      expect(view).to.deep.equal({
        type: ROLE_POLICY,
        urn,
        name: "acme-data-access",
        parent: PARENT,
        props: { role: "dev-tenant-acme", policy: UNKNOWN, tags: ["a"] },
      });
      expect(view.props).to.not.equal(inputs);
    });

    it("an empty parent is no parent, and shares the view with an absent one", () => {
      const { at } = resource(undefined);
      const view = at({ role: "r" }, { parent: "" });
      expect(view).to.have.property("parent", undefined);
      expect(at({ role: "r" }, { parent: undefined })).to.equal(view);
    });

    it("inputs that are not an object read as none, and equal ones share the view", () => {
      const cases: unknown[] = [undefined, null, "text", 7, ["a", { k: 1 }, [2]]];
      for (const inputs of cases) {
        const { at } = resource();
        const view = at(inputs);
        expect(view.props, String(inputs)).to.deep.equal({});
        expect(at(structuredClone(inputs)), String(inputs)).to.equal(view);
      }
    });

    it("a list of inputs that differs, even as an object with the same entries, is new", () => {
      const changes: [unknown, unknown][] = [
        [["a"], ["b"]],
        [["a"], ["a", "b"]],
        [["a"], { 0: "a", length: 1 }],
        [{ 0: "a" }, ["a"]],
      ];
      for (const [before, after] of changes) {
        const { at } = resource();
        const view = at(before);
        expect(at(after), JSON.stringify(after)).to.not.equal(view);
      }
    });
    // A list of inputs reads as none, so only the plain-data comparison can share its view: there,
    // plain objects (also without a prototype) compare by content, anything else only to itself.
    it("in a list of inputs, plain objects compare by content, an asset only to itself", () => {
      const bare = () => Object.assign(Object.create(null) as object, { k: 1 });
      const asset = new Asset("x");
      const cases: [string, () => unknown, () => unknown, boolean][] = [
        ["objects without a prototype", () => [bare()], () => [bare()], true],
        ["one asset", () => [asset], () => [asset], true],
        ["two equal assets", () => [new Asset("x")], () => [new Asset("x")], false],
        ["an asset, then a plain object", () => [new Asset("x")], () => [{ path: "x" }], false],
        ["a plain object, then an asset", () => [{ path: "x" }], () => [new Asset("x")], false],
      ];
      for (const [reason, before, after, shared] of cases) {
        const { at } = resource();
        const view = at(before());
        expect(at(after()) === view, reason).to.equal(shared);
      }
    });
  });

  describe("plain inputs", () => {
    const inputs = () => ({
      role: "dev-tenant-acme",
      policy: DOC,
      tags: { tenantId: "acme", none: null },
      list: [{ name: "a" }, ["b", null]],
      later: UNKNOWN_SENTINEL,
    });

    it("equal inputs (fresh objects each time) share one view", () => {
      const { at } = resource();
      const view = at(inputs());
      expect(at(inputs())).to.equal(view);
      expect(at(inputs())).to.equal(view);
    });

    const others: [string, { type?: string; name?: string; parent?: string }][] = [
      ["another type", { type: "aws:iam/policy:Policy" }],
      ["another name", { name: "acme-other" }],
      ["no parent", { parent: undefined }],
      ["another parent", { parent: "urn:pulumi:dev::tenancy::tenancy:index:Tenant::globex" }],
    ];
    for (const [reason, over] of others)
      it(`${reason} under the same URN, inputs equal: a new view`, () => {
        const { at } = resource();
        const view = at(inputs());
        const other = at(inputs(), over);
        expect(other).to.not.equal(view);
        expect(other).to.deep.include(over);
        expect(other.props).to.deep.equal(view.props);
      });

    it("another URN gives a view of its own", () => {
      const first = resource();
      const second = resource();
      const view = first.at(inputs());
      const other = second.at(inputs());
      expect(other).to.not.equal(view);
      expect(other).to.have.property("urn", second.urn);
    });

    const changes: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ["a value changed", { a: "x" }, { a: "y" }],
      ["a key added", { a: "x" }, { a: "x", b: "y" }],
      ["a key removed", { a: "x", b: "y" }, { a: "x" }],
      ["a key renamed, both undefined", { a: undefined }, { b: undefined }],
      ["null became an object", { a: null }, { a: {} }],
      ["an object became null", { a: {} }, { a: null }],
      ["undefined became an object", { a: undefined }, { a: {} }],
      ["an object became undefined", { a: {} }, { a: undefined }],
      ["a nested value changed", { a: { b: ["c", "d"] } }, { a: { b: ["c", "e"] } }],
      ["a nested list grew", { a: ["c"] }, { a: ["c", "d"] }],
      ["a known value became unknown", { a: "x" }, { a: UNKNOWN_SENTINEL }],
      ["an unknown value became known", { a: UNKNOWN_SENTINEL }, { a: "x" }],
    ];
    for (const [reason, before, after] of changes)
      it(`${reason}: a new view with the new inputs`, () => {
        const { at } = resource();
        const view = at(before);
        const changed = at(after);
        expect(changed).to.not.equal(view);
        expect(changed.props).to.deep.equal(after.a === UNKNOWN_SENTINEL ? { a: UNKNOWN } : after);
      });
  });

  describe("inputs that are not plain data (an asset) are compared by what they read as", () => {
    const inputs = (): Record<string, unknown> => ({
      code: new Asset("index.js"),
      list: [new Asset("lib.js"), "x", "y"],
      obj: { k: "v", n: null, z: { 0: "a" } },
      later: UNKNOWN_SENTINEL,
    });

    it("equal reads share one view", () => {
      const { at } = resource();
      const view = at(inputs());
      expect(view.props.code).to.deep.equal({ path: "index.js" });
      expect(at(inputs())).to.equal(view);
    });

    const changes: [string, (props: Record<string, unknown>) => void][] = [
      ["the asset's own field", (p) => (p.code = new Asset("other.js"))],
      ["a list item", (p) => (p.list = [new Asset("lib.js"), "x", "z"])],
      ["a longer list", (p) => (p.list = [new Asset("lib.js"), "x", "y", "w"])],
      ["a nested value", (p) => (p.obj = { k: "w", n: null, z: { 0: "a" } })],
      ["a nested key removed", (p) => (p.obj = { k: "v", n: null })],
      ["a nested object that became null", (p) => (p.obj = null)],
      ["a nested object that became undefined", (p) => (p.obj = undefined)],
      ["a nested object that became a list", (p) => (p.obj = { k: "v", n: null, z: ["a"] })],
    ];
    for (const [reason, change] of changes)
      it(`${reason}: a new view`, () => {
        const { at } = resource();
        const view = at(inputs());
        const after = inputs();
        change(after);
        expect(at(after)).to.not.equal(view);
      });

    it("a list that became a string of the same items: a new view", () => {
      const { at } = resource();
      const view = at({ code: new Asset("a"), list: ["x"] });
      expect(at({ code: new Asset("a"), list: "x" })).to.not.equal(view);
    });

    it("a key present with undefined is not the key absent", () => {
      const { at } = resource();
      const view = at({ code: new Asset("a"), a: undefined });
      expect(at({ code: new Asset("a"), b: undefined })).to.not.equal(view);
    });

    it("an error reading an input, other than an unknown value, fails the call", () => {
      const { at } = resource();
      at({ code: new Asset("a"), later: UNKNOWN_SENTINEL });
      const broken = {
        code: new Asset("a"),
        get later(): unknown {
          throw new RangeError("broken input");
        },
      };
      expect(() => at(broken)).to.throw(RangeError, "broken input");
    });
  });

  describe("inputs read through the SDK's proxy", () => {
    const inputs = (later: unknown = "x") => ({
      role: "dev-tenant-acme",
      inlinePolicies: [{ name: "data", policy: DOC }],
      later,
    });

    it("equal inputs share one view; a nested change gives a new one", () => {
      const { at } = resource();
      const view = at(sdkProxy.unknownCheckingProxy(inputs()));
      expect(view.props).to.deep.equal(inputs());
      expect(at(sdkProxy.unknownCheckingProxy(inputs()))).to.equal(view);
      const renamed = inputs();
      renamed.inlinePolicies[0] = { name: "data", policy: "{}" };
      const changed = at(sdkProxy.unknownCheckingProxy(renamed));
      expect(changed).to.not.equal(view);
      expect(changed.props.inlinePolicies).to.deep.equal([{ name: "data", policy: "{}" }]);
    });

    it("unknowns of two kinds in one place read alike; a known value apart from an unknown", () => {
      const { at } = resource();
      const unknown = at(sdkProxy.unknownCheckingProxy(inputs(sdkProxy.unknownArrayValue)));
      expect(unknown.props.later).to.equal(UNKNOWN);
      expect(at(sdkProxy.unknownCheckingProxy(inputs(sdkProxy.unknownArrayValue)))).to.equal(
        unknown,
      );
      expect(at(sdkProxy.unknownCheckingProxy(inputs(sdkProxy.unknownStringValue)))).to.equal(
        unknown,
      );
      const known = at(sdkProxy.unknownCheckingProxy(inputs("x")));
      expect(known).to.not.equal(unknown);
      expect(known.props.later).to.equal("x");
      const unknownAgain = at(sdkProxy.unknownCheckingProxy(inputs(sdkProxy.unknownStringValue)));
      expect(unknownAgain).to.not.equal(known);
      expect(unknownAgain.props.later).to.equal(UNKNOWN);
    });
  });

  describe("how many views are kept", () => {
    // KEPT_VIEWS = 256: a view stays shared while fewer than 256 other resources came after it.
    const others = (count: number) => {
      for (let i = 0; i < count; i += 1) resource().at({ i });
    };

    it("the 256 most recent views are kept, the one before them is dropped", () => {
      const { at } = resource();
      const view = at({ role: "r" });
      others(255);
      expect(at({ role: "r" })).to.equal(view);
      others(1);
      const again = at({ role: "r" });
      expect(again).to.not.equal(view);
      expect(again.props).to.deep.equal({ role: "r" });
    });

    it("a resource derived again with other inputs counts from then on", () => {
      others(256);
      const { at } = resource();
      at({ role: "r" });
      others(10);
      const changed = at({ role: "s" });
      // 250 later resources: fewer than 256 since the second derivation, 260 since the first.
      others(250);
      expect(at({ role: "s" })).to.equal(changed);
    });
  });
});
