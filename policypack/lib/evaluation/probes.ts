import { TENANT_TAG_KEY } from "../naming";
import { isAllow } from "../policyDocument";
import { bedrockProfileProbes, directModelProbes, STACK_TAG_KEY } from "./bedrockProbes";
import { PlacedStatement } from "./decide";
import { dynamodbProbes } from "./dynamodbProbes";
import { escalationProbes } from "./escalationProbes";
import { ReferenceAction, serviceActions } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";
import { s3Probes } from "./s3Probes";
import { TenantTarget } from "./tenantTarget";
import { plain, wildcardMatches } from "./wildcards";

/** The services whose resources decide isolation; their actions are expanded from the reference. */
const PROBED_SERVICES = ["dynamodb", "s3", "bedrock", "sts", "iam"] as const;

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
  const base = new RequestContext({ [`aws:PrincipalTag/${TENANT_TAG_KEY}`]: target.tenantId }, [
    "aws:principaltag/",
    "aws:username",
    "aws:resourcetag/",
  ]);
  const stackTag = target.namePrefix ?? stackTagNamed(statements) ?? "tenancy";
  return PROBED_SERVICES.flatMap((service) =>
    (serviceActions(service) ?? [])
      .filter((action) => allows.some((placed) => grants(placed, action)))
      .flatMap((action) => probesOf(service, action, target, base, stackTag)),
  );
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
      return s3Probes(action, target, base);
    case "bedrock":
      return [
        ...bedrockProfileProbes(action, target, base, stackTag),
        ...directModelProbes(action, target, base),
      ];
    case "sts":
    case "iam":
      return escalationProbes(action, target, base);
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
