import { ALL_RULES, RuleKind } from "../policypack/lib/ruleCatalog";
import { parseUrn } from "../policypack/lib/resourceView";
import { Violation } from "./violation";

/** A violation with the fields of its finding, for `--json`. */
export interface FindingFields {
  readonly policy: string;
  readonly level: Violation["level"];
  readonly urn: string;
  readonly ruleId?: string;
  readonly kind?: RuleKind;
  readonly resource?: { readonly type: string; readonly name: string };
  /** e.g. `policy statement 0 (Sid OwnItemsOnly)`. */
  readonly statement?: string;
  readonly value?: string;
  /** The request the pack evaluated as allowed (leak and contract findings). */
  readonly exampleRequest?: {
    readonly action: string;
    readonly resource: string;
    readonly context: Record<string, readonly string[]>;
    readonly stands: string;
  };
  readonly why?: string;
  readonly fix?: string;
  /** As the SDK sends it. */
  readonly message: string;
}

const VERDICT =
  /\.(?: Request: (.*?)\.)? (?:This breaks tenant isolation|Outside the contract|Why): /s;

/**
 * Splits a finding's message (`[TI-LEAK-001] <type> "<name>", <statement>: <value>.[ Request:
 * ...] <verdict>: <why>. Fix: <fix>.`) into fields. An SDK message without a rule id keeps only
 * policy, level, urn and message.
 */
export function findingFields(violation: Violation): FindingFields {
  const base = { policy: violation.policy, level: violation.level, urn: violation.urn };
  const line = violation.message.split("\n").find((text) => /^\[TI-[A-Z0-9]+-\d{3}\] /.test(text));
  const head =
    line === undefined ? null : /^\[(TI-[A-Z0-9]+-\d{3})\] (\S+) "([^"]*)", (.*)$/s.exec(line);
  if (head === null) return { ...base, message: violation.message };
  const [, ruleId = "", type = "", name = "", rest = ""] = head;
  const split = rest.indexOf(": ");
  const statement = rest.slice(0, split);
  const afterStatement = rest.slice(split + 2);
  const verdict = VERDICT.exec(afterStatement);
  const value = verdict === null ? afterStatement : afterStatement.slice(0, verdict.index);
  const tail = verdict === null ? "" : afterStatement.slice(verdict.index + verdict[0].length);
  const fixAt = tail.lastIndexOf(". Fix: ");
  return {
    ...base,
    ruleId,
    kind: ALL_RULES.find((rule) => rule.id === ruleId)?.kind,
    resource: { type, name: name || parseUrn(violation.urn).name },
    statement,
    value,
    exampleRequest: verdict?.[1] === undefined ? undefined : parseRequest(verdict[1]),
    why: fixAt < 0 ? tail : tail.slice(0, fixAt),
    fix:
      fixAt < 0
        ? undefined
        : tail.slice(fixAt + ". Fix: ".length).replace(/\.(?: \(Exemption .*\))?$/s, ""),
    message: violation.message,
  };
}

/** `<action> on <resource> with <context JSON> (<stands>)`. */
function parseRequest(text: string): FindingFields["exampleRequest"] {
  const match = /^(\S+) on (\S+) with (\{.*\}) \((.*)\)$/s.exec(text);
  if (match === null) return undefined;
  const [, action = "", resource = "", context = "{}", stands = ""] = match;
  return { action, resource, context: JSON.parse(context) as Record<string, string[]>, stands };
}
