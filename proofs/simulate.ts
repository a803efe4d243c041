import { runSimulation, type RunSimulationResults } from "@cloud-copilot/iam-simulate";
import { ProofError } from "./errors";
import type { Outcome, ProbeRequest } from "./probe";
import type { IamPolicyJson } from "./proofInput";

/**
 * Names under which the documents appear in deciding-statement labels, e.g. `identity:OwnItemsOnly`;
 * further identity documents of the same principal read `identity[<name>]`.
 */
export type DocumentLabel = "identity" | "caller" | "trust" | "resource" | `identity[${string}]`;

export interface SimulationDocuments {
  /** The acting principal's policies, with the label they are reported under. */
  readonly identity: { readonly label: "identity" | "caller"; readonly policy: IamPolicyJson };
  /** Further identity documents of the same principal, evaluated together with `identity`. */
  readonly moreIdentity?: readonly {
    readonly label: `identity[${string}]`;
    readonly policy: IamPolicyJson;
  }[];
  /** The resource's policy (a role's trust policy, a KMS key policy), if it has one. */
  readonly resource?: IamPolicyJson;
  /** What the resource's policy is reported as (default `trust`). */
  readonly resourceLabel?: "trust" | "resource";
}

export interface Evaluation {
  readonly outcome: Outcome;
  readonly decision: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
  /** `identity:OwnItemsOnly`, `trust:WorkloadAssumesWithTenantTag`; undefined when nothing matched. */
  readonly decidingStatement: string | undefined;
  /** One line on why the statements decided as they did. */
  readonly reason: string;
  /**
   * Context keys the simulator dropped because its action data says they do not apply. A probe
   * whose keys were dropped did not test what it claims (see README, "Simulator caveats").
   */
  readonly ignoredContextKeys: readonly string[];
}

type Analysis = NonNullable<
  Extract<RunSimulationResults, { resultType: "single" }>["result"]["analysis"]
>;
type StatementAnalysis = NonNullable<Analysis["identityAnalysis"]>["allowStatements"][number];
type Labelled = { readonly label: DocumentLabel; readonly statement: StatementAnalysis };

/** Evaluates one request the way IAM would, offline. */
export async function simulate(
  request: ProbeRequest,
  documents: SimulationDocuments,
  accountId: string,
): Promise<Evaluation> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId },
        contextVariables: toMutableContext(request.context),
      },
      identityPolicies: [documents.identity, ...(documents.moreIdentity ?? [])].map((d) => ({
        name: d.label,
        policy: d.policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(documents.resource === undefined ? {} : { resourcePolicy: documents.resource }),
    },
    {},
  );
  if (response.resultType === "error") {
    throw new ProofError(
      "ERR_SIMULATOR_REJECTED_REQUEST",
      `the simulator rejected ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`,
    );
  }
  const result = response.resultType === "single" ? response.result : response.results[0];
  const analysis = result?.analysis;
  const decision = response.overallResult;
  const statements = (
    pick: "allowStatements" | "denyStatements" | "unmatchedStatements",
  ): Labelled[] => [
    ...(analysis?.identityAnalysis?.[pick] ?? []).map((statement) => ({
      // The simulator names each statement's document by the name it was given above.
      label: statement.policyId as DocumentLabel,
      statement,
    })),
    ...(documents.resource === undefined
      ? []
      : (analysis?.resourceAnalysis?.[pick] ?? []).map((statement) => ({
          label: documents.resourceLabel ?? "trust",
          statement,
        }))),
  ];
  const deciding = decisiveStatement(decision, statements);
  return {
    outcome: decision === "Allowed" ? "allowed" : "denied",
    decision,
    decidingStatement:
      deciding === undefined
        ? undefined
        : `${deciding.label}:${deciding.statement.explain.identifier}`,
    reason: explain(decision, deciding, statements("unmatchedStatements")),
    ignoredContextKeys: result?.ignoredContextKeys ?? [],
  };
}

function decisiveStatement(
  decision: Evaluation["decision"],
  statements: (pick: "allowStatements" | "denyStatements" | "unmatchedStatements") => Labelled[],
): Labelled | undefined {
  if (decision === "ExplicitlyDenied") return statements("denyStatements")[0];
  if (decision === "Allowed") {
    // For an assumption the trust policy is what lets the caller in; name it first.
    const allows = statements("allowStatements");
    return allows.find((s) => s.label === "trust") ?? allows[0];
  }
  return undefined;
}

function explain(
  decision: Evaluation["decision"],
  deciding: Labelled | undefined,
  unmatched: Labelled[],
): string {
  if (deciding !== undefined) {
    const verb = decision === "Allowed" ? "allows" : "explicitly denies";
    const conditions = conditionSummary(deciding.statement, true);
    return `${deciding.label}:${deciding.statement.explain.identifier} ${verb} it${conditions === "" ? "" : ` (${conditions})`}`;
  }
  // Implicit deny: the statement that came closest says what was missing.
  const closest =
    unmatched.find(
      (s) =>
        s.statement.actionMatch &&
        s.statement.resourceMatch &&
        s.statement.explain.principalMatch !== "NoMatch",
    ) ?? unmatched.find((s) => s.statement.actionMatch);
  if (closest === undefined) return "no statement grants this action";
  const where = `${closest.label}:${closest.statement.explain.identifier}`;
  if (closest.statement.explain.principalMatch === "NoMatch")
    return `${where} does not name this principal`;
  if (!closest.statement.resourceMatch) return `${where} does not cover this resource`;
  return `${where} does not apply: ${conditionSummary(closest.statement, false)}`;
}

/** `ForAllValues:StringLike dynamodb:LeadingKeys matched because the key is absent`, and the like. */
function conditionSummary(statement: StatementAnalysis, matched: boolean): string {
  return (statement.explain.conditions ?? [])
    .filter((condition) => condition.matches === matched)
    .map((condition) => {
      const what = `${condition.operator} ${condition.conditionKeyValue}`;
      if (condition.matchedBecauseMissing) return `${what} holds because the key is absent`;
      if (condition.failedBecauseMissing) return `${what} fails: key absent`;
      return matched ? `${what} holds` : `${what} fails`;
    })
    .join("; ");
}

/** The simulator's types want mutable arrays. */
function toMutableContext(context: ProbeRequest["context"]): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      typeof value === "string" ? value : [...value],
    ]),
  );
}
