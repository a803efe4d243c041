import { isAllow } from "../policyDocument";
import { accountSettingProbes, changesAccountSetting } from "./accountSettingProbes";
import { bedrockProfileProbes, directModelProbes, STACK_TAG_KEY } from "./bedrockProbes";
import { PlacedStatement } from "./decide";
import { declaredResourceProbes, serviceOf } from "./declaredResourceProbes";
import { dynamodbProbes } from "./dynamodbProbes";
import { escalationProbes } from "./escalationProbes";
import { appendsLogRecords, invocationLogProbes } from "./invocationLogProbes";
import { carriesKey, ReferenceAction, serviceActions } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { s3Probes } from "./s3Probes";
import { TenantTarget } from "./tenantTarget";
import { userPoolProbes } from "./userPoolProbes";
import { changesFunctionCode, workloadCodeProbes } from "./workloadCodeProbes";
import { plain, wildcardMatches } from "./wildcards";
import { registerCache } from "../caches";

/** The services whose resources decide isolation; their actions are expanded from the reference. */
const PROBED_SERVICES = [
  "dynamodb",
  "s3",
  "bedrock",
  "logs",
  "lambda",
  "sts",
  "iam",
  "cognito-idp",
] as const;

/**
 * The representative requests for one tenant's documents: for every action of the probed services
 * that some Allow statement grants (by Action or NotAction), the requests its resource types call
 * for. Actions nothing allows cannot leak, so they cost nothing.
 */
export function probesFor(
  statements: readonly PlacedStatement[],
  target: TenantTarget,
): ProbeRequest[] {
  const allows = statements.filter((placed) => isAllow(placed.statement));
  const base = target.session;
  const stackTag = target.namePrefix ?? stackTagNamed(statements) ?? "tenancy";
  const shape = actionShape(statements);
  return [
    ...PROBED_SERVICES.flatMap((service) =>
      grantedActions(service, shape, statements, allows).flatMap((action) =>
        probesOf(service, action, target, base, stackTag),
      ),
    ),
    ...target.tenantResources.flatMap((pattern) =>
      grantedActions(serviceOf(pattern), shape, statements, allows).flatMap((action) =>
        declaredResourceProbes(action, target, base, pattern),
      ),
    ),
  ];
}

/**
 * One action per kind: two actions that the same statements (Allow and Deny) name, on the same
 * resource types, with the same access level, the same probe-deciding keys and the same support
 * for every condition key the statements test, get the same verdict on every probe (conditions
 * never name the action), so only the first is tried.
 */
function distinctActions(
  actions: readonly ReferenceAction[],
  statements: readonly PlacedStatement[],
): ReferenceAction[] {
  const tested = [
    ...new Set(
      statements.flatMap(({ statement }) => statement.conditions.map((entry) => entry.key)),
    ),
  ];
  const seen = new Set<string>();
  return actions.filter((action) => {
    const verb = action.name.split(":")[1] ?? "";
    const kind = [
      action.resourceTypes.join(","),
      action.accessLevel,
      [...action.conditionKeys].filter((key) => PROBED_KEYS.includes(key)).join(","),
      /^(Describe|List|Get|Invoke|AssumeRole|PartiQL|PassRole)/.exec(verb)?.[1] ?? "",
      singledOut(action) ? action.name : "",
      statements.map((placed) => (grants(placed, action) ? "1" : "0")).join(""),
      tested.map((key) => (carriesKey(action, key) ? "1" : "0")).join(""),
    ].join("|");
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

/** Actions a probe module singles out by name: each is its own kind. */
function singledOut(action: ReferenceAction): boolean {
  return appendsLogRecords(action) || changesAccountSetting(action) || changesFunctionCode(action);
}

/** Condition keys whose presence in an action changes the probes it gets. */
const PROBED_KEYS = ["dynamodb:leadingkeys", "s3:prefix"];

const granted = new Map<string, readonly ReferenceAction[]>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => granted.clear());

/**
 * The service's actions some Allow grants, one per kind (see {@link distinctActions}). Tenants'
 * documents differ in ids, not in actions or condition keys, so the answer is kept per shape.
 */
function grantedActions(
  service: string,
  shape: string,
  statements: readonly PlacedStatement[],
  allows: readonly PlacedStatement[],
): readonly ReferenceAction[] {
  const key = `${service}\n${shape}`;
  let actions = granted.get(key);
  if (actions === undefined) {
    actions = distinctActions(
      (serviceActions(service) ?? []).filter((action) =>
        allows.some((placed) => grants(placed, action)),
      ),
      statements,
    );
    if (granted.size > 1_000) granted.clear();
    granted.set(key, actions);
  }
  return actions;
}

/** What the granted actions depend on: effects, actions and tested condition keys, not ids. */
function actionShape(statements: readonly PlacedStatement[]): string {
  return statements
    .map(
      ({ statement }) =>
        `${statement.effect}:${statement.notAction}:${statement.actions.join(",")}:${statement.conditions.map((entry) => entry.key).join(",")}`,
    )
    .join("\n");
}

function probesOf(
  service: (typeof PROBED_SERVICES)[number],
  action: ReferenceAction,
  target: TenantTarget,
  base: RequestContext,
  stackTag: string,
): ProbeRequest[] {
  switch (service) {
    case "dynamodb":
      return dynamodbProbes(action, target, base);
    case "s3":
      return [...s3Probes(action, target, base), ...accountSettingProbes(action, base)];
    case "bedrock":
      return [
        ...bedrockProfileProbes(action, target, base, stackTag),
        ...directModelProbes(action, target, base),
        ...accountSettingProbes(action, base),
      ];
    case "sts":
    case "iam":
      return escalationProbes(action, target, base);
    case "logs":
      return invocationLogProbes(action, target, base);
    case "lambda":
      return workloadCodeProbes(action, target, base);
    case "cognito-idp":
      return userPoolProbes(action, target, base);
  }
}

function grants({ statement }: PlacedStatement, action: ReferenceAction): boolean {
  const named = statement.actions.some((pattern) =>
    wildcardMatches(plain(pattern), action.name, { ignoreCase: true }),
  );
  return named !== statement.notAction;
}

/** The stack tag value a document pins profiles to, so another stack's probe differs only in it. */
function stackTagNamed(statements: readonly PlacedStatement[]): string | undefined {
  const key = `aws:resourcetag/${STACK_TAG_KEY.toLowerCase()}`;
  return statements
    .flatMap(({ statement }) => statement.conditions)
    .find((entry) => entry.key.toLowerCase() === key && entry.values.length > 0)?.values[0];
}
