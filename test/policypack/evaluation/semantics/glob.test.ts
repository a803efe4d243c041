import { expect } from "chai";
import { globMatches, hasWildcard } from "../../../../policypack/lib/glob";

// IAM wildcards in action names and whole ARNs: `*` is any run of characters (colons included),
// `?` exactly one; action names compare case-insensitively.

describe("globMatches", () => {
  describe("wildcards", () => {
    it("takes * as any run of characters, colons, the empty run and line breaks included", () => {
      expect(globMatches("s3:Get*", "s3:GetObject")).to.equal(true);
      expect(globMatches("s3:Get*", "s3:Get")).to.equal(true);
      expect(globMatches("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y\nz")).to.equal(true);
      expect(globMatches("s3:Get*", "s3:PutObject")).to.equal(false);
    });

    it("takes ? as exactly one character", () => {
      expect(globMatches("s3:Get?bject", "s3:GetObject")).to.equal(true);
      expect(globMatches("s3:Get?bject", "s3:Getbject")).to.equal(false);
      expect(globMatches("s3:Get?bject", "s3:GetOObject")).to.equal(false);
    });

    it("matches the whole value, not a part of it", () => {
      expect(globMatches("s3:GetObject", "s3:GetObject")).to.equal(true);
      expect(globMatches("s3:GetObject", "s3:GetObjectAcl")).to.equal(false);
      expect(globMatches("GetObject", "s3:GetObject")).to.equal(false);
    });

    it("matches regex metacharacters in the pattern as themselves", () => {
      const special = "a.b+c^d$e{f}g(h)i|j[k]l\\m";
      expect(globMatches(special, special)).to.equal(true);
      expect(globMatches(`${special}*`, `${special}-n`)).to.equal(true);
      expect(globMatches("a.b", "axb")).to.equal(false);
      expect(globMatches("a+", "aa")).to.equal(false);
    });

    it("matches ordinary letters as themselves, not as regex escapes", () => {
      // `\s`, `\d`, `\w` would be classes if letters were escaped.
      expect(globMatches("sdw", "sdw")).to.equal(true);
      expect(globMatches("sdw", " 1_")).to.equal(false);
    });
  });

  describe("case", () => {
    it("is case-sensitive by default", () => {
      expect(globMatches("s3:get*", "S3:GetObject")).to.equal(false);
    });

    it("ignores case when asked, as for action names", () => {
      expect(globMatches("s3:get*", "S3:GetObject", true)).to.equal(true);
      expect(globMatches("s3:get*", "S3:Get\nObject", true)).to.equal(true);
      expect(globMatches("s3:get*", "S3:PutObject", true)).to.equal(false);
    });

    it("answers each pattern and case mode for itself when asked in turn", () => {
      // Flag and pattern texts that could run together: "i" + "am:*" and "s" + "qs:*".
      expect(globMatches("am:*", "AM:Get", true)).to.equal(true);
      expect(globMatches("iam:*", "am:Get")).to.equal(false);
      expect(globMatches("qs:*", "QS:x")).to.equal(false);
      expect(globMatches("sqs:*", "SQS:SendMessage", true)).to.equal(true);
      expect(globMatches("s3:*", "s3:GetObject")).to.equal(true);
      expect(globMatches("s3:*", "S3:GetObject")).to.equal(false);
      expect(globMatches("s3:*", "S3:GetObject", true)).to.equal(true);
    });
  });
});

describe("hasWildcard", () => {
  it("finds * or ? anywhere in the text", () => {
    expect(hasWildcard("s3:Get*")).to.equal(true);
    expect(hasWildcard("s3:Get?bject")).to.equal(true);
    expect(hasWildcard("s3:GetObject")).to.equal(false);
  });
});
