import { expect } from "chai";
import { exemptionFor } from "../../../policypack/lib/exemptions";
import { Exemption } from "../../../policypack/lib/settings";

// exemptionFor directly: which status an exemption gets (only "active" exempts) for a fixed "now".

const URN = "urn:pulumi:dev::tenancy::aws:iam/policy:Policy::acme-data-access";
const RULE = "TI-LEAK-001";
const NOW = new Date(Date.UTC(2030, 0, 1)); // 2030-01-01T00:00:00Z
const MAX_DAYS = 30;

const exemption = (expires: unknown, reason = `until ${String(expires)}`): Exemption => ({
  urn: URN,
  rule: RULE,
  reason,
  expires: expires as string,
});
const statusOf = (...exemptions: Exemption[]) => exemptionFor(exemptions, URN, RULE, MAX_DAYS, NOW);
const kindOf = (expires: unknown) => statusOf(exemption(expires)).kind;

describe("exemptionFor: which of several exemptions for one URN and rule decides", () => {
  const expired = exemption("2029-12-01", "expired");
  const rejected = exemption("2031-06-01", "too far");
  const active = exemption("2030-01-15", "active");

  it("an active one wins over expired and rejected ones, whatever their order", () => {
    for (const order of [
      [expired, rejected, active],
      [rejected, active],
      [active, rejected],
      [active, expired],
    ])
      expect(statusOf(...order)).to.deep.equal({ kind: "active", exemption: active });
  });

  it("without an active one a rejected one wins over an expired one (the message says why)", () => {
    expect(statusOf(expired, rejected)).to.deep.equal({
      kind: "rejected",
      exemption: rejected,
      reason: "it is more than 30 days from now (maxExemptionDays)",
    });
  });

  it("only expired ones: the first is reported", () => {
    expect(statusOf(expired)).to.deep.equal({ kind: "expired", exemption: expired });
  });

  it("none for this URN and rule: status none", () => {
    expect(statusOf()).to.deep.equal({ kind: "none" });
    expect(
      exemptionFor(
        [
          { ...active, rule: "TI-LEAK-002" },
          { ...active, urn: `${URN}x` },
        ],
        URN,
        RULE,
        MAX_DAYS,
        NOW,
      ),
    ).to.deep.equal({ kind: "none" });
  });
});

describe("exemptionFor: the expiry boundaries", () => {
  it("an exemption expiring today (00:00 UTC = now) is expired, not active", () => {
    expect(kindOf("2030-01-01")).to.equal("expired");
    expect(kindOf("2030-01-02")).to.equal("active");
  });

  it("exactly maxExemptionDays ahead is active; one day more is rejected", () => {
    expect(kindOf("2030-01-31")).to.equal("active");
    expect(kindOf("2030-02-01")).to.equal("rejected");
  });
});

describe("exemptionFor: an expiry that is not a real YYYY-MM-DD date never exempts", () => {
  const notADate = (expires: unknown) =>
    expect(statusOf(exemption(expires))).to.deep.include({
      kind: "rejected",
      reason: "it is not a date (YYYY-MM-DD)",
    });

  it("a value that is not a string, even one whose text is a date (a one-element list)", () => {
    notADate(["2030-01-15"]);
    notADate(20300115);
  });

  it("a date with text before or after it", () => {
    notADate("x2030-01-15");
    notADate("2030-01-15x");
    notADate("2030-01-15T00:00:00Z");
  });

  it("a month or day that does not exist (rolled over by Date.UTC)", () => {
    notADate("2030-02-30"); // Mar 2
    notADate("2030-13-01"); // 2031-01-01: only the day survives the roll-over
    notADate("2030-00-15"); // 2029-12-15
  });

  it("a year below 100, which Date.UTC reads as 19xx (month and day match)", () => {
    notADate("0050-01-01");
  });

  it("a real date within the window is active", () => {
    expect(kindOf("2030-01-15")).to.equal("active");
    expect(kindOf("2030-01-31")).to.equal("active");
  });
});
