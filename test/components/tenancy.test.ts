import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ConfigError,
  deployTenancy,
  parseTenantsFile,
  readStackSettings,
  tenantRolePolicy,
  tenantTrustPolicy,
  TenantSpec,
} from "../../components";
import { fromEnv } from "@tenancy/runtime";
import { pooledRoleArn, pooledShardOf, tenantRoleArn } from "@tenancy/runtime/naming";
import { Plan, runPlan } from "../../plan/runPlan";
import { PlannedResource } from "../../plan/plannedResource";
import { planFor, tenant, TEST_SETTINGS } from "../helpers/programUnderTest";

const EXAMPLE = parseTenantsFile(readFileSync(join(__dirname, "../../tenants.json"), "utf8"), {
  namePrefix: "dev",
});
/** The example tenants with roles of their own. */
const DEDICATED = EXAMPLE.filter((spec) => spec.isolation === "dedicated");
const PLATFORM = {
  partition: "aws",
  region: "us-east-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-us-east-1",
};

/** The user pool's one custom attribute, fixed at creation. */
const TENANT_ID_SCHEMA = [
  {
    name: "tenantId",
    attributeDataType: "String",
    mutable: true,
    developerOnlyAttribute: false,
    required: false,
    stringAttributeConstraints: { minLength: "1", maxLength: "64" },
  },
];

function urns(plan: Plan): string[] {
  return plan.resources.map((r) => r.urn).sort();
}

function byUrn(plan: Plan): Map<string, PlannedResource> {
  return new Map(plan.resources.map((r) => [r.urn, r]));
}

/** URNs of everything the Tenant component of `tenantId` holds. */
function tenantUrns(plan: Plan, tenantId: string): Set<string> {
  const found = plan.tenants.find((t) => t.id === tenantId);
  expect(found, tenantId).to.not.equal(undefined);
  return new Set(found?.resources.map((r) => r.urn));
}

/** `type name` of a tenant's two admin users and their memberships. */
function removedAdmins(plan: Plan, tenantId: string): string[] {
  const own = tenantUrns(plan, tenantId);
  const users = plan.resources.filter((r) => r.type === "aws:cognito/user:User" && own.has(r.urn));
  expect(users).to.have.length(2);
  return users.flatMap((u) => [
    `aws:cognito/user:User ${u.name}`,
    `aws:cognito/userInGroup:UserInGroup ${u.name}-membership`,
  ]);
}

function only(plan: Plan, type: string, name: string): PlannedResource {
  const found = plan.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).to.have.length(1);
  return found[0];
}

describe("tenancy program (mock engine)", () => {
  let example: Plan;
  before(async () => {
    example = await planFor(EXAMPLE);
  });

  describe("TenantPlatform", () => {
    it("creates the shared platform once, every child parented by the component", () => {
      const platform = only(example, "tenancy:index:TenantPlatform", "dev");
      const children = example.resources
        .filter((r) => r.parent === platform.urn)
        .map((r) => `${r.type} ${r.name}`);
      expect(children.sort()).to.deep.equal([
        "aws:cognito/userPool:UserPool dev-users",
        "aws:cognito/userPoolClient:UserPoolClient dev-app",
        "aws:dynamodb/table:Table dev-data",
        "aws:iam/role:Role dev-workload",
        "aws:iam/rolePolicy:RolePolicy dev-workload-become-tenant",
        "aws:s3/bucket:Bucket dev-data",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls dev-data-ownership",
        "aws:s3/bucketPolicy:BucketPolicy dev-data-tls-only",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock dev-data-public-access",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration dev-data-encryption",
        "aws:s3/bucketVersioning:BucketVersioning dev-data-versioning",
      ]);
    });

    it("protects the data stores and the bucket's guards from deletion and retains them on delete", () => {
      const guarded = example.resources.filter((r) => r.protect || r.retainOnDelete);
      expect(guarded.map((r) => [r.type, r.protect, r.retainOnDelete])).to.have.deep.members([
        ["aws:cognito/userPool:UserPool", true, true],
        ["aws:dynamodb/table:Table", true, true],
        ["aws:s3/bucket:Bucket", true, true],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", true, true],
        ["aws:s3/bucketPolicy:BucketPolicy", true, true],
        [
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          true,
          true,
        ],
        ["aws:s3/bucketVersioning:BucketVersioning", true, true],
        ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", true, true],
      ]);
    });

    it("configures the table with pk/sk, on-demand billing, PITR, encryption and deletion protection", () => {
      expect(only(example, "aws:dynamodb/table:Table", "dev-data").inputs).to.deep.include({
        name: "dev-tenant-data",
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
      });
    });

    it("blocks public access, encrypts, versions, enforces bucket ownership and TLS on the bucket", () => {
      expect(
        only(
          example,
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "dev-data-public-access",
        ).inputs,
      ).to.deep.include({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(
        only(
          example,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "dev-data-encryption",
        ).inputs.rules,
      ).to.deep.equal([
        // SSE-S3: a bucket key would have no effect.
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
      expect(
        only(example, "aws:s3/bucketVersioning:BucketVersioning", "dev-data-versioning").inputs
          .versioningConfiguration,
      ).to.deep.equal({ status: "Enabled" });
      expect(
        only(
          example,
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          "dev-data-ownership",
        ).inputs.rule,
      ).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
      const tlsOnly = JSON.parse(
        String(
          only(example, "aws:s3/bucketPolicy:BucketPolicy", "dev-data-tls-only").inputs.policy,
        ),
      );
      expect(tlsOnly.Statement[0].Condition).to.deep.equal({
        Bool: { "aws:SecureTransport": "false" },
      });
    });

    it("gives the user pool a mutable tenantId attribute that the app client may read but never write", () => {
      const pool = only(example, "aws:cognito/userPool:UserPool", "dev-users").inputs;
      expect(pool.schemas).to.deep.equal(TENANT_ID_SCHEMA);
      expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
      expect(pool.usernameConfiguration).to.deep.equal({ caseSensitive: false });
      const client = only(example, "aws:cognito/userPoolClient:UserPoolClient", "dev-app").inputs;
      expect(client.readAttributes).to.include("custom:tenantId");
      expect(client.writeAttributes).to.deep.equal(["email", "name"]);
    });

    it("adds Bedrock invocation logging only when the stack asks for it", async () => {
      const types = (await planFor([], { bedrockInvocationLogging: true })).resources.map(
        (r) => r.type,
      );
      expect(types).to.include.members([
        "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
        "aws:cloudwatch/logGroup:LogGroup",
      ]);
      expect(example.resources.map((r) => r.type)).not.to.include(
        "aws:cloudwatch/logGroup:LogGroup",
      );
    });
  });

  describe("Tenant", () => {
    it("gives each example tenant exactly its role, policy, group, admins and profiles", () => {
      const perTenant = Object.fromEntries(
        example.tenants.map((t) => [t.id, t.resources.map((r) => `${r.type} ${r.name}`).sort()]),
      );
      expect(perTenant).to.deep.equal({
        acme: [
          "aws:bedrock/inferenceProfile:InferenceProfile acme-profile-amazon-nova-lite-v1-0",
          "aws:bedrock/inferenceProfile:InferenceProfile acme-profile-amazon-titan-text-express-v1",
          "aws:cognito/user:User admin-368ba384",
          "aws:cognito/user:User admin-6ea64b68",
          "aws:cognito/userGroup:UserGroup acme-group",
          "aws:cognito/userInGroup:UserInGroup admin-368ba384-membership",
          "aws:cognito/userInGroup:UserInGroup admin-6ea64b68-membership",
          "aws:iam/role:Role acme-role",
          "aws:iam/rolePolicy:RolePolicy acme-data-access",
        ],
        "globex-eu": [
          "aws:bedrock/inferenceProfile:InferenceProfile globex-eu-profile-amazon-nova-lite-v1-0",
          "aws:cognito/user:User admin-013ceae3",
          "aws:cognito/userGroup:UserGroup globex-eu-group",
          "aws:cognito/userInGroup:UserInGroup admin-013ceae3-membership",
          "aws:iam/role:Role globex-eu-role",
          "aws:iam/rolePolicy:RolePolicy globex-eu-data-access",
        ],
        initech: [
          "aws:cognito/user:User admin-210eebd7",
          "aws:cognito/userGroup:UserGroup initech-group",
          "aws:cognito/userInGroup:UserInGroup admin-210eebd7-membership",
          "aws:iam/role:Role initech-role",
          "aws:iam/rolePolicy:RolePolicy initech-data-access",
        ],
        // Pooled: everything but a role, which its shard provides.
        wonka: [
          "aws:bedrock/inferenceProfile:InferenceProfile wonka-profile-amazon-nova-lite-v1-0",
          "aws:cognito/user:User admin-bf41d308",
          "aws:cognito/userGroup:UserGroup wonka-group",
          "aws:cognito/userInGroup:UserInGroup admin-bf41d308-membership",
        ],
      });
    });

    it("names the component after the tenant id so the URN carries the tenant", () => {
      expect(only(example, "aws:iam/role:Role", "acme-role").urn).to.equal(
        "urn:pulumi:dev::tenancy::tenancy:index:Tenant$aws:iam/role:Role::acme-role",
      );
    });

    it("creates the tenant role under /tenants/, tagged, trusting only the workload role", () => {
      const role = only(example, "aws:iam/role:Role", "acme-role").inputs;
      expect(role).to.deep.include({
        name: "dev-tenant-acme",
        path: "/tenants/",
        maxSessionDuration: 3600,
        tags: { tenantId: "acme" },
      });
      expect(JSON.parse(String(role.assumeRolePolicy))).to.deep.equal(
        tenantTrustPolicy({ tenantId: "acme", platform: PLATFORM }),
      );
    });

    it("creates each tenant role only after the workload role its trust policy names", () => {
      const workload = only(example, "aws:iam/role:Role", "dev-workload");
      for (const spec of DEDICATED) {
        const role = only(example, "aws:iam/role:Role", `${spec.id}-role`);
        expect(role.dependencies, spec.id).to.include(workload.urn);
      }
    });

    it("attaches exactly the builder's policy document to each tenant role", () => {
      for (const spec of DEDICATED) {
        const policy = only(
          example,
          "aws:iam/rolePolicy:RolePolicy",
          `${spec.id}-data-access`,
        ).inputs;
        expect(policy.role).to.equal(`dev-tenant-${spec.id}`);
        expect(JSON.parse(String(policy.policy))).to.deep.equal(
          tenantRolePolicy({
            tenantId: spec.id,
            status: spec.status,
            models: spec.models,
            platform: PLATFORM,
          }),
        );
      }
    });

    it("creates the tenant-<id> group and one enabled admin user per email, with custom:tenantId, in the group", () => {
      expect(only(example, "aws:cognito/userGroup:UserGroup", "acme-group").inputs.name).to.equal(
        "tenant-acme",
      );
      const user = only(example, "aws:cognito/user:User", "admin-368ba384").inputs;
      expect(user).to.deep.include({
        username: "ops@acme.example",
        enabled: true,
        attributes: { email: "ops@acme.example", email_verified: "true", tenantId: "acme" },
      });
      expect(
        only(example, "aws:cognito/userInGroup:UserInGroup", "admin-368ba384-membership").inputs,
      ).to.deep.include({
        username: "ops@acme.example",
        groupName: "tenant-acme",
      });
    });

    it("creates one tagged application inference profile per allowed model, copied from the foundation model", () => {
      const profile = only(
        example,
        "aws:bedrock/inferenceProfile:InferenceProfile",
        "acme-profile-amazon-nova-lite-v1-0",
      ).inputs;
      expect(profile).to.deep.include({
        name: "dev-acme-amazon-nova-lite-v1-0",
        modelSource: {
          copyFrom: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
        },
        description: "Bedrock amazon.nova-lite-v1:0 for tenant acme",
        tags: { tenantId: "acme", tenancyStack: "dev" },
      });
    });

    it("copies a cross-Region profile id's application profile from the system profile, and grants its destination Regions", async () => {
      const PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
      const plan = await runPlan(
        () =>
          deployTenancy({ ...TEST_SETTINGS, region: "us-east-2" }, [
            tenant("acme", { models: [PROFILE] }),
          ]),
        { cloud: { accountId: "123456789012", region: "us-east-2", partition: "aws" } },
      );
      const profile = only(
        plan,
        "aws:bedrock/inferenceProfile:InferenceProfile",
        "acme-profile-us-anthropic-claude-3-haiku-20240307-v1-0",
      ).inputs;
      const policy = JSON.parse(
        String(only(plan, "aws:iam/rolePolicy:RolePolicy", "acme-data-access").inputs.policy),
      );

      expect(profile.modelSource).to.deep.equal({
        copyFrom: `arn:aws:bedrock:us-east-2:123456789012:inference-profile/${PROFILE}`,
      });
      expect(policy).to.deep.equal(
        tenantRolePolicy({
          tenantId: "acme",
          status: "active",
          models: [PROFILE],
          platform: {
            ...PLATFORM,
            region: "us-east-2",
            bucketName: "dev-data-123456789012-us-east-2",
          },
        }),
      );
      expect(
        policy.Statement.find((s: { Sid: string }) => s.Sid === "ModelsOnlyThroughProfiles")
          .Resource,
      ).to.have.length(4);
    });

    it("keeps inference profile names within Bedrock's 64 characters for long ids", async () => {
      const longId = "a".repeat(50);
      const plan = await planFor([tenant(longId)]);
      const [profile] = plan.resources.filter(
        (r) => r.type === "aws:bedrock/inferenceProfile:InferenceProfile",
      );
      expect(String(profile.inputs.name))
        .to.have.length.at.most(64)
        .and.match(/^dev-a+-[0-9a-f]{8}$/);
    });

    it("disables a suspended tenant's admins and keeps its role and data prefixes", () => {
      const initech = example.tenants.find((t) => t.id === "initech");
      expect(initech).to.deep.include({
        adminsEnabled: false,
        keyPrefix: "initech#",
        s3Prefix: "tenants/initech/",
      });
      expect(only(example, "aws:cognito/user:User", "admin-210eebd7").inputs.enabled).to.equal(
        false,
      );
    });

    it("exports per tenant its role ARN, group, key prefix, S3 prefix and profiles, plus the shared names", () => {
      const outputs = example.outputs as Record<string, any>;
      expect(Object.keys(outputs).sort()).to.deep.equal([
        "bucketName",
        "inferenceProfiles",
        "runtimeEnvironment",
        "tableName",
        "tenantRoles",
        "tenants",
        "userPoolClientId",
        "userPoolId",
        "workloadRoleArn",
      ]);
      expect(outputs.tableName).to.equal("dev-tenant-data");
      expect(outputs.bucketName).to.equal("dev-data-123456789012-us-east-1");
      const acme = outputs.tenants.acme;
      expect(acme).to.deep.include({
        isolation: "dedicated",
        roleArn: "arn:aws:iam::123456789012:role/tenants/dev-tenant-acme",
        group: "tenant-acme",
        keyPrefix: "acme#",
        s3Prefix: "tenants/acme/",
      });
      expect(Object.keys(acme.inferenceProfiles)).to.deep.equal([
        "amazon.nova-lite-v1:0",
        "amazon.titan-text-express-v1",
      ]);
    });
  });

  describe("a first pulumi up, and every later edit", () => {
    it("pins the inputs AWS can never change on the protected stores", () => {
      // Schema, username settings and key schema are fixed at creation, and the stores are
      // protected and retained under fixed names: any edit here could never be deployed.
      const pool = only(example, "aws:cognito/userPool:UserPool", "dev-users").inputs;
      expect({
        name: pool.name,
        usernameAttributes: pool.usernameAttributes,
        usernameConfiguration: pool.usernameConfiguration,
        schemas: pool.schemas,
      }).to.deep.equal({
        name: "dev-users",
        usernameAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        schemas: TENANT_ID_SCHEMA,
      });
      const table = only(example, "aws:dynamodb/table:Table", "dev-data").inputs;
      expect([table.name, table.hashKey, table.rangeKey, table.attributes]).to.deep.equal([
        "dev-tenant-data",
        "pk",
        "sk",
        [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
      ]);
    });

    it("pins the user pool's feature plan and sends invitations through Cognito by default", () => {
      const pool = only(example, "aws:cognito/userPool:UserPool", "dev-users").inputs;
      expect(pool.userPoolTier).to.equal("ESSENTIALS");
      expect(pool.emailConfiguration).to.deep.equal({ emailSendingAccount: "COGNITO_DEFAULT" });
    });

    it("sends invitations through the operator's SES identity when the stack says so", async () => {
      const plan = await planFor([tenant("acme")], {
        invitations: {
          channel: "ses",
          sesSourceArn: "arn:aws:ses:us-east-1:123456789012:identity/platform.example",
          fromEmailAddress: "no-reply@platform.example",
        },
        userPoolTier: "LITE",
      });
      const pool = only(plan, "aws:cognito/userPool:UserPool", "dev-users").inputs;
      expect(pool.userPoolTier).to.equal("LITE");
      expect(pool.emailConfiguration).to.deep.equal({
        emailSendingAccount: "DEVELOPER",
        sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/platform.example",
        fromEmailAddress: "no-reply@platform.example",
      });
    });

    it("invites no admin of a suspended tenant, and none at all when invitations are suppressed", async () => {
      const users = (plan: Plan) =>
        plan.resources
          .filter((r) => r.type === "aws:cognito/user:User")
          .map((r) => [r.inputs.username, r.inputs.messageAction ?? "invite"]);
      expect(users(example)).to.have.deep.members([
        ["ops@acme.example", "invite"],
        ["cto@acme.example", "invite"],
        ["admin@globex.example", "invite"],
        ["bill.lumbergh@initech.example", "SUPPRESS"],
        ["charlie@wonka.example", "invite"],
      ]);
      const suppressed = await planFor([tenant("acme")], { invitations: { channel: "suppress" } });
      expect(users(suppressed)).to.deep.equal([["admin@acme.example", "SUPPRESS"]]);
    });

    it("moves an admin between tenants as an update of one user, not a second user with the same name", async () => {
      const moving = "lead@shared.example";
      const before = await planFor([
        tenant("alpha", { admins: [moving] }),
        tenant("bravo", { admins: ["b@bravo.example"] }),
      ]);
      const after = await planFor([
        tenant("alpha", { admins: ["a@alpha.example"] }),
        tenant("bravo", { admins: ["b@bravo.example", moving] }),
      ]);
      const userOf = (plan: Plan) =>
        plan.resources.filter(
          (r) => r.type === "aws:cognito/user:User" && r.inputs.username === moving,
        );
      const membershipOf = (plan: Plan, user: PlannedResource) =>
        only(plan, "aws:cognito/userInGroup:UserInGroup", `${user.name}-membership`);
      const [was] = userOf(before);
      const [is] = userOf(after);
      expect(is.urn).to.equal(was.urn);
      expect([was.inputs.attributes, is.inputs.attributes]).to.deep.equal([
        { email: moving, email_verified: "true", tenantId: "alpha" },
        { email: moving, email_verified: "true", tenantId: "bravo" },
      ]);
      expect(membershipOf(after, is).urn).to.equal(membershipOf(before, was).urn);
      expect(membershipOf(after, is).inputs.groupName).to.equal("tenant-bravo");
    });

    it("keys an admin by the lower-cased email, so a change of case changes nothing", async () => {
      const before = await planFor([tenant("alpha", { admins: ["Lead@Alpha.example"] })]);
      const after = await planFor([tenant("alpha", { admins: ["lead@alpha.example"] })]);
      expect(after.resources.map((r) => [r.urn, r.inputs])).to.deep.equal(
        before.resources.map((r) => [r.urn, r.inputs]),
      );
      expect(
        after.resources.find((r) => r.type === "aws:cognito/user:User")?.inputs.username,
      ).to.equal("lead@alpha.example");
    });

    it("deletes before replacing users, memberships and inference profiles, whose names are unique", () => {
      const replacedFirst = example.resources
        .filter((r) => r.deleteBeforeReplace)
        .map((r) => r.type);
      expect([...new Set(replacedFirst)].sort()).to.deep.equal([
        "aws:bedrock/inferenceProfile:InferenceProfile",
        "aws:cognito/user:User",
        "aws:cognito/userInGroup:UserInGroup",
      ]);
      expect(replacedFirst).to.have.length(5 + 5 + 4);
    });

    it("names each tenant's inline policy <id>-data-access", () => {
      expect(
        example.resources
          .filter(
            (r) =>
              r.type === "aws:iam/rolePolicy:RolePolicy" &&
              r.parent?.includes("tenancy:index:Tenant::"),
          )
          .map((r) => r.inputs.name),
      ).to.have.members(["acme-data-access", "globex-eu-data-access", "initech-data-access"]);
    });

    it("gives the workload role no AWS-managed policy: its logs permission names its own functions", () => {
      expect(
        example.resources.filter(
          (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        ),
      ).to.deep.equal([]);
    });

    it("gives two stacks with one name prefix, or one stack in two regions, disjoint account-global names", async () => {
      const accountGlobalNames = async (stack: string, region: string) => {
        const settings = readStackSettings({ get: () => undefined }, { stack, region });
        const plan = await runPlan(() => deployTenancy(settings, [tenant("acme")]), {
          stack,
          cloud: { accountId: "123456789012", partition: "aws", region },
        });
        return plan.resources.flatMap((r) => {
          if (r.type === "aws:iam/role:Role") return [`role ${String(r.inputs.name)}`];
          if (r.type === "aws:s3/bucket:Bucket") return [`bucket ${String(r.inputs.bucket)}`];
          return [];
        });
      };
      const devEu = await accountGlobalNames("dev", "eu-west-1");
      const stagingEu = await accountGlobalNames("staging", "eu-west-1");
      const devUs = await accountGlobalNames("dev", "us-east-1");
      expect(devEu).to.have.members([
        "role tenancy-dev-euw1-workload",
        "role tenancy-dev-euw1-tenant-acme",
        "bucket tenancy-dev-euw1-data-123456789012-eu-west-1",
      ]);
      expect(devEu.filter((n) => stagingEu.includes(n) || devUs.includes(n))).to.deep.equal([]);
      expect(stagingEu.filter((n) => devUs.includes(n))).to.deep.equal([]);
    });

    it("protects and retains the Bedrock invocation log group: its records are per-tenant usage data", async () => {
      const plan = await planFor([], {
        bedrockInvocationLogging: true,
      });
      const logGroup = only(plan, "aws:cloudwatch/logGroup:LogGroup", "dev-bedrock-invocations");
      expect([logGroup.inputs.name, logGroup.protect, logGroup.retainOnDelete]).to.deep.equal([
        "/dev/bedrock/invocations",
        true,
        true,
      ]);
    });

    it("adopts the stores a destroyed stack retained when importRetained is set, and only then", async () => {
      expect(example.resources.filter((r) => r.importId !== undefined)).to.deep.equal([]);
      const plan = await planFor([tenant("acme")], {
        bedrockInvocationLogging: true,
        importRetained: {
          userPoolId: "us-east-1_AbC123",
          accountId: "123456789012",
          bedrockLogGroup: true,
        },
      });
      const bucket = "dev-data-123456789012-us-east-1";
      expect(
        plan.resources
          .filter((r) => r.importId !== undefined)
          .map((r) => [r.type, r.importId, r.protect]),
      ).to.have.deep.members([
        ["aws:cognito/userPool:UserPool", "us-east-1_AbC123", true],
        ["aws:dynamodb/table:Table", "dev-tenant-data", true],
        ["aws:s3/bucket:Bucket", bucket, true],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket, true],
        [
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          bucket,
          true,
        ],
        ["aws:s3/bucketVersioning:BucketVersioning", bucket, true],
        ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket, true],
        ["aws:s3/bucketPolicy:BucketPolicy", bucket, true],
        ["aws:cloudwatch/logGroup:LogGroup", "/dev/bedrock/invocations", true],
      ]);
    });
    it("leaves the log group out of an import unless the destroyed stack had logging on", async () => {
      const plan = await planFor([], {
        bedrockInvocationLogging: true,
        importRetained: {
          userPoolId: "us-east-1_AbC123",
          accountId: "123456789012",
          bedrockLogGroup: false,
        },
      });
      expect(
        only(plan, "aws:cloudwatch/logGroup:LogGroup", "dev-bedrock-invocations").importId,
      ).to.equal(undefined);
    });
  });

  describe("runtimeEnvironment output", () => {
    it("is exactly what the runtime's fromEnv() needs to reach each tenant's role and profiles", () => {
      const outputs = example.outputs as Record<string, any>;
      const config = fromEnv({ AWS_REGION: "us-east-1", ...outputs.runtimeEnvironment });
      expect(config).to.deep.include({
        userPoolId: outputs.userPoolId,
        clientId: outputs.userPoolClientId,
        tableName: "dev-tenant-data",
        bucketName: "dev-data-123456789012-us-east-1",
      });
      // With a pooled tenant the naming rule no longer places every id: the runtime gets the map.
      const names = { accountId: "123456789012", namePrefix: "dev" };
      expect(config.tenantRole).to.deep.equal({
        roles: {
          ...Object.fromEntries(
            DEDICATED.map((spec) => [spec.id, tenantRoleArn({ ...names, tenantId: spec.id })]),
          ),
          wonka: pooledRoleArn({
            ...names,
            shard: pooledShardOf("wonka", TEST_SETTINGS.pooledShards),
          }),
        },
      });
      for (const [id, tenantOutputs] of Object.entries<any>(outputs.tenants)) {
        expect((config.tenantRole as { roles: Record<string, string> }).roles[id]).to.equal(
          tenantOutputs.roleArn,
        );
        expect((config.inferenceProfiles as Record<string, unknown>)[id]).to.deep.equal(
          tenantOutputs.inferenceProfiles,
        );
      }
    });
  });

  describe("secondary indexes (tenancy:indexes)", () => {
    const INDEXES = [
      { name: "byOwner", partitionKey: "ownerKey", projection: "KEYS_ONLY" as const },
      {
        name: "byStatus",
        partitionKey: "statusKey",
        sortKey: "createdAt",
        projection: ["title"],
      },
    ];
    let indexed: Plan;
    before(async () => {
      indexed = await planFor(EXAMPLE, { indexes: INDEXES });
    });

    it("gives the table each declared index, its key attributes defined as strings", () => {
      expect(only(indexed, "aws:dynamodb/table:Table", "dev-data").inputs).to.deep.include({
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
          { name: "ownerKey", type: "S" },
          { name: "statusKey", type: "S" },
          { name: "createdAt", type: "S" },
        ],
        globalSecondaryIndexes: [
          {
            name: "byOwner",
            keySchemas: [{ attributeName: "ownerKey", keyType: "HASH" }],
            projectionType: "KEYS_ONLY",
          },
          {
            name: "byStatus",
            keySchemas: [
              { attributeName: "statusKey", keyType: "HASH" },
              { attributeName: "createdAt", keyType: "RANGE" },
            ],
            projectionType: "INCLUDE",
            nonKeyAttributes: ["title"],
          },
        ],
      });
    });

    it("grants each tenant exactly the declared index ARNs, under the same LeadingKeys condition", () => {
      const policy = JSON.parse(
        String(only(indexed, "aws:iam/rolePolicy:RolePolicy", "acme-data-access").inputs.policy),
      );
      expect(policy.Statement[0]).to.deep.include({
        Sid: "OwnItemsOnly",
        Resource: [
          "arn:aws:dynamodb:us-east-1:123456789012:table/dev-tenant-data",
          "arn:aws:dynamodb:us-east-1:123456789012:table/dev-tenant-data/index/byOwner",
          "arn:aws:dynamodb:us-east-1:123456789012:table/dev-tenant-data/index/byStatus",
        ],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      });
    });

    it("refuses an index that sk partitions when a program passes it to TenantPlatform without the stack setting", async () => {
      let caught: unknown;
      try {
        await planFor(EXAMPLE, {
          indexes: [{ name: "bySk", partitionKey: "sk", projection: "ALL" }],
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ConfigError);
      expect((caught as ConfigError).message).to.match(
        /^tenancy:indexes: index "bySk": partitionKey sk is the table's sort key, stored without the tenant prefix/,
      );
    });

    it("tells the runtime the indexes through runtimeEnvironment, in the compact form", () => {
      const outputs = indexed.outputs as Record<string, any>;
      expect(outputs.runtimeEnvironment.TENANCY_INDEXES).to.equal(
        "byOwner:ownerKey,byStatus:statusKey:createdAt",
      );
      expect(
        fromEnv({ AWS_REGION: "us-east-1", ...outputs.runtimeEnvironment }).indexes,
      ).to.deep.equal([
        { name: "byOwner", partitionKey: "ownerKey" },
        { name: "byStatus", partitionKey: "statusKey", sortKey: "createdAt" },
      ]);
      expect((example.outputs as Record<string, any>).runtimeEnvironment).to.not.have.property(
        "TENANCY_INDEXES",
      );
    });
  });

  describe("changes to tenants.json", () => {
    const a = tenant("alpha");
    const b = tenant("bravo", { models: [] });
    const c = tenant("charlie", { admins: ["one@charlie.example", "two@charlie.example"] });

    it("reordering tenants changes no URN and no input", async () => {
      const before = await planFor([a, b, c]);
      const after = await planFor([c, a, b]);
      expect(urns(after)).to.deep.equal(urns(before));
      const beforeByUrn = byUrn(before);
      for (const resource of after.resources) {
        expect(resource.inputs, resource.urn).to.deep.equal(beforeByUrn.get(resource.urn)?.inputs);
      }
    });

    it("adding a tenant only adds that tenant's resources", async () => {
      const before = await planFor([a, b]);
      const after = await planFor([a, b, c]);
      const beforeByUrn = byUrn(before);
      const added = after.resources.filter((r) => !beforeByUrn.has(r.urn));
      const charlie = tenantUrns(after, "charlie");
      expect(added.every((r) => charlie.has(r.urn) || r.name === "charlie")).to.equal(true);
      expect(added.map((r) => r.type).sort()).to.deep.equal([
        "aws:bedrock/inferenceProfile:InferenceProfile",
        "aws:cognito/user:User",
        "aws:cognito/user:User",
        "aws:cognito/userGroup:UserGroup",
        "aws:cognito/userInGroup:UserInGroup",
        "aws:cognito/userInGroup:UserInGroup",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "tenancy:index:Tenant",
      ]);
      for (const resource of before.resources) {
        expect(byUrn(after).get(resource.urn)?.inputs, resource.urn).to.deep.equal(resource.inputs);
      }
    });

    it("removing a tenant removes only its role, policy, group, users and profiles, never shared data", async () => {
      const before = await planFor([a, b, c]);
      const after = await planFor([a, b]);
      const afterUrns = new Set(urns(after));
      const removed = before.resources.filter((r) => !afterUrns.has(r.urn));
      expect(removed.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal(
        [
          "aws:bedrock/inferenceProfile:InferenceProfile charlie-profile-anthropic-claude-3-haiku-20240307-v1-0",
          ...removedAdmins(before, "charlie"),
          "aws:cognito/userGroup:UserGroup charlie-group",
          "aws:iam/role:Role charlie-role",
          "aws:iam/rolePolicy:RolePolicy charlie-data-access",
          "tenancy:index:Tenant charlie",
        ].sort(),
      );
      for (const kept of [
        "aws:dynamodb/table:Table",
        "aws:s3/bucket:Bucket",
        "aws:cognito/userPool:UserPool",
      ]) {
        expect(after.resources.filter((r) => r.type === kept)).to.have.length(1);
      }
    });

    it("suspending a tenant changes only its policy and its users", async () => {
      const before = await planFor([a, b]);
      const after = await planFor([a, { ...b, status: "suspended" } satisfies TenantSpec]);
      const beforeByUrn = byUrn(before);
      const changed = after.resources
        .filter((r) => JSON.stringify(r.inputs) !== JSON.stringify(beforeByUrn.get(r.urn)?.inputs))
        .map((r) => r.name);
      expect(changed.sort()).to.deep.equal(["admin-8788c54f", "bravo-data-access"]);
    });
  });
});
