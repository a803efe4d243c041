import { expect } from "chai";
import {
  exactMatches,
  KEPT_REGEXES,
  keptRegexCount,
  plain,
  ResolvedPattern,
  wildcardMatcher,
  wildcardMatches,
} from "../../../../policypack/lib/evaluation/wildcards";

// IAM wildcards: `*` is any run of characters, `?` exactly one; in ARNs a wildcard stays inside its
// colon-separated segment, except in the resource segment, which may itself hold colons.

const LOGS = "arn:aws:logs:us-east-1:111122223333:log-group";
// `*` inside the region segment, not at its end: it cannot reach across a colon in an ARN.
const MID_SEGMENT = "arn:aws:sns:us-*-1:111122223333:alerts";
const ACROSS_SEGMENTS = "arn:aws:sns:us-east:evil-1:111122223333:alerts";

let serial = 0;
/** A pattern text no other test asks, so it is compiled afresh. */
const fresh = (): string => `wildcards-test-${(serial += 1)}-*`;

const withLiteral = (text: string, ...positions: number[]): ResolvedPattern => ({
  text,
  literal: new Set(positions),
});

describe("wildcardMatches", () => {
  describe("wildcard syntax", () => {
    it("takes * as any run of characters, the empty run and line breaks included", () => {
      expect(wildcardMatches(plain("tenants/*"), "tenants/")).to.equal(true);
      expect(wildcardMatches(plain("tenants/*"), "tenants/acme/a\nb")).to.equal(true);
      expect(wildcardMatches(plain("tenants/*"), "other/acme")).to.equal(false);
    });

    it("takes ? as exactly one character", () => {
      expect(wildcardMatches(plain("t?n"), "tan")).to.equal(true);
      expect(wildcardMatches(plain("t?n"), "tn")).to.equal(false);
      expect(wildcardMatches(plain("t?n"), "taan")).to.equal(false);
    });

    it("matches regex metacharacters in the pattern as themselves", () => {
      const pattern = plain("a.b+(c)|[d]^$\\{e}*");
      expect(wildcardMatches(pattern, "a.b+(c)|[d]^$\\{e}-x")).to.equal(true);
      expect(wildcardMatches(plain("a.b*"), "axb-x")).to.equal(false);
    });

    it("takes a * or ? substituted from a variable as a plain character", () => {
      const fromVariable = withLiteral("tenants/*/?", 8, 10);
      expect(wildcardMatches(fromVariable, "tenants/*/?")).to.equal(true);
      expect(wildcardMatches(fromVariable, "tenants/acme/x")).to.equal(false);
    });

    it("compares text without wildcards as a whole", () => {
      expect(wildcardMatches(plain("acme"), "acme")).to.equal(true);
      expect(wildcardMatches(plain("acme"), "acme2")).to.equal(false);
    });
  });

  describe("case", () => {
    it("is case-sensitive unless asked otherwise", () => {
      expect(wildcardMatches(plain("Acme"), "acme")).to.equal(false);
      expect(wildcardMatches(plain("Acme*"), "acme-1")).to.equal(false);
    });

    it("ignores case when asked, with or without wildcards", () => {
      const ignoreCase = { ignoreCase: true };
      expect(wildcardMatches(plain("Acme"), "aCME", ignoreCase)).to.equal(true);
      expect(wildcardMatches(plain("Acme"), "globex", ignoreCase)).to.equal(false);
      expect(wildcardMatches(plain("Acme*"), "aCME-1\n2", ignoreCase)).to.equal(true);
    });

    it("answers each case mode for one pattern object asked in both", () => {
      const pattern = plain("tenant-*");
      expect(wildcardMatches(pattern, "TENANT-a")).to.equal(false);
      expect(wildcardMatches(pattern, "TENANT-a", { ignoreCase: true })).to.equal(true);
      expect(wildcardMatches(pattern, "TENANT-a")).to.equal(false);
    });
  });

  describe("ARN segments", () => {
    it("keeps a wildcard inside its segment before the resource", () => {
      const arn = { arn: true };
      expect(wildcardMatches(plain(MID_SEGMENT), ACROSS_SEGMENTS, arn)).to.equal(false);
      expect(wildcardMatches(plain(MID_SEGMENT), MID_SEGMENT.replace("*", "east"), arn)).to.equal(
        true,
      );
      expect(
        wildcardMatches(plain("arn:aws:sns:us-east-?:1:t"), "arn:aws:sns:us-east-::1:t", arn),
      ).to.equal(false);
    });

    it("lets a wildcard in the resource segment cross its colons", () => {
      const stream = `${LOGS}:app-1:log-stream:s`;
      expect(
        wildcardMatches(plain(`${LOGS.replace(":log-group", "")}:*`), stream, { arn: true }),
      ).to.equal(true);
      expect(wildcardMatches(plain(`${LOGS}:app-*`), stream, { arn: true })).to.equal(true);
      expect(wildcardMatches(plain(`${LOGS}:app-?:log-stream:s`), stream, { arn: true })).to.equal(
        true,
      );
    });

    it("crosses colons anywhere outside ARN mode", () => {
      expect(wildcardMatches(plain(MID_SEGMENT), ACROSS_SEGMENTS)).to.equal(true);
    });

    it("answers each mode for one pattern object asked in both", () => {
      const pattern = plain(MID_SEGMENT);
      expect(wildcardMatches(pattern, ACROSS_SEGMENTS)).to.equal(true);
      expect(wildcardMatches(pattern, ACROSS_SEGMENTS, { arn: true })).to.equal(false);
    });
  });
});

describe("exactMatches", () => {
  it("compares the text itself, a * included", () => {
    expect(exactMatches(plain("tenants/*"), "tenants/*")).to.equal(true);
    expect(exactMatches(plain("tenants/*"), "tenants/acme")).to.equal(false);
    expect(exactMatches(plain("Acme"), "aCME", { ignoreCase: true })).to.equal(true);
  });

  it("lets a picked value match any run, and keeps every other * literal", () => {
    // tenants/${aws:SourceIdentity}/* where the caller picks the source identity.
    const picked: ResolvedPattern = { ...plain("tenants/*/*"), picked: new Set([8]) };
    expect(exactMatches(picked, "tenants/globex/*")).to.equal(true);
    expect(exactMatches(picked, "tenants/globex/a")).to.equal(false);
    expect(exactMatches(picked, "TENANTS/globex/*", { ignoreCase: true })).to.equal(true);
  });

  it("shares the compiled regex with the same wildcard pattern", () => {
    const text = fresh().replace("*", "*/*");
    const pickedAt = text.indexOf("*");
    const before = keptRegexCount();
    exactMatches({ ...plain(text), picked: new Set([pickedAt]) }, "x");
    const literal = Array.from(text, (_, at) => at).filter((at) => at !== pickedAt);
    wildcardMatches(withLiteral(text, ...literal), "x");
    expect(keptRegexCount()).to.equal(Math.min(before + 1, KEPT_REGEXES));
  });
});

describe("wildcardMatcher", () => {
  it("matches like wildcardMatches in every mode", () => {
    expect(wildcardMatcher("tenant-*")("tenant-acme")).to.equal(true);
    expect(wildcardMatcher("tenant-*")("TENANT-acme")).to.equal(false);
    expect(wildcardMatcher("tenant-*", { ignoreCase: true })("TENANT-acme")).to.equal(true);
    expect(wildcardMatcher(MID_SEGMENT)(ACROSS_SEGMENTS)).to.equal(true);
    expect(wildcardMatcher(MID_SEGMENT, { arn: true })(ACROSS_SEGMENTS)).to.equal(false);
  });

  it("compares text without wildcards exactly, or ignoring case when asked", () => {
    expect(wildcardMatcher("Acme")("Acme")).to.equal(true);
    expect(wildcardMatcher("Acme")("acme")).to.equal(false);
    expect(wildcardMatcher("Acme", { ignoreCase: true })("aCME")).to.equal(true);
    expect(wildcardMatcher("Acme", { ignoreCase: true })("Abcd")).to.equal(false);
    expect(wildcardMatcher("Acme", { ignoreCase: true })("Acme2")).to.equal(false);
  });

  it("ignoring case, agrees with wildcardMatches where lower-casing changes a length", () => {
    // "İ" (U+0130) lower-cases to "i" plus a combining dot: two characters for one.
    const dotted = "\u0130";
    const lowered = dotted.toLowerCase();
    expect(lowered.length).to.equal(2);
    const viaMatches = wildcardMatches(plain(lowered), dotted, { ignoreCase: true });
    expect(wildcardMatcher(lowered, { ignoreCase: true })(dotted)).to.equal(viaMatches);
    expect(viaMatches).to.equal(true);
  });
});

describe("compiled wildcard regexes", () => {
  it("compiles nothing for text without wildcards", () => {
    const before = keptRegexCount();
    const text = fresh().replace("*", "");
    expect(wildcardMatches(plain(text), text)).to.equal(true);
    expect(wildcardMatcher(text, { ignoreCase: true })(text.toUpperCase())).to.equal(true);
    expect(keptRegexCount()).to.equal(before);
  });

  it("keeps one regex per new pattern", () => {
    const before = keptRegexCount();
    wildcardMatcher(fresh());
    wildcardMatches(plain(fresh()), "x");
    expect(keptRegexCount()).to.equal(Math.min(before + 2, KEPT_REGEXES));
  });

  it("keeps one regex per mode and per set of literal positions", () => {
    const text = "tenants/*";
    expect(wildcardMatcher(text)("tenants/A")).to.equal(true);
    expect(wildcardMatcher(text, { ignoreCase: true })("TENANTS/a")).to.equal(true);
    expect(wildcardMatcher(MID_SEGMENT)(ACROSS_SEGMENTS)).to.equal(true);
    expect(wildcardMatcher(MID_SEGMENT, { arn: true })(ACROSS_SEGMENTS)).to.equal(false);
    expect(wildcardMatches(withLiteral(text, 8), "tenants/a")).to.equal(false);
    // Joined without a separator, positions {1, 23} and {12, 3} would both read "123".
    const four = "a*c*efghijkl*nopqrstuvw*";
    expect(wildcardMatches(withLiteral(four, 1, 23), "a*cXefghijklYnopqrstuvw*")).to.equal(true);
    expect(wildcardMatches(withLiteral(four, 12, 3), "a*cXefghijklYnopqrstuvw*")).to.equal(false);
  });

  it("keeps at most KEPT_REGEXES, and asking a kept pattern again keeps them all", () => {
    const texts = Array.from({ length: KEPT_REGEXES + 1 }, fresh);
    for (const text of texts) wildcardMatcher(text);
    expect(keptRegexCount()).to.equal(KEPT_REGEXES);
    const last = texts[texts.length - 1];
    expect(wildcardMatches(plain(last), last.replace("*", "x"))).to.equal(true);
    expect(keptRegexCount()).to.equal(KEPT_REGEXES);
  });
});
