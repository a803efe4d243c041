/** A list input that can only grow: entries may be added in place, never changed or removed. */
export interface AppendOnlyInput {
  readonly input: string;
  readonly why: string;
}

/**
 * Inputs of the protected data stores that AWS cannot change in place. Changing one would
 * replace the store, which `protect` forbids and its fixed name would make fail anyway: such
 * an edit can never be deployed, so the offline plan refuses it against a stack export.
 */
export const IMMUTABLE_STORE_INPUTS: Readonly<
  Record<
    string,
    {
      readonly inputs: readonly string[];
      readonly why: string;
      readonly appendOnly?: AppendOnlyInput;
    }
  >
> = {
  "aws:cognito/userPool:UserPool": {
    inputs: ["name", "usernameAttributes", "usernameConfiguration"],
    why: "Cognito fixes a pool's username settings at creation",
    // The provider adds new entries with AddCustomAttributes and fails on any other change.
    appendOnly: {
      input: "schemas",
      why: "Cognito can add custom attributes to a pool but never change or remove one (the AWS provider fails the update)",
    },
  },
  "aws:dynamodb/table:Table": {
    inputs: ["name", "hashKey", "rangeKey"],
    why: "DynamoDB fixes a table's name and key schema at creation",
  },
  "aws:s3/bucket:Bucket": {
    inputs: ["bucket"],
    why: "a bucket cannot be renamed",
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    inputs: ["name"],
    why: "a log group cannot be renamed",
  },
};
