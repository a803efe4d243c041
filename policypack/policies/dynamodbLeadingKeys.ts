import { checkDynamoDb } from "../lib/checks/dynamodbChecks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-DDB-001..004. */
export const dynamodbLeadingKeys = isolationPolicy({
  name: "tenant-dynamodb-leading-keys",
  description:
    "Checks whether tenant IAM reaches the shared DynamoDB table only through item actions pinned to the tenant's key prefix with ForAllValues on dynamodb:LeadingKeys.",
  check: checkDynamoDb,
});
