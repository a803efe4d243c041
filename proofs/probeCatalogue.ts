import {
  pooledRoleArn,
  TENANT_TAG_KEY,
  tenantKeyPrefix,
  tenantRoleArn,
  tenantS3Prefix,
} from "@tenancy/runtime/naming";
import {
  bucketArn,
  foundationModelArn,
  roleArn as iamRoleArn,
  tableArn,
  tableIndexArn,
} from "../components/policies/arns";
import { KNOWN_MODELS } from "../components/knownModels";
import { modelResourceArns } from "../components/policies/modelArns";
import { STACK_TAG_KEY } from "../components/policies/tenantRolePolicy";
import {
  crossRegionDestinations,
  foundationModelOf,
  isSystemInferenceProfileId,
} from "../components/crossRegionProfiles";
import type { Probe, ProbeRequest } from "./probe";
import { sessionArnOf } from "./sessionArn";
import { type CatalogueContext, END_USER, kebab, sessionProbes } from "./sessionProbes";
import { tenantResourceProbes } from "./tenantResourceProbes";
import { tierSetsOf } from "./tierSets";

const RESOURCE_TAG = `aws:ResourceTag/${TENANT_TAG_KEY}`;
const REQUEST_TAG = `aws:RequestTag/${TENANT_TAG_KEY}`;
const STACK_RESOURCE_TAG = `aws:ResourceTag/${STACK_TAG_KEY}`;
/** An account that is not the platform's: same names there must not count. */
const FOREIGN_ACCOUNT = "999999999999";
/** Allows everything: a caller this strong must still be stopped by T's trust policy alone. */
const ADMIN_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
/**
 * Models tried as "not granted to T": the first one T declares neither itself nor through a
 * cross-Region profile (whose foundation model T's profile reaches) is used.
 */
const UNLISTED_MODELS = [
  "amazon.nova-pro-v1:0",
  "meta.llama3-8b-instruct-v1:0",
  ...KNOWN_MODELS.foundationModels,
];
const DEFAULT_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
/** Regions tried as "not a destination" of a cross-Region model; the first one that is not is used. */
const OTHER_REGIONS = ["eu-west-1", "ap-northeast-1", "us-east-1"];

export type { CatalogueContext } from "./sessionProbes";

/** The fixed probe set for one tenant: its size depends on T's models, never on the tenant count. */
export function probesFor(ctx: CatalogueContext): Probe[] {
  return [
    ...dynamoDbProbes(ctx),
    ...s3Probes(ctx),
    ...bedrockProbes(ctx),
    ...escalationProbes(ctx),
    ...trustProbes(ctx),
    ...tenantResourceProbes(ctx),
  ];
}

function dynamoDbProbes(ctx: CatalogueContext): Probe[] {
  const { own, never, request } = sessionProbes(ctx);
  const t = ctx.tenant.tenantId;
  const table = tableArn(ctx.platform);
  // An index the stack does not declare: the policy names declared indexes only.
  const index = `${table}/index/probe-index`;
  const key = (id: string, record = "r1") => `${tenantKeyPrefix(id)}${record}`;
  const keys = (...values: string[]) => ({ "dynamodb:LeadingKeys": values });
  const [other] = ctx.representatives;
  const probes: Probe[] = [
    ...["GetItem", "PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem", "Query"].map(
      (action) =>
        own(
          `dynamodb.${kebab(action)}.own`,
          request(`dynamodb:${action}`, table, keys(key(t))),
          `T's runtime ${action} on T's own partition key`,
        ),
    ),
    ...["BatchGetItem", "BatchWriteItem"].map((action) =>
      own(
        `dynamodb.${kebab(action)}.own`,
        request(`dynamodb:${action}`, table, keys(key(t, "r1"), key(t, "r2"))),
        `T's runtime ${action} over several of T's own keys`,
      ),
    ),
  ];
  for (const rep of ctx.representatives) {
    for (const action of ["GetItem", "PutItem", "Query"]) {
      probes.push(
        never(
          `dynamodb.${kebab(action)}.${rep.role}`,
          request(`dynamodb:${action}`, table, keys(key(rep.id))),
          `${action} on ${rep.role} tenant "${rep.id}"'s key ${key(rep.id)}`,
        ),
      );
    }
  }
  if (other !== undefined) {
    for (const action of ["BatchGetItem", "BatchWriteItem"]) {
      probes.push(
        never(
          `dynamodb.${kebab(action)}.mixed`,
          request(`dynamodb:${action}`, table, keys(key(t), key(other.id))),
          `a batch mixing T's key with "${other.id}"'s key (ForAnyValue would let it through)`,
        ),
      );
    }
    probes.push(
      never(
        "dynamodb.get-item.smuggled",
        request("dynamodb:GetItem", table, keys(`${tenantKeyPrefix(other.id)}${key(t)}`)),
        `T's prefix smuggled inside "${other.id}"'s key`,
      ),
    );
  }
  probes.push(
    never(
      "dynamodb.get-item.no-leading-key",
      request("dynamodb:GetItem", table),
      "an item request carrying no leading key at all",
    ),
    never(
      "dynamodb.scan.table",
      request("dynamodb:Scan", table),
      "Scan reads every tenant's items",
    ),
    never(
      "dynamodb.scan.index",
      request("dynamodb:Scan", index),
      "Scan of a secondary index reads every tenant's items",
    ),
    never(
      "dynamodb.query.undeclared-index",
      request("dynamodb:Query", index, keys(key(t))),
      "a query of an index the stack does not declare, whose partition key nothing scopes to T",
    ),
    ...["PartiQLSelect", "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"].map((action) =>
      never(
        `dynamodb.${kebab(action)}.table`,
        request(`dynamodb:${action}`, table),
        `${action} carries no leading keys`,
      ),
    ),
    never(
      "dynamodb.export-table.table",
      request("dynamodb:ExportTableToPointInTime", table),
      "an export copies every tenant's items",
    ),
  );
  // On an index query IAM checks LeadingKeys against the index's own partition key, which the
  // runtime stores as `T#<value>` like pk.
  for (const name of ctx.platform.indexNames ?? []) {
    const declared = tableIndexArn(ctx.platform, name);
    probes.push(
      own(
        `dynamodb.query.own[index ${name}]`,
        request("dynamodb:Query", declared, keys(key(t))),
        `T's runtime queries T's own partition of index ${name}`,
      ),
      ...ctx.representatives.map((rep) =>
        never(
          `dynamodb.query.${rep.role}[index ${name}]`,
          request("dynamodb:Query", declared, keys(key(rep.id))),
          `a query of ${rep.role} tenant "${rep.id}"'s partition ${key(rep.id)} of index ${name}`,
        ),
      ),
      never(
        `dynamodb.query.no-leading-key[index ${name}]`,
        request("dynamodb:Query", declared),
        `a query of index ${name} carrying no leading key`,
      ),
      never(
        `dynamodb.scan[index ${name}]`,
        request("dynamodb:Scan", declared),
        `Scan of index ${name} reads every tenant's items`,
      ),
    );
  }
  return probes;
}

function s3Probes(ctx: CatalogueContext): Probe[] {
  const { own, never, request } = sessionProbes(ctx);
  const t = ctx.tenant.tenantId;
  const bucket = bucketArn(ctx.platform);
  const object = (key: string) => `${bucket}/${key}`;
  const ownKey = `${tenantS3Prefix(t)}probe.txt`;
  const prefix = (value: string) => ({ "s3:prefix": value });
  const [other] = ctx.representatives;
  const probes: Probe[] = [
    ...["GetObject", "PutObject", "DeleteObject", "AbortMultipartUpload"].map((action) =>
      own(
        `s3.${kebab(action)}.own`,
        request(`s3:${action}`, object(ownKey)),
        `T's runtime ${action} under ${tenantS3Prefix(t)}`,
      ),
    ),
    own(
      "s3.list-bucket.own",
      request("s3:ListBucket", bucket, prefix(tenantS3Prefix(t))),
      "T lists its own prefix",
    ),
    own(
      "s3.list-bucket.own-folder",
      request("s3:ListBucket", bucket, prefix(`${tenantS3Prefix(t)}reports/`)),
      "T lists a folder under its prefix",
    ),
  ];
  for (const rep of ctx.representatives) {
    const theirs = `${tenantS3Prefix(rep.id)}probe.txt`;
    probes.push(
      never(
        `s3.get-object.${rep.role}`,
        request("s3:GetObject", object(theirs)),
        `reading ${rep.role} tenant "${rep.id}"'s object ${theirs}`,
      ),
      never(
        `s3.put-object.${rep.role}`,
        request("s3:PutObject", object(theirs)),
        `writing ${rep.role} tenant "${rep.id}"'s object ${theirs}`,
      ),
      never(
        `s3.list-bucket.${rep.role}`,
        request("s3:ListBucket", bucket, prefix(tenantS3Prefix(rep.id))),
        `listing ${rep.role} tenant "${rep.id}"'s prefix ${tenantS3Prefix(rep.id)}`,
      ),
    );
  }
  if (other !== undefined) {
    const smuggled = `${tenantS3Prefix(other.id)}${ownKey}`;
    probes.push(
      never(
        "s3.get-object.smuggled",
        request("s3:GetObject", object(smuggled)),
        `T's prefix nested inside "${other.id}"'s: ${smuggled}`,
      ),
    );
  }
  probes.push(
    never(
      "s3.list-bucket.no-prefix",
      request("s3:ListBucket", bucket),
      "listing the whole bucket (no s3:prefix in the request)",
    ),
    never(
      "s3.list-bucket.empty-prefix",
      request("s3:ListBucket", bucket, prefix("")),
      "listing the bucket root: s3:prefix present but empty",
    ),
    never(
      "s3.list-bucket.all-tenants",
      request("s3:ListBucket", bucket, prefix("tenants/")),
      "listing every tenant's folder",
    ),
    never(
      "s3.list-bucket.without-slash",
      request("s3:ListBucket", bucket, prefix(`tenants/${t}`)),
      `prefix tenants/${t} without "/" also lists tenants/${t}-x/...`,
    ),
    never(
      "s3.get-object.outside-tenants",
      request("s3:GetObject", object("shared/config.json")),
      "objects outside tenants/ belong to nobody",
    ),
    never(
      "s3.put-bucket-policy.bucket",
      request("s3:PutBucketPolicy", bucket),
      "rewriting the shared bucket's policy",
    ),
  );
  return probes;
}

function bedrockProbes(ctx: CatalogueContext): Probe[] {
  const { own, never, request } = sessionProbes(ctx);
  const { platform, tenant } = ctx;
  const t = tenant.tenantId;
  const hasModels = tenant.models.length > 0;
  // Profile ids are generated by AWS; any id stands for "a profile", the tag says whose.
  const profile = (accountId = platform.accountId) =>
    `arn:${platform.partition}:bedrock:${platform.region}:${accountId}:application-inference-profile/probeprofile01`;
  // A profile tagged for tenant `id` by this stack; another stack's carry its own prefix.
  const tagged = (id: string, stack: string | null = platform.namePrefix) => ({
    [RESOURCE_TAG]: id,
    ...(stack === null ? {} : { [STACK_RESOURCE_TAG]: stack }),
  });
  const viaProfile = (profileArn: string) => ({ "bedrock:InferenceProfileArn": profileArn });
  const someModel = foundationModelOf(tenant.models[0] ?? DEFAULT_MODEL);
  const granted = new Set(tenant.models.map(foundationModelOf));
  // Undefined only for a tenant that declares every known model: nothing is left to try.
  const unlisted = UNLISTED_MODELS.find((model) => !granted.has(model));
  // A shard role grants Bedrock when any of its tenants has a model: a pooled tenant without
  // models could use a profile tagged with its own id, of which the stack creates none. Only the
  // dedicated tier proves "no profile at all" for such a tenant (see proofs/README.md).
  const ownProfileProbes = hasModels || ctx.tenant.isolation !== "pooled";
  const probes: Probe[] = [
    ...(ownProfileProbes
      ? [
          own(
            "bedrock.invoke-model.own-profile",
            request("bedrock:InvokeModel", profile(), tagged(t)),
            "T invokes its own inference profile",
            hasModels,
          ),
          own(
            "bedrock.invoke-model-stream.own-profile",
            request("bedrock:InvokeModelWithResponseStream", profile(), tagged(t)),
            "T streams from its own inference profile",
            hasModels,
          ),
        ]
      : []),
    ...tenant.models.flatMap((model) =>
      modelResourceArns(platform, model).map((resource) =>
        own(
          isSystemInferenceProfileId(model)
            ? `bedrock.invoke-model.through-own-profile[${model} ${resourceLabel(resource)}]`
            : `bedrock.invoke-model.through-own-profile[${model}]`,
          request("bedrock:InvokeModel", resource, viaProfile(profile())),
          `${resource}, reached through T's profile for ${model}`,
        ),
      ),
    ),
    ...tenant.models
      .filter(isSystemInferenceProfileId)
      .flatMap((model) => crossRegionProbes(model)),
  ];
  // A cross-Region model: each Region it routes to and its system profile are T's only through
  // T's profile, and a Region it does not route to is not T's at all.
  function crossRegionProbes(model: string): Probe[] {
    const regions = crossRegionDestinations(model, platform.region) ?? [];
    const outside = OTHER_REGIONS.find((region) => !regions.includes(region))!;
    const foundation = foundationModelOf(model);
    return [
      ...modelResourceArns(platform, model).map((resource) =>
        never(
          `bedrock.invoke-model.direct[${model} ${resourceLabel(resource)}]`,
          request("bedrock:InvokeModel", resource),
          `${resource} called directly, bypassing T's profile for ${model}`,
        ),
      ),
      never(
        `bedrock.invoke-model.outside-destinations[${model}]`,
        request(
          "bedrock:InvokeModel",
          foundationModelArn(platform, foundation, outside),
          viaProfile(profile()),
        ),
        `${foundation} in ${outside}, a Region ${model} does not route to from ${platform.region}`,
      ),
    ];
  }
  for (const rep of ctx.representatives) {
    probes.push(
      never(
        `bedrock.invoke-model.profile-${rep.role}`,
        request("bedrock:InvokeModel", profile(), tagged(rep.id)),
        `a profile tagged for ${rep.role} tenant "${rep.id}"`,
      ),
    );
  }
  probes.push(
    never(
      "bedrock.invoke-model.untagged-profile",
      request("bedrock:InvokeModel", profile(), { [STACK_RESOURCE_TAG]: platform.namePrefix }),
      "a profile of this stack with no tenantId tag",
    ),
    never(
      "bedrock.invoke-model.other-stack-profile",
      request("bedrock:InvokeModel", profile(), tagged(t, `${platform.namePrefix}-other`)),
      `a profile of another stack in the same account, tagged for a tenant "${t}" of its own`,
    ),
    never(
      "bedrock.invoke-model.no-stack-tag-profile",
      request("bedrock:InvokeModel", profile(), tagged(t, null)),
      `a profile tagged "${t}" that no stack of this project created`,
    ),
    never(
      "bedrock.invoke-model.other-account-profile",
      request("bedrock:InvokeModel", profile(FOREIGN_ACCOUNT), tagged(t)),
      "a profile in another account, even tagged with T",
    ),
    never(
      "bedrock.invoke-model.direct",
      request("bedrock:InvokeModel", foundationModelArn(platform, someModel)),
      `the foundation model ${someModel} called directly, bypassing the profile`,
    ),
    never(
      "bedrock.invoke-model.system-profile",
      request(
        "bedrock:InvokeModel",
        foundationModelArn(platform, someModel),
        viaProfile(
          `arn:${platform.partition}:bedrock:${platform.region}:${platform.accountId}:inference-profile/us.${someModel}`,
        ),
      ),
      "the model through a system-defined cross-region profile, which is untagged and shared",
    ),
  );
  if (unlisted !== undefined) {
    probes.push(
      never(
        "bedrock.invoke-model.unlisted-model",
        request(
          "bedrock:InvokeModel",
          foundationModelArn(platform, unlisted),
          viaProfile(profile()),
        ),
        `${unlisted} is not declared for T`,
      ),
    );
  }
  return probes;
}

function escalationProbes(ctx: CatalogueContext): Probe[] {
  const { never, request } = sessionProbes(ctx);
  const { platform, tenant, workload } = ctx;
  const probeRole = iamRoleArn(platform, "/", "escalation-probe");
  const probes: Probe[] = [
    never(
      "iam.put-role-policy.self",
      request("iam:PutRolePolicy", tenant.roleArn),
      "T rewriting its own permissions",
    ),
    never(
      "iam.attach-role-policy.self",
      request("iam:AttachRolePolicy", tenant.roleArn),
      "T attaching a managed policy to itself",
    ),
    never(
      "iam.update-assume-role-policy.self",
      request("iam:UpdateAssumeRolePolicy", tenant.roleArn),
      "T rewriting who may become T",
    ),
    never(
      "iam.create-role.any",
      request("iam:CreateRole", probeRole),
      "T creating a role of its own choosing",
    ),
    never(
      "iam.create-access-key.any",
      request(
        "iam:CreateAccessKey",
        `arn:${platform.partition}:iam::${platform.accountId}:user/escalation-probe`,
      ),
      "T minting long-lived keys",
    ),
    never(
      "iam.pass-role.workload",
      request("iam:PassRole", workload.roleArn),
      "T handing the workload role (which becomes any tenant) to a service",
    ),
    never(
      "sts.assume-role.workload",
      request("sts:AssumeRole", workload.roleArn),
      "T becoming the workload role",
    ),
  ];
  for (const rep of ctx.representatives) {
    const theirRole = tenantRoleArn({
      partition: platform.partition,
      accountId: platform.accountId,
      namePrefix: platform.namePrefix,
      tenantId: rep.id,
    });
    probes.push(
      never(
        `sts.assume-role.${rep.role}`,
        request("sts:AssumeRole", theirRole),
        `T becoming ${rep.role} tenant "${rep.id}"`,
      ),
    );
  }
  return probes;
}

function trustProbes(ctx: CatalogueContext): Probe[] {
  const { platform, tenant, workload } = ctx;
  const t = tenant.tenantId;
  const workloadSession = sessionArnOf(workload.roleArn, "function-probe");
  const tag = { [REQUEST_TAG]: t, "aws:TagKeys": [TENANT_TAG_KEY] };
  const user = { "sts:SourceIdentity": END_USER };
  const asExpected = { ...tag, ...user };
  const assume = (
    name: string,
    expect: Probe["expect"],
    context: ProbeRequest["context"],
    why: string,
    caller: { principal: string; policy: Readonly<Record<string, unknown>> } = {
      principal: workloadSession,
      policy: workload.identityPolicy,
    },
    action = "sts:AssumeRole",
  ): Probe => ({
    name,
    expect,
    documents: { kind: "trust", callerPolicy: caller.policy },
    request: { principal: caller.principal, action, resource: tenant.roleArn, context },
    why,
  });
  const neighbourRole = (id: string) =>
    tenantRoleArn({
      partition: platform.partition,
      accountId: platform.accountId,
      namePrefix: platform.namePrefix,
      tenantId: id,
    });
  const [other] = ctx.representatives;
  // Assuming with tags and a SourceIdentity needs all three actions allowed; denying
  // AssumeRole alone is enough to refuse the assumption.
  // A suspended pooled tenant's id leaves its shard's trust: no new session carries it. (A
  // suspended dedicated tenant keeps its trust; its role's policy denies everything.)
  const pooled = tenant.isolation === "pooled";
  const admitted = pooled && tenant.status === "suspended" ? "denied" : "allowed";
  const probes: Probe[] = [
    assume(
      "trust.assume-role.own-tag",
      admitted,
      asExpected,
      "the workload becomes T with T's tag and an end user",
    ),
    assume(
      "trust.tag-session.own-tag",
      admitted,
      asExpected,
      "the workload tags the session with T's id",
      undefined,
      "sts:TagSession",
    ),
    // Naming the user grants nothing alone; a shard of suspended tenants admits no call at all.
    ...(admitted === "allowed"
      ? [
          assume(
            "trust.set-source-identity.own",
            "allowed",
            asExpected,
            "the workload names the end user as SourceIdentity",
            undefined,
            "sts:SetSourceIdentity",
          ),
        ]
      : []),
  ];
  // A shard's trust admits its other active pooled tenants by design (each session then reaches
  // only its own tag's data, which the session probes prove): those ids are not T's to refuse.
  const admittedPeers =
    pooled && ctx.tiers !== undefined ? tierSetsOf(ctx.tiers).activePooled : new Set<string>();
  for (const rep of ctx.representatives.filter((r) => !admittedPeers.has(r.id))) {
    probes.push(
      assume(
        `trust.assume-role.tag-${rep.role}`,
        "denied",
        { ...asExpected, [REQUEST_TAG]: rep.id },
        `the session tagged for ${rep.role} tenant "${rep.id}"`,
      ),
    );
  }
  probes.push(
    assume("trust.assume-role.no-tag", "denied", user, "an untagged session would carry no tenant"),
    assume(
      "trust.assume-role.extra-tag",
      "denied",
      { ...asExpected, "aws:TagKeys": [TENANT_TAG_KEY, "role"], "aws:RequestTag/role": "admin" },
      "a session carrying tags besides tenantId",
    ),
    assume(
      "trust.assume-role.no-source-identity",
      "denied",
      tag,
      "a session that hides the end user",
    ),
    assume(
      "trust.assume-role.other-role",
      "denied",
      asExpected,
      "an admin role of the same account that is not the workload",
      {
        principal: sessionArnOf(
          iamRoleArn(platform, "/", `${platform.namePrefix}-admin-probe`),
          "probe",
        ),
        policy: ADMIN_POLICY,
      },
    ),
    assume(
      "trust.assume-role.foreign-account",
      "denied",
      asExpected,
      "a role with the workload's name in another account",
      {
        principal: `arn:${platform.partition}:sts::${FOREIGN_ACCOUNT}:assumed-role/${workload.roleArn.split("/").pop()}/probe`,
        policy: ADMIN_POLICY,
      },
    ),
  );
  if (pooled) probes.push(...pooledTrustProbes(ctx, assume, asExpected));
  if (other !== undefined) {
    probes.push(
      assume(
        "trust.assume-role.from-other-tenant",
        "denied",
        asExpected,
        `a session of "${other.id}"'s tenant role`,
        {
          principal: sessionArnOf(neighbourRole(other.id), END_USER),
          policy: ADMIN_POLICY,
        },
      ),
    );
  }
  return probes;
}

type Assume = (
  name: string,
  expect: Probe["expect"],
  context: ProbeRequest["context"],
  why: string,
  caller?: { principal: string; policy: Readonly<Record<string, unknown>> },
  action?: string,
) => Probe;

/**
 * What a shared role adds to prove: its trust admits no id of a suspended or undeclared tenant,
 * no transitive tag, and no session of a pooled role (itself or another shard) re-tagging itself
 * as another tenant. (A dedicated id is the `dedicated` representative's: `tag-dedicated`.)
 */
function pooledTrustProbes(
  ctx: CatalogueContext,
  assume: Assume,
  asExpected: ProbeRequest["context"],
): Probe[] {
  const { platform, tenant, tiers } = ctx;
  const declared = tiers === undefined ? new Set<string>() : tierSetsOf(tiers).declared;
  const undeclared = ["zz-undeclared", "qq-undeclared"].find((id) => !declared.has(id))!;
  const tagged = (id: string) => ({ ...asExpected, [REQUEST_TAG]: id });
  const probes: Probe[] = [];
  const suspended = tiers?.suspendedPooled.find((id) => id !== tenant.tenantId);
  if (suspended !== undefined) {
    probes.push(
      assume(
        "trust.assume-role.tag-suspended-pooled",
        "denied",
        tagged(suspended),
        `a shared session tagged for suspended pooled tenant "${suspended}"`,
      ),
    );
  }
  const shard = Number(tenant.roleArn.split("-").pop());
  const otherShard = pooledRoleArn({ ...platform, shard: shard + 1 });
  const admin = (roleArn: string) => ({
    principal: sessionArnOf(roleArn, END_USER),
    policy: ADMIN_POLICY,
  });
  probes.push(
    assume(
      "trust.assume-role.tag-undeclared",
      "denied",
      tagged(undeclared),
      `a shared session tagged with the undeclared id "${undeclared}"`,
    ),
    assume(
      "trust.assume-role.transitive-tag",
      "denied",
      { ...asExpected, "sts:TransitiveTagKeys": [TENANT_TAG_KEY] },
      "a session whose tenantId tag would pass on to chained sessions",
    ),
    assume(
      "trust.assume-role.from-own-role",
      "denied",
      asExpected,
      "a session of the shared role itself, re-tagging itself",
      admin(tenant.roleArn),
    ),
    assume(
      "trust.tag-session.from-own-role",
      "denied",
      asExpected,
      "a session of the shared role itself, tagging a new session",
      admin(tenant.roleArn),
      "sts:TagSession",
    ),
    assume(
      "trust.assume-role.from-other-shard",
      "denied",
      asExpected,
      "a session of another pooled shard role",
      admin(otherShard),
    ),
  );
  return probes;
}

/** `us-east-1` for a foundation model ARN, `system profile` for an inference-profile ARN. */
function resourceLabel(arn: string): string {
  return arn.includes(":inference-profile/") ? "system profile" : (arn.split(":")[3] ?? "");
}
