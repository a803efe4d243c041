import { expect } from "chai";
import { evaluateCondition } from "../../../../policypack/lib/evaluation/conditions";
import { RequestContext } from "../../../../policypack/lib/evaluation/requestContext";
import { ConditionEntry } from "../../../../policypack/lib/policyDocument";

// IAM's condition semantics, asked of one entry at a time.

const VERSION = "2012-10-17";
const LEADING_KEYS = "dynamodb:LeadingKeys";
const entry = (operator: string, ...values: string[]): ConditionEntry => ({
  operator,
  key: LEADING_KEYS,
  values,
});
/** An acme session's request; aws:SourceIdentity is not modelled, so the caller picks it. */
const withKeys = (...keys: string[]): RequestContext =>
  RequestContext.of({ "aws:PrincipalTag/tenantId": "acme", [LEADING_KEYS]: keys }, [
    "aws:principaltag/",
    "dynamodb:leadingkeys",
  ]);
const absent = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, [
  "aws:principaltag/",
  "dynamodb:leadingkeys",
]);
const inAllow = (condition: ConditionEntry, context: RequestContext, version = VERSION) =>
  evaluateCondition(condition, version, context, true);
const inDeny = (condition: ConditionEntry, context: RequestContext) =>
  evaluateCondition(condition, VERSION, context, false);

describe("evaluateCondition", () => {
  describe("policy variables in condition values", () => {
    it("replaces ${aws:PrincipalTag/tenantId} with the session's tag value", () => {
      const ownPrefix = entry("StringLike", "${aws:PrincipalTag/tenantId}#*");
      expect(inAllow(ownPrefix, withKeys("acme#1"))).to.equal("holds");
      expect(inAllow(ownPrefix, withKeys("globex#1"))).to.equal("fails");
      // The variable's own text is not a value the request can match.
      expect(inAllow(ownPrefix, withKeys("${aws:PrincipalTag/tenantId}#1"))).to.equal("fails");
    });

    it("keeps ${...} as literal text under an older Version", () => {
      const ownPrefix = entry("StringLike", "${aws:PrincipalTag/tenantId}#*");
      const literal = withKeys("${aws:PrincipalTag/tenantId}#1");
      expect(inAllow(ownPrefix, literal, "2008-10-17")).to.equal("holds");
      expect(inAllow(ownPrefix, withKeys("acme#1"), "2008-10-17")).to.equal("fails");
    });

    it("resolves the variable when the entry also lists fixed values", () => {
      const ownOrShared = entry("StringLike", "${aws:PrincipalTag/tenantId}#*", "shared#*");
      expect(inAllow(ownOrShared, withKeys("acme#1"))).to.equal("holds");
      expect(inAllow(ownOrShared, withKeys("shared#1"))).to.equal("holds");
      expect(inAllow(ownOrShared, withKeys("globex#1"))).to.equal("fails");
    });

    it("lets a variable without a value match nothing while the other values still match", () => {
      const teamOrOwn = entry("StringLike", "${aws:PrincipalTag/team}#*", "acme#*");
      expect(inAllow(teamOrOwn, withKeys("acme#1"))).to.equal("holds");
      // Not an empty substitution: "#1" would match "#*".
      expect(inAllow(entry("StringLike", "${aws:PrincipalTag/team}#*"), withKeys("#1"))).to.equal(
        "fails",
      );
    });
  });

  describe("a variable whose value the caller picks", () => {
    const picked = entry("StringEquals", "${aws:SourceIdentity}");
    const pickedNot = entry("StringNotEquals", "${aws:SourceIdentity}");

    it("makes an Allow's entry hold: the caller sets it to the key, or to anything else", () => {
      expect(inAllow(picked, withKeys("globex#1"))).to.equal("holds");
      expect(inAllow(pickedNot, withKeys("globex#1"))).to.equal("holds");
    });

    it("makes a Deny's entry fail: the caller sets it to anything else, or to the key", () => {
      expect(inDeny(picked, withKeys("globex#1"))).to.equal("fails");
      expect(inDeny(pickedNot, withKeys("globex#1"))).to.equal("fails");
    });
  });

  describe("Null", () => {
    it("ORs its values: true and false together hold whether the key is there or not", () => {
      const either = entry("Null", "true", "false");
      expect(inAllow(either, withKeys("acme#1"))).to.equal("holds");
      expect(inAllow(either, absent)).to.equal("holds");
    });

    it("takes a key with an empty list of values as absent", () => {
      expect(inAllow(entry("Null", "true"), withKeys())).to.equal("holds");
      expect(inAllow(entry("Null", "false"), withKeys())).to.equal("fails");
      expect(inAllow(entry("StringLikeIfExists", "acme#*"), withKeys())).to.equal("holds");
    });
  });

  describe("ForAnyValue with a negated operator", () => {
    const notOwn = entry("ForAnyValue:StringNotLike", "acme#*");

    it("holds when one request value matches none of the patterns", () => {
      expect(inAllow(notOwn, withKeys("acme#1", "globex#1"))).to.equal("holds");
      expect(inAllow(notOwn, withKeys("acme#1", "acme#2"))).to.equal("fails");
    });

    it("fails when the key is absent, unlike the plain negated operator", () => {
      expect(inAllow(notOwn, absent)).to.equal("fails");
      expect(inAllow(entry("StringNotLike", "acme#*"), absent)).to.equal("holds");
    });
  });

  describe("a plain operator on several request values", () => {
    // IAM wants a set operator here; the pack reads a plain one as "any value matches" and its
    // negation as "no value matches".
    it("holds for a positive operator when one value matches", () => {
      expect(inAllow(entry("StringLike", "acme#*"), withKeys("globex#1", "acme#1"))).to.equal(
        "holds",
      );
      expect(inAllow(entry("StringLike", "acme#*"), withKeys("globex#1", "initech#1"))).to.equal(
        "fails",
      );
    });

    it("holds for a negated operator only when no value matches", () => {
      const notOwn = entry("StringNotLike", "acme#*");
      expect(inAllow(notOwn, withKeys("globex#1", "acme#1"))).to.equal("fails");
      expect(inAllow(notOwn, withKeys("globex#1", "initech#1"))).to.equal("holds");
    });
  });

  describe("StringNotLike", () => {
    it("fails for a value its wildcard pattern matches", () => {
      expect(inAllow(entry("StringNotLike", "acme#*"), withKeys("acme#1"))).to.equal("fails");
      expect(inAllow(entry("StringNotLike", "acme#*"), withKeys("globex#1"))).to.equal("holds");
    });
  });
});
