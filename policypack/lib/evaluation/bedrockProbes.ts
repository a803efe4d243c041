import { TENANT_TAG_KEY } from "../naming";
import { RULES } from "../ruleCatalog";
import { readsOnlyMetadata, ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { TenantTarget } from "./tenantTarget";

/** Profiles carry the stack's name prefix in this tag, so same-named tenants of two stacks differ. */
export const STACK_TAG_KEY = "tenancyStack";
const OWNER_TAG = `aws:ResourceTag/${TENANT_TAG_KEY}`;
const STACK_TAG = `aws:ResourceTag/${STACK_TAG_KEY}`;

/**
 * Requests on application inference profiles that are not the tenant's: other tenants', an
 * untagged one (nobody's provably), and, when the stack is known, the same tenant id's profile of
 * another stack. Profile ids are random, so only tags tell whose a profile is.
 */
export function bedrockProfileProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
  stackTagValue: string,
): ProbeRequest[] {
  if (!action.resourceTypes.includes("application-inference-profile") || readsOnlyMetadata(action))
    return [];
  const fixTags =
    target.namePrefix === undefined
      ? `"${OWNER_TAG}": "${target.tenantId}"`
      : `"${OWNER_TAG}": "${target.tenantId}", "${STACK_TAG}": "${target.namePrefix}"`;
  const fix = `pin the profile statement with "StringEquals": {${fixTags}}, or name the tenant's own profile ARNs`;
  const probe = (resource: string, tags: Record<string, string>, stands: string): ProbeRequest => ({
    action: action.name,
    reference: action,
    resource,
    context: base.with(
      Object.fromEntries(
        Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]),
      ),
    ),
    rule: RULES.leakBedrock,
    stands,
    fix,
  });
  const profile = (id: string, tags: Record<string, string>, stands: string) =>
    probe(
      `arn:${target.partition}:bedrock:${target.region}:${target.accountId}:application-inference-profile/${id}`,
      tags,
      stands,
    );
  const probes = target.others.map((other) =>
    profile(
      `sample${other.id.replace(/-/g, "")}`,
      { [TENANT_TAG_KEY]: other.id, [STACK_TAG_KEY]: stackTagValue },
      `${other.stands}'s inference profile`,
    ),
  );
  probes.push(profile("sampleuntagged", {}, "an inference profile without a tenantId tag"));
  // Profiles whose ARN the outputs show: the tenant's own are its to use, every other is not.
  for (const known of target.knownProfiles) {
    if (known.tags[TENANT_TAG_KEY] === target.tenantId) continue;
    probes.push(
      probe(
        known.arn,
        { ...known.tags },
        `the stack's inference profile ${known.arn}, tagged ${JSON.stringify(known.tags)}`,
      ),
    );
  }
  if (target.namePrefix !== undefined)
    probes.push(
      profile(
        "sampleotherstack",
        { [TENANT_TAG_KEY]: target.tenantId, [STACK_TAG_KEY]: `${target.namePrefix}-other` },
        `tenant "${target.tenantId}"'s inference profile of another stack ("${target.namePrefix}-other")`,
      ),
    );
  return probes;
}

/**
 * The resources a call can name besides the tenant's own profile: a foundation model, or a
 * cross-Region (system) inference profile. A tenant whose model is a cross-Region profile is
 * granted that system profile and the model in every Region it routes to, but only through its
 * application profile, so both families get the same probes.
 */
const MODEL_FAMILIES = [
  {
    type: "foundation-model",
    sample: (t: TenantTarget) =>
      `arn:${t.partition}:bedrock:${t.region}::foundation-model/sample.model-v1:0`,
    stands: "a direct foundation-model call, not through the tenant's inference profile",
  },
  {
    type: "inference-profile",
    sample: (t: TenantTarget) =>
      `arn:${t.partition}:bedrock:${t.region}:${t.accountId}:inference-profile/us.sample.model-v1:0`,
    stands: "a call through a cross-region system inference profile, not the tenant's own",
  },
] as const;

/**
 * A call to a foundation model or a cross-region (system) inference profile that is not made
 * through the tenant's application inference profile: nothing leaks, but usage is neither
 * attributed nor limited per tenant. Tried on a sample ARN of each family and on every exact
 * ARN of that family the documents name (the model in each destination Region included).
 */
export function directModelProbes(
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
): ProbeRequest[] {
  if (!/:Invoke/.test(action.name)) return [];
  const fix = `add "ArnLike": {"bedrock:InferenceProfileArn": "arn:${target.partition}:bedrock:${target.region}:${target.accountId}:application-inference-profile/*"} to the statement naming foundation models or system inference profiles`;
  const context = base.with({}, ["bedrock:inferenceprofilearn"]);
  return MODEL_FAMILIES.filter((family) => action.resourceTypes.includes(family.type)).flatMap(
    (family) =>
      [
        family.sample(target),
        ...target.namedModelArns.filter((arn) => arn.split(":")[5]?.startsWith(`${family.type}/`)),
      ].map((resource): ProbeRequest => ({
        action: action.name,
        reference: action,
        resource,
        context,
        rule: RULES.contractDirectModel,
        stands: family.stands,
        fix,
      })),
  );
}
