import { expect } from "chai";
import {
  KEPT_REGEXES,
  keptRegexCount,
  plain,
  wildcardMatches,
} from "../../policypack/lib/evaluation/wildcards";
import { dropCaches } from "../../policypack/lib/caches";
import { parsedDocuments, readDocuments } from "../../policypack/lib/documents";
import { sharedView } from "../../policypack/lib/sharedView";

// What the pack keeps across resources for speed is bounded, and never answers for a resource
// that differs from the one it was computed for.

describe("the pack's caches across resources", () => {
  it("keeps a bounded number of wildcard regexes and still matches every pattern right", () => {
    const tenants = KEPT_REGEXES + 500;
    for (let i = 0; i < tenants; i += 1) {
      const pattern = plain(`arn:aws:s3:::bucket/tenants/t${i}/*`);
      expect(
        wildcardMatches(pattern, `arn:aws:s3:::bucket/tenants/t${i}/a`, { arn: true }),
      ).to.equal(true);
      expect(
        wildcardMatches(pattern, `arn:aws:s3:::bucket/tenants/t${i}x/a`, { arn: true }),
      ).to.equal(false);
    }
    expect(keptRegexCount()).to.be.at.most(KEPT_REGEXES);
    // The first patterns were dropped; asked again they compile anew and answer the same.
    expect(
      wildcardMatches(
        plain("arn:aws:s3:::bucket/tenants/t0/*"),
        "arn:aws:s3:::bucket/tenants/t0/b",
      ),
    ).to.equal(true);
  });

  it("parses each document text for itself: a kept parse never stands for another text", () => {
    const policy = (prefix: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${prefix}/*` },
        ],
      });
    const documentOf = (urn: string, text: string) =>
      parsedDocuments(
        sharedView("aws:iam/rolePolicy:RolePolicy", urn, "p", undefined, { policy: text }),
        ["identity"],
      )[0]?.document;
    const acme = documentOf("urn:a", policy("tenants/acme"));
    // Another resource with the same text (AnalyzeStack's view of it) reads the same document.
    expect(documentOf("urn:b", policy("tenants/acme"))).to.equal(acme);
    const globex = documentOf("urn:c", policy("tenants/globex"));
    expect(globex).to.not.equal(acme);
    expect(globex?.statements[0]?.resources).to.deep.equal(["arn:aws:s3:::b/tenants/globex/*"]);
  });

  it("computes afresh after dropCaches, as the mutation run does before each test", () => {
    const text = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::b/tenants/acme/*" },
      ],
    });
    const viewOf = (urn: string) =>
      sharedView("aws:iam/rolePolicy:RolePolicy", urn, "p", undefined, { policy: text });
    const view = viewOf("urn:kept");
    const read = readDocuments(view);
    const document = parsedDocuments(viewOf("urn:other"), ["identity"])[0]?.document;
    expect(wildcardMatches(plain("s3:Get*"), "s3:GetObject", { ignoreCase: true })).to.equal(true);
    expect(viewOf("urn:kept")).to.equal(view);
    expect(readDocuments(view)).to.equal(read);

    dropCaches();

    expect(keptRegexCount()).to.equal(0);
    const reread = readDocuments(view);
    expect(reread).to.not.equal(read);
    expect(reread).to.deep.equal(read);
    const fresh = viewOf("urn:kept");
    expect(fresh).to.not.equal(view);
    const reparsed = parsedDocuments(fresh, ["identity"])[0]?.document;
    expect(reparsed).to.not.equal(document);
    expect(reparsed).to.deep.equal(document);
  });
});
