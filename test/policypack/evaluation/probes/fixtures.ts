import { PlacedStatement } from "../../../../policypack/lib/evaluation/decide";
import {
  ReferenceAction,
  serviceActions,
} from "../../../../policypack/lib/evaluation/iamReference";
import { parsePolicyDocument, PolicyDocument } from "../../../../policypack/lib/policyDocument";

/** An action of AWS's reference by its full name (`dynamodb:GetItem`): a misspelt one throws. */
export function referenceAction(name: string): ReferenceAction {
  const found = serviceActions(name.split(":")[0] ?? "")?.find((known) => known.name === name);
  if (found === undefined) throw new Error(`${name} is not in the reference`);
  return found;
}

/** The parsed document of these statements: one the parser rejects throws with its reason. */
export function documentOf(statements: readonly unknown[], version = "2012-10-17"): PolicyDocument {
  const parsed = parsePolicyDocument({ Version: version, Statement: statements });
  if (parsed.kind !== "document") throw new Error(parsed.reason);
  return parsed.document;
}

/** The statements of one document as `decide` and `probesFor` take them. */
export function placedStatements(statements: readonly unknown[]): PlacedStatement[] {
  const document = documentOf(statements);
  return document.statements.map((statement) => ({
    statement,
    document,
    location: `statement ${statement.index}`,
  }));
}
