import { expect } from "chai";
import { pooledRepresentativesOf, representativesOf } from "../../proofs/representatives";

const roles = (reps: readonly { role: string; id: string }[]) =>
  reps.map((r) => `${r.role}:${r.id}`);

describe("representativesOf", () => {
  it("probes a declared neighbour, an unrelated id, T's extension and suffix, and T without its last group", () => {
    expect(roles(representativesOf("globex-eu", "acme"))).to.deep.equal([
      "neighbour:acme",
      "unrelated:zz-unrelated",
      "extension:globex-eu-x",
      "suffix:globex-eux",
      "prefix:globex",
    ]);
    expect(roles(representativesOf("a-b-c", undefined))).to.deep.equal([
      "unrelated:zz-unrelated",
      "extension:a-b-c-x",
      "suffix:a-b-cx",
      "prefix:a-b",
    ]);
  });

  it("drops the last character of an id without a hyphen, and leaves out an empty prefix", () => {
    expect(roles(representativesOf("acme", "acme"))).to.deep.equal([
      "unrelated:zz-unrelated",
      "extension:acme-x",
      "suffix:acmex",
      "prefix:acm",
    ]);
    expect(roles(representativesOf("a", "b"))).to.deep.equal([
      "neighbour:b",
      "unrelated:zz-unrelated",
      "extension:a-x",
      "suffix:ax",
    ]);
  });

  it("takes the other unrelated candidate when T and the first share a prefix either way", () => {
    for (const id of ["zz-unrelated-2", "zz", "z", "zz-unrelated"]) {
      expect(representativesOf(id, undefined)[0], id).to.deep.equal({
        role: "unrelated",
        id: "qq-unrelated",
      });
    }
    expect(representativesOf("zz-other", undefined)[0]?.id).to.equal("zz-unrelated");
  });
});

describe("pooledRepresentativesOf", () => {
  const tiers = {
    dedicated: ["acme", "globex"],
    activePooled: ["p1", "p2"],
    suspendedPooled: ["s1", "s2"],
  };

  it("adds the first declared dedicated tenant and the first other pooled tenant, active before suspended", () => {
    expect(roles(pooledRepresentativesOf("p1", tiers))).to.deep.equal([
      "dedicated:acme",
      "pooled-peer:p2",
    ]);
    expect(roles(pooledRepresentativesOf("acme", tiers))).to.deep.equal([
      "dedicated:globex",
      "pooled-peer:p1",
    ]);
    expect(roles(pooledRepresentativesOf("p1", { ...tiers, activePooled: ["p1"] }))).to.deep.equal([
      "dedicated:acme",
      "pooled-peer:s1",
    ]);
    expect(
      roles(
        pooledRepresentativesOf("s1", {
          dedicated: [],
          activePooled: [],
          suspendedPooled: ["s1", "s2"],
        }),
      ),
    ).to.deep.equal(["pooled-peer:s2"]);
  });

  it("adds nothing when T is the only declared tenant", () => {
    expect(
      pooledRepresentativesOf("p1", { dedicated: [], activePooled: ["p1"], suspendedPooled: [] }),
    ).to.deep.equal([]);
    expect(
      pooledRepresentativesOf("acme", {
        dedicated: ["acme"],
        activePooled: [],
        suspendedPooled: [],
      }),
    ).to.deep.equal([]);
  });
});
