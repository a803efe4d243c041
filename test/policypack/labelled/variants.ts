import { LabelledPolicy, Statement } from "./policies";

// Spellings IAM treats alike, so each base policy is judged in three forms: as written, with
// actions in upper case and single values as lists, and next to an unrelated harmless statement.

const asList = (value: unknown) => (value === undefined || Array.isArray(value) ? value : [value]);
const upper = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(upper) : typeof value === "string" ? value.toUpperCase() : value;

function respelled(statement: Statement): Statement {
  return Object.fromEntries(
    Object.entries(statement).map(([key, value]) => [
      key,
      key === "Action" || key === "NotAction"
        ? asList(upper(value))
        : key === "Resource" || key === "NotResource"
          ? asList(value)
          : value,
    ]),
  );
}

const HARMLESS: Statement = {
  Sid: "ListMyBuckets",
  Effect: "Allow",
  Action: "s3:ListAllMyBuckets",
  Resource: "*",
};

export function withVariants(base: readonly LabelledPolicy[]): LabelledPolicy[] {
  return base.flatMap((entry) => [
    entry,
    {
      ...entry,
      name: `${entry.name} (upper-case actions, lists)`,
      policy: { ...entry.policy, Statement: entry.policy.Statement.map(respelled) },
    },
    {
      ...entry,
      name: `${entry.name} (next to a harmless statement)`,
      policy: { ...entry.policy, Statement: [HARMLESS, ...entry.policy.Statement] },
    },
  ]);
}
