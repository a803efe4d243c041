/** The subset of the IAM policy grammar the builders emit; plain JSON, no Pulumi types. */
export type ConditionBlock = Record<string, Record<string, string | readonly string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: { readonly AWS?: string; readonly Service?: string };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  /** 2012-10-17 is required: older versions treat `${aws:...}` policy variables as literal text. */
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
