import { expect } from "chai";
import { tierSetsOf } from "../../proofs/tierSets";

describe("tierSetsOf", () => {
  const tiers = { dedicated: ["acme"], activePooled: ["p1", "p2"], suspendedPooled: ["s1"] };

  it("holds the active pooled ids, and every declared id of any tier and status", () => {
    const sets = tierSetsOf(tiers);
    expect([...sets.activePooled]).to.deep.equal(["p1", "p2"]);
    expect([...sets.declared]).to.deep.equal(["acme", "p1", "p2", "s1"]);
  });

  it("builds the sets once per tiers object, and again for another", () => {
    expect(tierSetsOf(tiers)).to.equal(tierSetsOf(tiers));
    expect(tierSetsOf({ ...tiers })).to.not.equal(tierSetsOf(tiers));
    expect([...tierSetsOf({ ...tiers, activePooled: [] }).activePooled]).to.deep.equal([]);
  });
});
