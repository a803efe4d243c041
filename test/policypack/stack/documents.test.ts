import { expect } from "chai";
import { parsedDocuments, ReadDocument, readDocuments } from "../../../policypack/lib/documents";
import { UNKNOWN } from "../../../policypack/lib/knownValues";
import { parsePolicyDocument } from "../../../policypack/lib/policyDocument";
import {
  BUCKET_POLICY,
  ResourceView,
  ROLE,
  ROLE_POLICY,
} from "../../../policypack/lib/resourceView";

// readDocuments: every document a resource carries, parsed (or why not) once per view, absent
// ones skipped; parsedDocuments: the parsed ones of the kinds asked for. A document text is parsed
// once for the whole pack (4,096 texts kept, the oldest dropped first), so the stack rules reuse
// what the resource rules parsed: the same text gives the same document object.

let views = 0;
const viewOf = (type: string, props: Record<string, unknown>): ResourceView => {
  views += 1;
  return { type, urn: `urn:pulumi:dev::tenancy::${type}::v${views}`, name: `v${views}`, props };
};
/** A document text no other test parses (the parse cache is process-wide). */
let texts = 0;
const docText = (sid: string) => {
  texts += 1;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b${texts}/*` },
    ],
  });
};
const docObject = (sid: string) => ({
  Version: "2012-10-17",
  Statement: [{ Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
});

/** `<state> <location> <kind>` and, when parsed, the statements' Sids. */
const summary = (reads: readonly ReadDocument[]) =>
  reads.map((read) => ({
    state: read.state,
    location: read.source.location,
    kind: read.source.kind,
    ...(read.state === "parsed" ? { sids: read.document.statements.map((s) => s.sid) } : {}),
    ...(read.state === "malformed" ? { reason: read.reason } : {}),
  }));
const documentOf = (view: ResourceView) => {
  const [read] = readDocuments(view);
  if (read?.state !== "parsed") throw new Error(`not parsed: ${read?.state}`);
  return read.document;
};

describe("documents", () => {
  const NOT_JSON = "{not json";
  const notJsonReason = (parsePolicyDocument(NOT_JSON) as { reason: string }).reason;
  const role = viewOf(ROLE, {
    assumeRolePolicy: docText("Trust"),
    inlinePolicies: [
      { name: "data", policy: docText("Data") },
      { name: "bad", policy: NOT_JSON },
      { name: "later", policy: UNKNOWN },
      { name: "nested", policy: { Statement: [{ Effect: "Allow", Action: UNKNOWN }] } },
      { name: "object", policy: docObject("AsObject") },
    ],
  });

  describe("readDocuments", () => {
    it("reads each document of a role: parsed, malformed (with the parser's reason) or unknown", () => {
      expect(summary(readDocuments(role))).to.deep.equal([
        { state: "parsed", location: "assumeRolePolicy", kind: "trust", sids: ["Trust"] },
        { state: "parsed", location: "inlinePolicies[0] (data)", kind: "identity", sids: ["Data"] },
        {
          state: "malformed",
          location: "inlinePolicies[1] (bad)",
          kind: "identity",
          reason: notJsonReason,
        },
        { state: "unknown", location: "inlinePolicies[2] (later)", kind: "identity" },
        { state: "unknown", location: "inlinePolicies[3] (nested)", kind: "identity" },
        {
          state: "parsed",
          location: "inlinePolicies[4] (object)",
          kind: "identity",
          sids: ["AsObject"],
        },
      ]);
      expect(readDocuments(role)[0]?.source.raw).to.equal(role.props.assumeRolePolicy);
    });

    for (const [why, raw] of [
      ["left out (undefined)", undefined],
      ["null", null],
    ] as const) {
      it(`skips a document that is ${why}`, () => {
        expect(readDocuments(viewOf(ROLE_POLICY, { policy: raw }))).to.deep.equal([]);
        expect(
          summary(
            readDocuments(
              viewOf(ROLE, {
                assumeRolePolicy: raw,
                inlinePolicies: [{ name: "data", policy: docText("Data") }],
              }),
            ),
          ),
        ).to.deep.equal([
          {
            state: "parsed",
            location: "inlinePolicies[0] (data)",
            kind: "identity",
            sids: ["Data"],
          },
        ]);
      });
    }

    it("reads a resource policy's document as kind resource", () => {
      expect(
        summary(readDocuments(viewOf(BUCKET_POLICY, { policy: docText("Bucket") }))),
      ).to.deep.equal([
        { state: "parsed", location: "policy", kind: "resource", sids: ["Bucket"] },
      ]);
    });

    it("reads a view once: the same view gives the same result", () => {
      expect(readDocuments(role)).to.equal(readDocuments(role));
    });
  });

  describe("parsedDocuments", () => {
    for (const [kinds, sids] of [
      [["identity"], [["Data"], ["AsObject"]]],
      [["trust"], [["Trust"]]],
      [
        ["identity", "trust"],
        [["Trust"], ["Data"], ["AsObject"]],
      ],
      [["resource"], []],
      [[], []],
    ] as const) {
      it(`${JSON.stringify(kinds)}: only parsed documents of those kinds`, () => {
        const found = parsedDocuments(role, kinds);
        expect(found.map(({ document }) => document.statements.map((s) => s.sid))).to.deep.equal(
          sids,
        );
        for (const { source, document } of found) {
          expect(kinds).to.include(source.kind);
          expect(document.statements).to.have.length(1);
        }
      });
    }
  });

  describe("parsing a text once for the pack", () => {
    it("two views with the same text share one parsed document", () => {
      const text = docText("Shared");
      expect(documentOf(viewOf(ROLE_POLICY, { policy: text }))).to.equal(
        documentOf(viewOf(BUCKET_POLICY, { policy: text })),
      );
    });

    it("keeps more than the last text", () => {
      const [a, b] = [docText("A"), docText("B")];
      const first = documentOf(viewOf(ROLE_POLICY, { policy: a }));
      documentOf(viewOf(ROLE_POLICY, { policy: b }));
      expect(documentOf(viewOf(ROLE_POLICY, { policy: a }))).to.equal(first);
    });

    it("keeps 4,096 texts: the next one drops the oldest; documents given as objects take no room", () => {
      const kept = Array.from({ length: 4_096 }, (_, index) => docText(`Kept${index}`));
      // Read in order, so these 4,096 are the newest and the first of them the oldest.
      const documents = kept.map((text) => documentOf(viewOf(ROLE_POLICY, { policy: text })));
      // An object is not a text: it is parsed each time and pushes no text out.
      const object = docObject("Object");
      const fromObject = documentOf(viewOf(ROLE_POLICY, { policy: object }));
      expect(documentOf(viewOf(ROLE_POLICY, { policy: object }))).to.not.equal(fromObject);
      expect(documentOf(viewOf(ROLE_POLICY, { policy: kept[0] }))).to.equal(documents[0]);
      // kept[0] was read last but not parsed again, so it is still the oldest.
      documentOf(viewOf(ROLE_POLICY, { policy: docText("OneMore") }));
      expect(documentOf(viewOf(ROLE_POLICY, { policy: kept[1] }))).to.equal(documents[1]);
      const again = documentOf(viewOf(ROLE_POLICY, { policy: kept[0] }));
      expect(again).to.not.equal(documents[0]);
      expect(again).to.deep.equal(documents[0]);
    });
  });
});
