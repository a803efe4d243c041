import { expect } from "chai";
import { unsafeWitness, WitnessScope } from "../../../../policypack/lib/evaluation/witness";

// unsafeWitness on patterns with runs of wildcards: IAM reads `**` as `*`, and the search stays
// as short as for one wildcard (each (position, matched) state is visited once).

const OBJECTS: WitnessScope = {
  required: "bucket/",
  safe: "bucket/tenants/acme/",
  exact: false,
};
const RUN = "*".repeat(6);

describe("unsafeWitness with runs of wildcards", () => {
  it("finds the same witness for a run of wildcards as for one", () => {
    expect(unsafeWitness(`bucket/tenants/${RUN}.pdf`, OBJECTS)).to.equal(
      unsafeWitness("bucket/tenants/*.pdf", OBJECTS),
    );
    expect(unsafeWitness(`bucket/tenants/${RUN}.pdf`, OBJECTS)).to.equal("bucket/tenants/.pdf");
  });

  it("leaves the safe text at the first character it can after a run", () => {
    // The run spells out the safe `bucket`, and the literal `/g` leaves it after `bucket/`.
    expect(unsafeWitness(`${RUN}/globex/*`, OBJECTS)).to.equal("bucket/globex/");
    expect(unsafeWitness(`${RUN}/globex/*`, OBJECTS)).to.equal(
      unsafeWitness("*/globex/*", OBJECTS),
    );
  });

  it("finds nothing unsafe when every match of the run stays in the tenant's prefix", () => {
    expect(unsafeWitness(`bucket/tenants/acme/${RUN}`, OBJECTS)).to.equal(undefined);
    expect(unsafeWitness(`?ucket/tenants/acme/${RUN}`, OBJECTS)).to.equal(undefined);
  });
});
