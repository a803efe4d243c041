import { expect } from "chai";
import {
  carriesKey,
  changesSharedState,
  isKnownAction,
  readsOnlyMetadata,
  ReferenceAction,
  resourceTypesOf,
  sampleArn,
  serviceActions,
} from "../../../../policypack/lib/evaluation/iamReference";

// The checked-in IAM service authorization reference: actions, condition keys, ARN templates.

const action = (name: string): ReferenceAction => {
  const [service = "", verb = ""] = name.split(":");
  const found = serviceActions(service)?.find((known) => known.name === `${service}:${verb}`);
  if (found === undefined) throw new Error(`no ${name} in the reference`);
  return found;
};

describe("iamReference", () => {
  describe("serviceActions", () => {
    it("names each action with its lower-case service prefix, however the service is asked", () => {
      const actions = serviceActions("DynamoDB");
      expect(actions?.map((known) => known.name)).to.include.members([
        "dynamodb:GetItem",
        "dynamodb:PutItem",
      ]);
      // One catalogue per service: the per-action answers of carriesKey hang on its objects.
      expect(serviceActions("dynamodb")).to.equal(actions);
    });

    it("describes an action's access level and resource types", () => {
      const getItem = action("dynamodb:GetItem");
      expect(getItem.accessLevel).to.equal("Read");
      expect(getItem.resourceTypes).to.deep.equal(["table"]);
      expect(action("dynamodb:ListTables").resourceTypes).to.deep.equal([]);
    });

    it("collects the condition keys of the action and of its resource types, lower-cased", () => {
      // ec2:PlacementGroupName is listed only on the placement-group resource type.
      expect([...action("ec2:AttachResourcesToPlacementGroup").conditionKeys].sort()).to.deep.equal(
        [
          "aws:resourcetag/${tagkey}",
          "ec2:placementgroupname",
          "ec2:placementgroupstrategy",
          "ec2:region",
          "ec2:resourcetag/${tagkey}",
        ],
      );
    });

    it("knows no service the reference does not describe", () => {
      expect(serviceActions("no-such-service")).to.equal(undefined);
    });

    it("takes a service prefix only, never a path to another file", () => {
      expect(serviceActions("../actions/s3")).to.equal(undefined);
      expect(serviceActions("s3/../s3")).to.equal(undefined);
    });
  });

  describe("carriesKey", () => {
    it("carries every global aws: key", () => {
      expect(carriesKey(action("dynamodb:DescribeTable"), "aws:SourceIp")).to.equal(true);
      expect(carriesKey(action("dynamodb:DescribeTable"), "aws:PrincipalTag/tenantId")).to.equal(
        true,
      );
    });

    it("carries a service key listed for the action, compared case-insensitively", () => {
      const getItem = action("dynamodb:GetItem");
      expect(carriesKey(getItem, "dynamodb:LeadingKeys")).to.equal(true);
      expect(carriesKey(getItem, "DYNAMODB:leadingkeys")).to.equal(true);
    });

    it("carries a service key listed only for one of the action's resource types", () => {
      const attach = action("ec2:AttachResourcesToPlacementGroup");
      expect(carriesKey(attach, "ec2:PlacementGroupName")).to.equal(true);
      expect(carriesKey(attach, "ec2:ResourceTag/owner")).to.equal(true);
    });

    it("never carries a service key the reference does not list for the action", () => {
      expect(carriesKey(action("dynamodb:DescribeTable"), "dynamodb:LeadingKeys")).to.equal(false);
      expect(carriesKey(action("dynamodb:GetItem"), "s3:prefix")).to.equal(false);
    });

    it("does not stretch a listed key without a variable part to a longer one", () => {
      // Only SSE-C requests carry the customer-algorithm key; this action lists the SSE key.
      const update = action("s3:UpdateObjectEncryption");
      expect(carriesKey(update, "s3:x-amz-server-side-encryption")).to.equal(true);
      expect(carriesKey(update, "s3:x-amz-server-side-encryption-customer-algorithm")).to.equal(
        false,
      );
    });
  });

  describe("isKnownAction", () => {
    it("knows an action the reference lists, in any case", () => {
      expect(isKnownAction("dynamodb:GetItem")).to.equal(true);
      expect(isKnownAction("DynamoDB:getitem")).to.equal(true);
    });

    it("does not know a misspelt action, an unknown service or a name without a service", () => {
      expect(isKnownAction("dynamodb:GetItems")).to.equal(false);
      expect(isKnownAction("no-such-service:GetItem")).to.equal(false);
      expect(isKnownAction("dynamodb")).to.equal(false);
      expect(isKnownAction("GetItem")).to.equal(false);
    });
  });

  describe("changesSharedState and readsOnlyMetadata", () => {
    it("reads only metadata with a Describe, List or Get action of a read or list level", () => {
      expect(readsOnlyMetadata(action("dynamodb:DescribeTable"))).to.equal(true);
      expect(readsOnlyMetadata(action("dynamodb:ListTables"))).to.equal(true);
      expect(readsOnlyMetadata(action("s3:GetBucketLocation"))).to.equal(true);
    });

    it("does not read only metadata when the verb merely contains Get", () => {
      expect(readsOnlyMetadata(action("dynamodb:BatchGetItem"))).to.equal(false);
    });

    it("does not read only metadata with a Get action that writes", () => {
      const federation = action("sts:GetFederationToken");
      expect(changesSharedState(federation)).to.equal(true);
      expect(readsOnlyMetadata(federation)).to.equal(false);
    });

    it("changes shared state with write, permissions management or tagging", () => {
      expect(changesSharedState(action("dynamodb:PutItem"))).to.equal(true);
      expect(changesSharedState(action("s3:PutBucketPolicy"))).to.equal(true);
      expect(changesSharedState(action("dynamodb:TagResource"))).to.equal(true);
      expect(changesSharedState(action("dynamodb:DescribeTable"))).to.equal(false);
    });
  });

  describe("sampleArn", () => {
    it("fills the reference's ARN template with the given fields", () => {
      const fields = { Partition: "aws", Account: "111122223333", RoleNameWithPath: "t/acme" };
      expect(sampleArn("iam", "role", fields)).to.equal("arn:aws:iam::111122223333:role/t/acme");
      // A second type of the same service comes from the same template file.
      expect(sampleArn("iam", "user", fields)).to.equal(
        "arn:aws:iam::111122223333:user/sample-usernamewithpath",
      );
    });

    it("names every field not given sample-<field>", () => {
      expect(sampleArn("dynamodb", "index", { TableName: "orders" })).to.equal(
        "arn:sample-partition:dynamodb:sample-region:sample-account:table/orders/index/sample-indexname",
      );
    });

    it("has no ARN for a type or a service the reference does not describe", () => {
      expect(sampleArn("iam", "no-such-type", {})).to.equal(undefined);
      expect(sampleArn("no-such-service", "role", {})).to.equal(undefined);
    });

    it("takes a service prefix only, never a path to another file", () => {
      expect(sampleArn("../resourceTypes/iam", "role", {})).to.equal(undefined);
      expect(sampleArn("iam/../iam", "role", {})).to.equal(undefined);
    });

    it("knows a type by the name its actions give it, whatever its case", () => {
      // The reference files key types in lower case; actions spell them `eventSourceMapping`.
      const mapping = serviceActions("lambda")?.find(
        (action) => action.name === "lambda:GetEventSourceMapping",
      );
      expect(mapping?.resourceTypes).to.deep.equal(["eventSourceMapping"]);
      expect(sampleArn("lambda", "eventSourceMapping", { Region: "eu-west-1" })).to.match(
        /^arn:sample-partition:lambda:eu-west-1:sample-account:event-source-mapping:/,
      );
      expect(sampleArn("lambda", "eventsourcemapping", {})).to.equal(undefined);
    });
  });

  describe("resourceTypesOf", () => {
    it("names the types whose ARN template an ARN fits, as actions spell them", () => {
      expect(
        resourceTypesOf("secretsmanager", "arn:aws:secretsmanager:eu-west-1:1:secret:dev-a-*"),
      ).to.deep.equal(["Secret"]);
      expect(resourceTypesOf("sqs", "arn:aws:sqs:eu-west-1:1:dev-a-jobs")).to.deep.equal(["queue"]);
      expect(resourceTypesOf("kms", "arn:aws:kms:eu-west-1:1:alias/dev-a")).to.deep.equal([
        "alias",
      ]);
      // An object's ARN also fits the bucket's template: `${BucketName}` is any text to IAM.
      expect(resourceTypesOf("s3", "arn:aws:s3:::dev-a/file")).to.include.members([
        "bucket",
        "object",
      ]);
    });

    it("matches field by field: a template's variable does not swallow the Region's colon", () => {
      // iam's role template has an empty Region; an ARN with one fits no iam type.
      expect(resourceTypesOf("iam", "arn:aws:iam::1:role/a")).to.deep.equal(["role"]);
      expect(resourceTypesOf("iam", "arn:aws:iam:eu-west-1:1:role/a")).to.deep.equal([]);
      // Nor the account's: an extra field before `key/` makes no KMS key.
      expect(resourceTypesOf("kms", "arn:aws:kms:eu-west-1:1:x:key/k")).to.deep.equal([]);
      expect(resourceTypesOf("kms", "arn:aws:kms:eu-west-1:1:key/k")).to.deep.equal(["key"]);
    });

    it("names nothing for another service's ARN or a service the reference lacks", () => {
      expect(resourceTypesOf("sqs", "arn:aws:sns:eu-west-1:1:topic")).to.deep.equal([]);
      expect(resourceTypesOf("no-such-service", "arn:aws:no-such-service:::x")).to.deep.equal([]);
    });
  });
});
