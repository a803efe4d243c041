import { expect } from "chai";
import {
  conditionsOn,
  describeStatement,
  isAllow,
  isRecord,
  parsePolicyDocument,
  PolicyDocument,
  Statement,
} from "../../../../policypack/lib/policyDocument";

// parsePolicyDocument: IAM's policy grammar read leniently: a single value where IAM allows a list
// becomes a one-element list, and anything that is not a policy says why.

const parsed = (raw: unknown): PolicyDocument => {
  const result = parsePolicyDocument(raw);
  if (result.kind !== "document") throw new Error(`not a document: ${result.reason}`);
  return result.document;
};
const only = (statement: Record<string, unknown>): Statement => {
  const { statements } = parsed({ Version: "2012-10-17", Statement: statement });
  expect(statements).to.have.length(1);
  return statements[0]!;
};

describe("parsePolicyDocument", () => {
  describe("what it rejects", () => {
    it("text that is not JSON", () => {
      const result = parsePolicyDocument('{"Statement": [');
      expect(result.kind).to.equal("malformed");
      expect(result.kind === "malformed" && result.reason).to.match(/^it is not JSON \(.+\)$/);
    });

    it("JSON that is not an object", () => {
      for (const raw of [null, 42, "null", "[]", ["Statement"]]) {
        expect(parsePolicyDocument(raw), JSON.stringify(raw)).to.deep.equal({
          kind: "malformed",
          reason: "it is not a JSON object",
        });
      }
    });

    it("a document without Statement", () => {
      expect(parsePolicyDocument({ Version: "2012-10-17" })).to.deep.equal({
        kind: "malformed",
        reason: "it has no Statement",
      });
    });

    it("a statement that is not an object, naming its index", () => {
      const allow = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
      for (const bad of [null, "Allow", ["Allow"]]) {
        expect(parsePolicyDocument({ Statement: [allow, bad] })).to.deep.equal({
          kind: "malformed",
          reason: "statement 1 is not an object",
        });
      }
    });
  });

  describe("the document", () => {
    it("accepts a JSON string and an object alike", () => {
      const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*" }] };
      expect(parsed(JSON.stringify(doc))).to.deep.equal(parsed(doc));
      expect(parsed(doc).statements[0]!.effect).to.equal("Deny");
    });

    it("reads a single Statement object as a list of one", () => {
      const { statements } = parsed({ Statement: { Effect: "Allow", Action: "s3:GetObject" } });
      expect(statements.map((statement) => statement.actions)).to.deep.equal([["s3:GetObject"]]);
    });

    it("keeps Version only when it is a string", () => {
      expect(parsed({ Version: "2012-10-17", Statement: [] }).version).to.equal("2012-10-17");
      expect(parsed({ Version: 2012, Statement: [] }).version).to.equal(undefined);
      expect(parsed({ Statement: [] }).version).to.equal(undefined);
    });
  });

  describe("a statement", () => {
    it("lists every element, a single value or an array, with Not* flags", () => {
      expect(
        only({
          Sid: "OwnItemsOnly",
          Effect: "Allow",
          NotAction: "iam:*",
          NotResource: ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"],
          NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
          Condition: { StringEquals: { "aws:PrincipalTag/tenantId": "acme" } },
        }),
      ).to.deep.equal({
        index: 0,
        sid: "OwnItemsOnly",
        effect: "Allow",
        actions: ["iam:*"],
        resources: ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"],
        principals: [{ kind: "AWS", value: "arn:aws:iam::111122223333:root" }],
        conditions: [
          { operator: "StringEquals", key: "aws:PrincipalTag/tenantId", values: ["acme"] },
        ],
        notAction: true,
        notResource: true,
        notPrincipal: true,
      });
    });

    it("has empty lists and no Not* flags for absent elements", () => {
      expect(only({ Effect: "Allow" })).to.deep.equal({
        index: 0,
        sid: undefined,
        effect: "Allow",
        actions: [],
        resources: [],
        principals: [],
        conditions: [],
        notAction: false,
        notResource: false,
        notPrincipal: false,
      });
    });

    it("keeps a Sid only when it is a non-empty string", () => {
      expect(only({ Sid: "", Effect: "Allow" }).sid).to.equal(undefined);
      expect(only({ Sid: 7, Effect: "Allow" }).sid).to.equal(undefined);
    });

    it("reads a missing or non-string Effect as neither Allow nor Deny", () => {
      for (const statement of [{}, { Effect: true }]) {
        expect(only(statement).effect).to.equal("");
        expect(isAllow(only(statement))).to.equal(false);
      }
    });

    it("writes non-string values as JSON text, as IAM compares them", () => {
      const statement = only({
        Effect: "Deny",
        Action: ["s3:*", 7],
        Condition: { Bool: { "aws:SecureTransport": false }, NumericLessThan: { "s3:max": 5 } },
      });
      expect(statement.actions).to.deep.equal(["s3:*", "7"]);
      expect(statement.conditions.map((entry) => entry.values)).to.deep.equal([["false"], ["5"]]);
    });

    it("reads a null condition value as no value, and skips a block that is not an object", () => {
      const statement = only({
        Effect: "Allow",
        Condition: { StringEquals: { "aws:SourceAccount": null }, Bool: "true" },
      });
      expect(statement.conditions).to.deep.equal([
        { operator: "StringEquals", key: "aws:SourceAccount", values: [] },
      ]);
    });
  });

  describe("principals", () => {
    it('reads "*" as everyone', () => {
      expect(only({ Effect: "Allow", Principal: "*" }).principals).to.deep.equal([
        { kind: "*", value: "*" },
      ]);
    });

    it("reads a bare string other than * as an AWS principal", () => {
      // Not IAM's grammar (only "*" stands alone); read as the account or ARN it names.
      expect(only({ Effect: "Allow", Principal: "111122223333" }).principals).to.deep.equal([
        { kind: "AWS", value: "111122223333" },
      ]);
    });

    it("lists each value of each principal type", () => {
      const principal = {
        AWS: ["arn:aws:iam::111122223333:root", "*"],
        Service: "s3.amazonaws.com",
      };
      expect(only({ Effect: "Allow", Principal: principal }).principals).to.deep.equal([
        { kind: "AWS", value: "arn:aws:iam::111122223333:root" },
        { kind: "AWS", value: "*" },
        { kind: "Service", value: "s3.amazonaws.com" },
      ]);
    });

    it("reads a principal it cannot read as everyone", () => {
      // Unreadable means unknown: the safe reading is the widest one.
      expect(only({ Effect: "Allow", Principal: ["111122223333"] }).principals).to.deep.equal([
        { kind: "*", value: '["111122223333"]' },
      ]);
      expect(only({ Effect: "Allow", Principal: 42 }).principals).to.deep.equal([
        { kind: "*", value: "42" },
      ]);
    });
  });
});

describe("describeStatement", () => {
  it("points at a statement by index, and by Sid when it has one", () => {
    const { statements } = parsed({
      Statement: [{ Effect: "Allow" }, { Sid: "OwnItemsOnly", Effect: "Allow" }],
    });
    expect(statements.map(describeStatement)).to.deep.equal([
      "statement 0",
      "statement 1 (Sid OwnItemsOnly)",
    ]);
  });
});

describe("isAllow and conditionsOn", () => {
  it("compare Effect and condition keys case-insensitively", () => {
    const statement = only({
      Effect: "allow",
      Condition: {
        StringEquals: { "AWS:PrincipalTag/TenantId": "acme" },
        StringLike: { "aws:principaltag/tenantid": "acme*", "s3:prefix": "x/" },
      },
    });
    expect(isAllow(statement)).to.equal(true);
    expect(isAllow(only({ Effect: "Deny" }))).to.equal(false);
    expect(
      conditionsOn(statement, "aws:PrincipalTag/tenantId").map((entry) => entry.operator),
    ).to.deep.equal(["StringEquals", "StringLike"]);
  });
});

describe("isRecord", () => {
  it("is true only for a plain JSON object", () => {
    expect([{}, { a: 1 }].map(isRecord)).to.deep.equal([true, true]);
    expect([null, [], "x", 1, undefined].map(isRecord)).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
