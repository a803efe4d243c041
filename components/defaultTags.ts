import { TENANT_TAG_KEY } from "@tenancy/runtime/naming";
import { ConfigError } from "./errors";
import { STACK_TAG_KEY } from "./policies/tenantRolePolicy";

/** Tags every taggable resource of the stack carries, e.g. for cost allocation. */
export type DefaultTags = Readonly<Record<string, string>>;

const SETTING = "tenancy:defaultTags";
/** AWS's common tag rules (IAM, S3, DynamoDB, Cognito, Bedrock, CloudWatch Logs). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
/** 50 tags per resource, less the two the program sets on tenant resources. */
const MAX_DEFAULT_TAGS = 48;
/**
 * IAM matches tag keys in conditions case-insensitively: a default `TenantId` on every resource
 * would change what tenant roles may reach, so the keys the policies read are the program's own.
 */
const RESERVED_KEYS = [TENANT_TAG_KEY, STACK_TAG_KEY];

/**
 * Reads `tenancy:defaultTags` (a map, as Pulumi passes it: JSON text). They are set on each
 * resource, not through the provider's `defaultTags`, so the offline plan and the policy pack
 * see them as AWS will.
 */
export function parseDefaultTags(text: string | undefined): DefaultTags {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      SETTING,
      `must be a map of tag keys to values. Fix: pulumi config set --path '${SETTING}.CostCenter' platform`,
    );
  }
  const entries = Object.entries(parsed);
  if (entries.length > MAX_DEFAULT_TAGS) {
    throw new ConfigError(
      SETTING,
      `has ${entries.length} tags; AWS allows 50 per resource and tenant resources carry ${RESERVED_KEYS.join(" and ")}, so at most ${MAX_DEFAULT_TAGS}. Fix: remove ${entries.length - MAX_DEFAULT_TAGS} of them.`,
    );
  }
  // `pulumi config set --path` stores 4200 and true as a number and a boolean.
  const tags = entries.map(([key, value]): [string, unknown] => [
    key,
    typeof value === "number" || typeof value === "boolean" ? String(value) : value,
  ]);
  for (const [key, value] of tags) {
    const problem = tagProblem(key, value);
    if (problem !== undefined) {
      throw new ConfigError(
        `${SETTING}.${key}`,
        `${problem}. Fix: pulumi config rm --path '${SETTING}.${key}', or correct it.`,
      );
    }
  }
  return Object.fromEntries(tags) as DefaultTags;
}

function tagProblem(key: string, value: unknown): string | undefined {
  const reserved = RESERVED_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  if (reserved !== undefined)
    return `the tag key "${key}" is the program's own ("${reserved}"; IAM compares tag keys case-insensitively), which tenant role policies read to tell tenants and stacks apart`;
  if (key.toLowerCase().startsWith("aws:"))
    return `the tag key "${key}" starts with "aws:", which AWS reserves`;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH)
    return `the tag key must have 1-${MAX_KEY_LENGTH} characters`;
  if (!TAG_CHARACTERS.test(key))
    return `the tag key "${key}" holds a character AWS refuses (allowed: letters, digits, spaces and _ . : / = + - @)`;
  if (typeof value !== "string") return `the value must be text, not ${JSON.stringify(value)}`;
  if (value.length > MAX_VALUE_LENGTH)
    return `the value has more than ${MAX_VALUE_LENGTH} characters`;
  if (!TAG_CHARACTERS.test(value))
    return `the value "${value}" holds a character AWS refuses (allowed: letters, digits, spaces and _ . : / = + - @)`;
  return undefined;
}

/** `{ tags }` for a resource's args, or nothing when there are none (no spurious diff). */
export function tagsArg(tags: DefaultTags): { tags?: Record<string, string> } {
  return Object.keys(tags).length === 0 ? {} : { tags: { ...tags } };
}
