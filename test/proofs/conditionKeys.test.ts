import { expect } from "chai";
import { conditionKeysFor } from "../../proofs/conditionKeys";

const conditioned = (action: unknown, key: string) => ({
  Action: action,
  Condition: { StringEquals: { [key]: "x" } },
});

describe("conditionKeysFor", () => {
  it("collects the lower-cased keys of every operator block of the statements whose Action matches", () => {
    const document = {
      Statement: [
        {
          Action: "dynamodb:GetItem",
          Condition: {
            "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] },
            StringEquals: { "aws:PrincipalTag/tenantId": "acme", "aws:RequestedRegion": "x" },
          },
        },
        conditioned("s3:GetObject", "s3:prefix"),
      ],
    };
    expect([...conditionKeysFor("dynamodb:GetItem", document)]).to.deep.equal([
      "dynamodb:leadingkeys",
      "aws:principaltag/tenantid",
      "aws:requestedregion",
    ]);
  });

  it("reads IAM's action wildcards case-insensitively, anchored at both ends, with other characters literal", () => {
    const keysFor = (pattern: string, action: string) => [
      ...conditionKeysFor(action, { Statement: [conditioned(pattern, "k")] }),
    ];
    expect(keysFor("dynamodb:Get*", "dynamodb:GetItem")).to.deep.equal(["k"]);
    expect(keysFor("dynamodb:?etItem", "dynamodb:GetItem")).to.deep.equal(["k"]);
    expect(keysFor("DynamoDB:getitem", "dynamodb:GetItem")).to.deep.equal(["k"]);
    expect(keysFor("*", "s3:PutObject")).to.deep.equal(["k"]);
    expect(keysFor("dynamodb:Get", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("namodb:GetItem", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("dynamodb:?", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("dynamodb:Get.tem", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("dynamodb:(GetItem)", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("dynamodb:GetItem|s3:*", "s3:GetObject")).to.deep.equal([]);
    expect(keysFor("dynamodb:[G]etItem", "dynamodb:GetItem")).to.deep.equal([]);
    expect(keysFor("s3:Get$", "s3:Get")).to.deep.equal([]);
    expect(keysFor("^s3:Get", "s3:Get")).to.deep.equal([]);
    expect(keysFor("s3:G{1}et", "s3:Get")).to.deep.equal([]);
    expect(keysFor("s3:Get\\Object", "s3:GetObject")).to.deep.equal([]);
    expect(keysFor("s3:Get+", "s3:Gett")).to.deep.equal([]);
  });

  it("takes an Action list when any of its patterns matches", () => {
    const document = { Statement: [conditioned(["s3:PutObject", "dynamodb:Query"], "k")] };
    expect([...conditionKeysFor("dynamodb:Query", document)]).to.deep.equal(["k"]);
    expect([...conditionKeysFor("dynamodb:Scan", document)]).to.deep.equal([]);
  });

  it("counts a statement without Action (a NotAction statement may apply to anything)", () => {
    const document = {
      Statement: [{ NotAction: "iam:*", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    };
    expect([...conditionKeysFor("s3:GetObject", document)]).to.deep.equal(["aws:securetransport"]);
  });

  it("reads a single Statement object, several documents, and documents or statements without conditions", () => {
    const single = { Statement: conditioned("s3:GetObject", "s3:ExistingObjectTag/t") };
    const unconditioned = { Statement: [{ Action: "s3:GetObject" }] };
    const keys = conditionKeysFor(
      "s3:GetObject",
      undefined,
      single,
      unconditioned,
      { Statement: [conditioned("s3:*", "aws:SourceIp")] },
      {},
    );
    expect([...keys]).to.deep.equal(["s3:existingobjecttag/t", "aws:sourceip"]);
  });
});
