import { expect } from "chai";
import {
  ASSUME_ROLE_ACTIONS,
  broadWildcardActions,
  grantedFrom,
  grants,
  PASS_ROLE_ACTION,
  PERMISSION_MANAGEMENT_ACTIONS,
  serviceActions,
} from "../../../../policypack/lib/actions";
import { globMatches } from "../../../../policypack/lib/glob";
import * as reference from "../../../../policypack/lib/evaluation/iamReference";

// The pack's curated action catalogues and its reading of IAM action patterns: `*` any run,
// `?` one character, action names compared case-insensitively.

/** The actions of AWS's reference that an IAM action pattern reaches. */
const reached = (pattern: string): string[] => {
  const service = pattern.split(":")[0] ?? "";
  return (reference.serviceActions(service) ?? [])
    .map((action) => action.name)
    .filter((name) => globMatches(pattern, name, true));
};

const prefixed = (service: string, names: readonly string[]) =>
  names.map((name) => `${service}:${name}`);

/** Writes, exfiltration and escalation paths the pack keeps wildcards away from. */
const GUARDED = [
  ...prefixed("dynamodb", [
    ...["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "ConditionCheckItem"],
    ...["PartiQLInsert", "PartiQLUpdate", "PartiQLDelete", "ExportTableToPointInTime"],
    ...["ImportTable", "RestoreTableFromBackup", "RestoreTableToPointInTime", "CreateBackup"],
    ...["UpdateTable", "DeleteTable", "PutResourcePolicy", "DeleteResourcePolicy"],
  ]),
  ...prefixed("s3", [
    ...["PutObject", "PutObjectTagging", "DeleteObject", "DeleteObjectVersion"],
    ...["DeleteObjectTagging", "AbortMultipartUpload", "RestoreObject", "PutBucketPolicy"],
    ...["DeleteBucketPolicy", "PutBucketAcl", "PutObjectAcl", "PutObjectVersionAcl"],
    ...["PutBucketPublicAccessBlock", "PutBucketOwnershipControls", "PutBucketVersioning"],
    ...["PutEncryptionConfiguration", "PutLifecycleConfiguration"],
    ...["PutReplicationConfiguration", "PutBucketCORS", "PutBucketWebsite", "DeleteBucket"],
    "CreateAccessPoint",
  ]),
  ...PERMISSION_MANAGEMENT_ACTIONS,
  PASS_ROLE_ACTION,
  ...ASSUME_ROLE_ACTIONS,
  ...prefixed("kms", ["Decrypt", "CreateGrant", "PutKeyPolicy"]),
  ...prefixed("lambda", ["UpdateFunctionCode", "CreateFunction", "AddPermission"]),
  ...prefixed("logs", ["DeleteLogGroup", "PutResourcePolicy"]),
  "ec2:RunInstances",
  "secretsmanager:GetSecretValue",
  ...prefixed("sts", ["TagSession", "SetSourceIdentity"]),
];

describe("action catalogues", () => {
  it("name only actions of AWS's IAM reference, each with its service prefix", () => {
    const listed = [...PERMISSION_MANAGEMENT_ACTIONS, PASS_ROLE_ACTION, ...ASSUME_ROLE_ACTIONS];
    expect(listed).to.have.length(32);
    for (const action of listed) {
      expect(action, action).to.match(/^[a-z0-9-]+:[A-Za-z]+$/);
      expect(reference.isKnownAction(action), action).to.equal(true);
    }
  });

  it("list the IAM actions that grant permissions and the ways to assume a role", () => {
    expect(grantedFrom(["iam:Put*Policy"], PERMISSION_MANAGEMENT_ACTIONS)).to.deep.equal([
      "iam:PutRolePolicy",
      "iam:PutUserPolicy",
      "iam:PutGroupPolicy",
    ]);
    expect(grantedFrom(["sts:AssumeRole*"], ASSUME_ROLE_ACTIONS)).to.deep.equal([
      "sts:AssumeRole",
      "sts:AssumeRoleWithWebIdentity",
      "sts:AssumeRoleWithSAML",
    ]);
    expect(PASS_ROLE_ACTION).to.equal("iam:PassRole");
  });
});

describe("grantedFrom and grants", () => {
  const catalog = ["dynamodb:PutItem", "s3:GetObject", "iam:PassRole"];

  it("keep the catalogue entries some pattern reaches, in catalogue order", () => {
    const patterns = ["iam:Pass*", "dynamodb:PutItem"];
    expect(grantedFrom(patterns, catalog)).to.deep.equal(["dynamodb:PutItem", "iam:PassRole"]);
    expect(grants(patterns, catalog)).to.equal(true);
  });

  it("compare action names case-insensitively, as IAM does", () => {
    expect(grantedFrom(["DYNAMODB:putitem"], catalog)).to.deep.equal(["dynamodb:PutItem"]);
    expect(grants(["S3:getobject"], catalog)).to.equal(true);
  });

  it("grant nothing when no pattern reaches an entry", () => {
    expect(grantedFrom(["dynamodb:GetItem", "s3:Put*"], catalog)).to.deep.equal([]);
    expect(grants(["dynamodb:GetItem", "s3:Put*"], catalog)).to.equal(false);
    expect(grants([], catalog)).to.equal(false);
  });

  it("answer yes when one entry of many is reached", () => {
    expect(grants(["iam:PassRole"], catalog)).to.equal(true);
  });
});

describe("broadWildcardActions", () => {
  it("flags a wildcard that reaches a single guarded action", () => {
    for (const action of GUARDED) {
      const pattern = `${action.slice(0, -1)}?`;
      expect(reached(pattern), pattern).to.deep.equal([action]);
      expect(broadWildcardActions([pattern]), pattern).to.deep.equal([pattern]);
    }
  });

  it("flags `*` and a whole service, even one with no guarded action", () => {
    expect(broadWildcardActions(["*", "sqs:*", "dynamodb:*"])).to.deep.equal([
      "*",
      "sqs:*",
      "dynamodb:*",
    ]);
  });

  it("leaves wildcards that reach only reads and listings", () => {
    const reads = [
      "dynamodb:Get*",
      "dynamodb:BatchGet*",
      "dynamodb:Quer?",
      "dynamodb:Sca?",
      "dynamodb:PartiQLSelec?",
      "s3:GetObject*",
      "s3:List*",
      "sqs:*QueueUrl",
    ];
    expect(reached("dynamodb:Get*")).to.include.members([
      "dynamodb:GetItem",
      "dynamodb:GetRecords",
    ]);
    expect(reached("sqs:*QueueUrl")).to.deep.equal(["sqs:GetQueueUrl"]);
    expect(broadWildcardActions(reads)).to.deep.equal([]);
  });

  it("leaves wildcards named after S3 API operations that are not IAM actions", () => {
    // DeletePublicAccessBlock and DeleteBucketOwnershipControls are authorised by the Put
    // actions, so these patterns reach no IAM action and grant nothing.
    const apiNames = ["s3:DeletePublic*", "s3:DeleteBucketOwnership*"];
    for (const pattern of apiNames) expect(reached(pattern), pattern).to.deep.equal([]);
    expect(broadWildcardActions(apiNames)).to.deep.equal([]);
  });

  it("leaves exact action names, which are not wildcards", () => {
    expect(broadWildcardActions(["dynamodb:PutItem", "iam:PassRole"])).to.deep.equal([]);
  });

  it("reads `svc:*` only as the whole pattern", () => {
    // Action names carry no colon, so these reach no action at all.
    expect(broadWildcardActions(["sqs:Get:*"])).to.deep.equal([]);
    expect(reached("sqs:Get:*")).to.deep.equal([]);
  });
});

describe("serviceActions", () => {
  it("keeps the patterns that can name an action of the service", () => {
    const patterns = [
      "dynamodb:GetItem",
      "DynamoDB:Query",
      "*",
      "dyn*",
      "*Item",
      "d?namodb:PutItem",
      "s3:GetObject",
      "dynamo",
      "dynamodbx:Get*",
      "?3:*",
    ];
    expect(serviceActions(patterns, "dynamodb")).to.deep.equal([
      "dynamodb:GetItem",
      "DynamoDB:Query",
      "*",
      "dyn*",
      "*Item",
      "d?namodb:PutItem",
    ]);
  });

  it("matches the service up to its colon, case-insensitively", () => {
    const patterns = ["S3:GetObject", "?3:*", "s3express:CreateSession", "s*:PutObject", "sqs:*"];
    expect(serviceActions(patterns, "S3")).to.deep.equal(["S3:GetObject", "?3:*", "s*:PutObject"]);
  });
});
