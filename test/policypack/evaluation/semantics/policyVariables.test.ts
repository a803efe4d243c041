import { expect } from "chai";
import { resolveVariables } from "../../../../policypack/lib/evaluation/policyVariables";
import { RequestContext } from "../../../../policypack/lib/evaluation/requestContext";
import { wildcardMatches } from "../../../../policypack/lib/evaluation/wildcards";

const VERSION = "2012-10-17";
const ROLE_START = "arn:aws:iam::123456789012:role/";

// Principal tags are known: a tag the principal lacks is known to be absent.
const tagged = RequestContext.of(
  { "aws:PrincipalTag/tenantId": "acme", "aws:PrincipalTag/teams": ["red", "blue"] },
  ["aws:principaltag/"],
);
// aws:PrincipalArn is some role of the account; any key not listed is one the caller picks.
const picking = RequestContext.ambient({}, { "aws:PrincipalArn": ROLE_START });

/** The positions from `from` on, `count` of them. */
const run = (from: number, count: number) =>
  new Set(Array.from({ length: count }, (_, i) => from + i));

describe("resolveVariables", () => {
  describe("a key with one value", () => {
    it("substitutes the value and marks exactly its characters literal", () => {
      const prefix = "arn:aws:s3:::bucket/";
      expect(
        resolveVariables(`${prefix}\${aws:PrincipalTag/TenantId}/*`, VERSION, tagged, "match"),
      ).to.deep.equal({ text: `${prefix}acme/*`, literal: run(prefix.length, 4) });
    });

    it("keeps a `*` in the value literal, so the value cannot widen the pattern", () => {
      const starred = RequestContext.of({ "aws:PrincipalTag/tenantId": "a*" }, []);
      const resolved = resolveVariables(
        "t/${aws:PrincipalTag/tenantId}/x",
        VERSION,
        starred,
        "match",
      );
      expect(resolved).to.deep.equal({ text: "t/a*/x", literal: run(2, 2) });
      expect(wildcardMatches(resolved ?? { text: "", literal: new Set() }, "t/abc/x")).to.equal(
        false,
      );
    });
  });

  describe("${*}, ${?} and ${$}", () => {
    it("stand for the character itself, literal in the pattern", () => {
      expect(resolveVariables("a${*}b${?}c${$}d", VERSION, tagged, "match")).to.deep.equal({
        text: "a*b?c$d",
        literal: new Set([1, 3, 5]),
      });
    });
  });

  describe("default values", () => {
    const team = "bucket-${aws:PrincipalTag/team, 'company-wide'}";

    it("give the quoted default, without its quotes, when the key is absent", () => {
      expect(resolveVariables(team, VERSION, tagged, "match")).to.deep.equal({
        text: "bucket-company-wide",
        literal: run(7, 12),
      });
    });

    it("give way to the key's value when the request has one", () => {
      const withTeam = tagged.with({ "aws:PrincipalTag/team": "yellow" });
      expect(resolveVariables(team, VERSION, withTeam, "match")?.text).to.equal("bucket-yellow");
    });
  });

  describe("spacing and quoting outside the documented `${key, 'default'}`", () => {
    it("ignores spaces around the key", () => {
      expect(
        resolveVariables("t/${ aws:PrincipalTag/tenantId }", VERSION, tagged, "match")?.text,
      ).to.equal("t/acme");
    });

    it("splits key and default at a comma with any spaces around it", () => {
      for (const body of ["aws:PrincipalTag/team,'x'", "aws:PrincipalTag/team ,  'x'"])
        expect(resolveVariables(`\${${body}}`, VERSION, tagged, "match")?.text).to.equal("x");
    });

    it("takes a default not wholly inside single quotes as written", () => {
      expect(
        resolveVariables("${aws:PrincipalTag/team, x'y'}", VERSION, tagged, "match")?.text,
      ).to.equal("x'y'");
      expect(
        resolveVariables("${aws:PrincipalTag/team, 'x'y}", VERSION, tagged, "match")?.text,
      ).to.equal("'x'y");
    });
  });

  describe("keys without a single value", () => {
    it("resolve to nothing for an absent key, so the text matches nothing", () => {
      expect(resolveVariables("${aws:PrincipalTag/team}", VERSION, tagged, "match")).to.equal(
        undefined,
      );
    });

    it("resolve to nothing for a multivalued key (IAM cannot substitute a list)", () => {
      expect(resolveVariables("${aws:PrincipalTag/teams}/*", VERSION, tagged, "match")).to.equal(
        undefined,
      );
    });
  });

  describe("a key whose value the caller picks", () => {
    it("where matching helps the caller, keeps the known start literal and picks the rest", () => {
      expect(resolveVariables("p/${aws:PrincipalArn}/x", VERSION, picking, "match")).to.deep.equal({
        text: `p/${ROLE_START}*/x`,
        literal: run(2, ROLE_START.length),
        picked: new Set([2 + ROLE_START.length]),
      });
    });

    it("with no known start, is a picked wildcard alone", () => {
      expect(
        resolveVariables("users/${aws:SourceIdentity}", VERSION, picking, "match"),
      ).to.deep.equal({ text: "users/*", literal: new Set(), picked: new Set([6]) });
    });

    it("elsewhere resolves to nothing: the caller picks a value that matches nothing", () => {
      expect(resolveVariables("p/${aws:PrincipalArn}", VERSION, picking, "miss")).to.equal(
        undefined,
      );
      expect(resolveVariables("users/${aws:SourceIdentity}", VERSION, picking, "miss")).to.equal(
        undefined,
      );
    });

    it("does not touch a key with a known value", () => {
      // why: "miss" only concerns picked keys; a known value still resolves
      expect(
        resolveVariables("t/${aws:PrincipalTag/tenantId}", VERSION, tagged, "miss"),
      ).to.deep.equal({ text: "t/acme", literal: run(2, 4) });
    });
  });
});
