import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ConfigError, parseDefaultTags } from "../../components";
import { Plan } from "../../plan/runPlan";
import { planFor, tenant } from "../helpers/programUnderTest";

const DEFAULT_TAGS = { CostCenter: "cc-42", "team:owner": "platform" };

/**
 * Compiles only when `Args` has no `tags` input in @pulumi/aws, so this list cannot claim a
 * taggable type is untaggable.
 */
function untaggable<Args>(..._proof: "tags" extends keyof Args ? [never] : []): true {
  return true;
}

/** The resource types the program registers that AWS cannot tag. */
const UNTAGGABLE_TYPES: Record<string, true> = {
  "aws:iam/rolePolicy:RolePolicy": untaggable<aws.iam.RolePolicyArgs>(),
  "aws:cognito/userPoolClient:UserPoolClient": untaggable<aws.cognito.UserPoolClientArgs>(),
  "aws:cognito/userGroup:UserGroup": untaggable<aws.cognito.UserGroupArgs>(),
  "aws:cognito/user:User": untaggable<aws.cognito.UserArgs>(),
  "aws:cognito/userInGroup:UserInGroup": untaggable<aws.cognito.UserInGroupArgs>(),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
    untaggable<aws.s3.BucketPublicAccessBlockArgs>(),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    untaggable<aws.s3.BucketServerSideEncryptionConfigurationArgs>(),
  "aws:s3/bucketVersioning:BucketVersioning": untaggable<aws.s3.BucketVersioningArgs>(),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
    untaggable<aws.s3.BucketOwnershipControlsArgs>(),
  "aws:s3/bucketPolicy:BucketPolicy": untaggable<aws.s3.BucketPolicyArgs>(),
  "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration":
    untaggable<aws.bedrockmodel.InvocationLoggingConfigurationArgs>(),
};

function awsResources(plan: Plan) {
  return plan.resources.filter((r) => r.type.startsWith("aws:"));
}

describe("default tags (tenancy:defaultTags)", () => {
  let plan: Plan;

  before(async () => {
    plan = await planFor([tenant("acme"), tenant("globex", { status: "suspended" })], {
      defaultTags: DEFAULT_TAGS,
      bedrockInvocationLogging: true,
    });
  });

  it("are set on every taggable resource of the platform and the tenants", () => {
    const taggable = awsResources(plan).filter((r) => !(r.type in UNTAGGABLE_TYPES));
    expect(taggable.map((r) => r.type)).to.include.members([
      "aws:cognito/userPool:UserPool",
      "aws:dynamodb/table:Table",
      "aws:s3/bucket:Bucket",
      "aws:iam/role:Role",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:bedrock/inferenceProfile:InferenceProfile",
    ]);
    for (const resource of taggable) {
      expect(resource.inputs.tags, `${resource.type} ${resource.name}`).to.deep.include(
        DEFAULT_TAGS,
      );
    }
  });

  it("leave each tenant's own tags in place on its resources", () => {
    for (const { id, resources } of plan.tenants) {
      for (const resource of resources.filter((r) => r.inputs.tags !== undefined)) {
        expect(resource.inputs.tags, `${resource.type} ${resource.name}`).to.deep.include({
          ...DEFAULT_TAGS,
          tenantId: id,
        });
      }
    }
    const profile = plan.resources.find(
      (r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile",
    );
    expect(profile?.inputs.tags).to.deep.equal({
      ...DEFAULT_TAGS,
      tenantId: "acme",
      tenancyStack: "dev",
    });
  });

  it("add no tags argument to platform resources when none are set", async () => {
    const untagged = await planFor([tenant("acme")]);
    const table = untagged.resources.find((r) => r.type === "aws:dynamodb/table:Table");
    expect(table?.inputs).not.to.have.property("tags");
  });
});

describe("parseDefaultTags", () => {
  it("reads a map of tags", () => {
    expect(parseDefaultTags(JSON.stringify(DEFAULT_TAGS))).to.deep.equal(DEFAULT_TAGS);
    expect(parseDefaultTags(undefined)).to.deep.equal({});
  });

  it("reads numbers and booleans, which pulumi config set --path stores as such, as text", () => {
    expect(parseDefaultTags(JSON.stringify({ CostCenter: 4200, Shared: true }))).to.deep.equal({
      CostCenter: "4200",
      Shared: "true",
    });
  });

  it("refuses the program's own tag keys in any case, since IAM compares keys case-insensitively", () => {
    expect(() => parseDefaultTags(JSON.stringify({ TenantID: "acme" })))
      .to.throw(ConfigError)
      .with.property(
        "message",
        `tenancy:defaultTags.TenantID: the tag key "TenantID" is the program's own ("tenantId"; IAM compares tag keys case-insensitively), which tenant role policies read to tell tenants and stacks apart. Fix: pulumi config rm --path 'tenancy:defaultTags.TenantID', or correct it.`,
      );
    expect(() => parseDefaultTags(JSON.stringify({ tenancystack: "x" }))).to.throw(ConfigError);
  });

  it("refuses what AWS refuses: aws: keys, nested values, other characters, a list", () => {
    for (const tags of [
      { "aws:cost": "x" },
      { CostCenter: { code: 42 } },
      { "Cost*Center": "x" },
      ["x"],
    ]) {
      expect(() => parseDefaultTags(JSON.stringify(tags)), JSON.stringify(tags))
        .to.throw(ConfigError)
        .with.property("code", "ERR_INVALID_CONFIG");
    }
  });

  it("refuses more tags than a resource can hold besides the tenant's two", () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    expect(() => parseDefaultTags(JSON.stringify(tags))).to.throw(ConfigError, /at most 48/);
  });
});
