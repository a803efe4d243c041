import { expect } from "chai";
import { unsafeWitness, WitnessScope } from "../../../policypack/lib/evaluation/witness";

// unsafeWitness: a text the pattern matches that lies in the scope and is not safe.

const OBJECTS: WitnessScope = {
  required: "bucket/",
  safe: "bucket/tenants/acme/",
  exact: false,
};
const KEYS: WitnessScope = { required: "", safe: "acme#", exact: false, alsoSafe: "acme" };
const ROLE: WitnessScope = { required: "role/", safe: "role/tenants/t-acme", exact: true };
const LISTING: WitnessScope = {
  required: "tenants/",
  safe: "tenants/acme/",
  exact: false,
  shortOfRequired: true,
};

describe("unsafeWitness", () => {
  const cases: [string, WitnessScope, string | undefined][] = [
    // A wildcard leaves the safe prefix where it first can, matching nothing where it may.
    ["bucket/tenants/*.pdf", OBJECTS, "bucket/tenants/.pdf"],
    ["bucket/tenants/g*", OBJECTS, "bucket/tenants/g"],
    ["bucket/*/globex/*", OBJECTS, "bucket//globex/"],
    ["bucket/tenants/a?me/*", OBJECTS, "bucket/tenants/axme/"],
    ["bucket/tenants/acme", OBJECTS, "bucket/tenants/acme"],
    ["bucket/tenants/initech/secret.txt", OBJECTS, "bucket/tenants/initech/secret.txt"],
    // Everything the pattern matches is safe, or outside the required start.
    ["bucket/tenants/acme/*", OBJECTS, undefined],
    ["bucket/tenants/acme/*.pdf", OBJECTS, undefined],
    ["other-bucket/*", OBJECTS, undefined],
    ["*", OBJECTS, "bucket/"],
    ["buck?t/tenants/acme/x", OBJECTS, undefined],
    // A wildcard where the safe text has an "x" leaves it with another character.
    ["bucket/tenants/acme/*", { ...OBJECTS, safe: "bucket/tenants/x/" }, "bucket/tenants/acme/"],
    ["bucket/tenants/?/*", { ...OBJECTS, safe: "bucket/tenants/x/" }, "bucket/tenants/y/"],
    // Keys: the tenant's own id alone is safe too.
    ["acme#*", KEYS, undefined],
    ["acme", KEYS, undefined],
    ["acme*", KEYS, "acmex"],
    ["acm?", KEYS, "acmx"],
    ["*#invoice", KEYS, "#invoice"],
    ["acme#*", { ...KEYS, alsoSafe: undefined }, undefined],
    ["acm*", { ...KEYS, alsoSafe: undefined }, "acm"],
    // exact: anything but the safe text itself, also a longer one.
    ["role/tenants/t-acme", ROLE, undefined],
    ["role/tenants/t-acme*", ROLE, "role/tenants/t-acmex"],
    ["role/*", ROLE, "role/"],
    ["other/*", ROLE, undefined],
    // shortOfRequired: a prefix of the required start is a witness as well.
    ["tena*", LISTING, "tena"],
    ["tenants/acme/*", LISTING, undefined],
    ["shared/*", LISTING, undefined],
    ["tenants/acme", LISTING, "tenants/acme"],
  ];
  for (const [pattern, scope, witness] of cases) {
    it(`${pattern} within ${JSON.stringify(scope.required)}, safe ${JSON.stringify(scope.safe)}${scope.exact ? " exactly" : ""}: ${witness ?? "none"}`, () => {
      expect(unsafeWitness(pattern, scope)).to.equal(witness);
    });
  }
});
