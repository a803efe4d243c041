import { expect } from "chai";
import { isValidTenantId } from "../../../../policypack/lib/naming";
import { representatives } from "../../../../policypack/lib/evaluation/representatives";

// One id per class of other tenants (representatives.ts): unrelated, extending at a hyphen,
// extending within the last group, as long as the tenant's id, a proper prefix of it; then the
// ids the documents name. `stands` is what a finding says the probe stood for.

const ids = (tenantId: string, named?: readonly string[]) =>
  representatives(tenantId, named).map((r) => r.id);

describe("representatives", () => {
  describe("the classes of other tenants", () => {
    it("stands for every class of other ids of a one-group id", () => {
      expect(representatives("acme")).to.deep.equal([
        { id: "zz-other", stands: 'another tenant "zz-other"' },
        { id: "acme-x", stands: 'tenant "acme-x", whose id extends "acme"' },
        { id: "acmex", stands: 'tenant "acmex", whose id extends "acme"' },
        // why: the last character changed, so `acm?` (what `?` matches) reaches it
        { id: "acmz", stands: 'tenant "acmz", whose id is as long as "acme"' },
        // why: a one-group id has a proper prefix within its group
        { id: "acm", stands: 'tenant "acm", whose id is a prefix of "acme"' },
      ]);
    });

    it("cuts a hyphenated id at its last hyphen for the prefix", () => {
      expect(representatives("acme-eu")).to.deep.equal([
        { id: "zz-other", stands: 'another tenant "zz-other"' },
        { id: "acme-eu-x", stands: 'tenant "acme-eu-x", whose id extends "acme-eu"' },
        { id: "acme-eux", stands: 'tenant "acme-eux", whose id extends "acme-eu"' },
        { id: "acme-ez", stands: 'tenant "acme-ez", whose id is as long as "acme-eu"' },
        { id: "acme", stands: 'tenant "acme", whose id is a prefix of "acme-eu"' },
      ]);
    });

    it("picks another unrelated id when the tenant is zz-other itself", () => {
      const [unrelated] = representatives("zz-other");
      expect(unrelated).to.deep.equal({ id: "qq-other", stands: 'another tenant "qq-other"' });
    });

    it("changes a last z to y for the id as long as the tenant's", () => {
      expect(representatives("buzz")[3]).to.deep.equal({
        id: "buzy",
        stands: 'tenant "buzy", whose id is as long as "buzz"',
      });
      // why: only the last character decides; a first z does not
      expect(ids("zeta")[3]).to.equal("zetz");
    });

    it("has no prefix for a one-character id: the empty id is no tenant", () => {
      expect(ids("a")).to.deep.equal(["zz-other", "a-x", "ax", "z"]);
      expect(ids("z")).to.deep.equal(["zz-other", "z-x", "zx", "y"]);
    });

    it("stands only for other valid tenant ids, never the tenant itself", () => {
      for (const tenantId of ["acme", "acme-eu", "zz-other", "buzz", "a", "z9", "a-b-c"]) {
        const found = ids(tenantId);
        expect(found, tenantId).not.to.include(tenantId);
        expect(found.every(isValidTenantId), tenantId).to.equal(true);
        expect(new Set(found).size, tenantId).to.equal(found.length);
      }
    });
  });

  describe("ids the documents name", () => {
    it("tries every named id but the tenant's own, after the classes and before the prefix", () => {
      expect(representatives("acme", ["globex", "acme", "initech"])).to.deep.equal([
        { id: "zz-other", stands: 'another tenant "zz-other"' },
        { id: "acme-x", stands: 'tenant "acme-x", whose id extends "acme"' },
        { id: "acmex", stands: 'tenant "acmex", whose id extends "acme"' },
        { id: "acmz", stands: 'tenant "acmz", whose id is as long as "acme"' },
        { id: "globex", stands: 'tenant "globex", which the policy names' },
        { id: "initech", stands: 'tenant "initech", which the policy names' },
        { id: "acm", stands: 'tenant "acm", whose id is a prefix of "acme"' },
      ]);
    });

    it("names nothing more when the documents name only the tenant", () => {
      expect(representatives("acme", ["acme"])).to.deep.equal(representatives("acme"));
      expect(representatives("acme", [])).to.deep.equal(representatives("acme"));
    });
  });
});
