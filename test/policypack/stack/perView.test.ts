import { expect } from "chai";
import { perView } from "../../../policypack/lib/perView";
import { ResourceView } from "../../../policypack/lib/resourceView";

// perView memoizes a derivation per view: the same view with the same further arguments (by
// identity, same count) gives the kept result object without deriving again; anything else
// derives afresh, and only the last result per view is kept.

const view = (name: string): ResourceView => ({
  type: "aws:iam/role:Role",
  urn: `urn:pulumi:dev::tenancy::aws:iam/role:Role::${name}`,
  name,
  props: {},
});

/** A derivation that counts its calls and returns a new object each time. */
function counted() {
  const calls: unknown[][] = [];
  const derive = perView((v: ResourceView, ...args: unknown[]) => {
    calls.push([v.name, ...args]);
    return { call: calls.length };
  });
  return { derive, calls };
}

describe("perView", () => {
  it("same view, same arguments: the kept result object, derived once", () => {
    const { derive, calls } = counted();
    const v = view("a");
    const settings = { namePrefix: "dev" };
    const first = derive(v, settings, "x");
    expect(derive(v, settings, "x")).to.equal(first);
    expect(calls).to.deep.equal([["a", settings, "x"]]);
  });

  it("same view, no further arguments: kept too", () => {
    const { derive, calls } = counted();
    const v = view("a");
    expect(derive(v)).to.equal(derive(v));
    expect(calls).to.have.length(1);
  });

  it("an equal but different argument object derives afresh (identity, not equality)", () => {
    const { derive, calls } = counted();
    const v = view("a");
    const first = derive(v, { namePrefix: "dev" });
    const second = derive(v, { namePrefix: "dev" });
    expect(second).to.not.equal(first);
    expect(second).to.deep.equal({ call: 2 });
    expect(calls).to.have.length(2);
  });

  for (const [why, before, after] of [
    ["the first argument differs", ["s", "x"], ["t", "x"]],
    ["only the last argument differs", ["s", "x"], ["s", "y"]],
    ["one argument more", ["s"], ["s", "x"]],
    ["one argument fewer", ["s", "x"], ["s"]],
    ["an undefined argument added", [], [undefined]],
  ] as const) {
    it(`derives afresh when ${why}`, () => {
      const { derive, calls } = counted();
      const v = view("a");
      const first = derive(v, ...before);
      const second = derive(v, ...after);
      expect(second).to.not.equal(first);
      expect(calls).to.deep.equal([
        ["a", ...before],
        ["a", ...after],
      ]);
    });
  }

  it("another view derives afresh, and each view keeps its own result", () => {
    const { derive, calls } = counted();
    const [a, b] = [view("a"), view("b")];
    const forA = derive(a, "s");
    const forB = derive(b, "s");
    expect(forB).to.not.equal(forA);
    expect(derive(a, "s")).to.equal(forA);
    expect(derive(b, "s")).to.equal(forB);
    expect(calls).to.deep.equal([
      ["a", "s"],
      ["b", "s"],
    ]);
  });

  it("keeps only the last result per view", () => {
    const { derive, calls } = counted();
    const v = view("a");
    const first = derive(v, "s");
    derive(v, "t");
    expect(derive(v, "s")).to.not.equal(first);
    expect(derive(v, "s")).to.deep.equal({ call: 3 });
    expect(calls).to.have.length(3);
  });

  it("each memoized derivation keeps its own results", () => {
    const one = counted();
    const two = counted();
    const v = view("a");
    one.derive(v, "s");
    two.derive(v, "s");
    expect(one.calls).to.have.length(1);
    expect(two.calls).to.have.length(1);
  });
});
