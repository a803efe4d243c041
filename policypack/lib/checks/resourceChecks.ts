import { ResourceCheck } from "../finding";
import { checkBedrock } from "./bedrockChecks";
import { checkCognito } from "./cognitoChecks";
import { checkDynamoDb } from "./dynamodbChecks";
import { checkIam } from "./iamChecks";
import { checkS3 } from "./s3Checks";
import { checkScope } from "./scopeChecks";
import { checkTrust } from "./trustChecks";
import { checkKnownAtPreview } from "./unknownChecks";

/** Every per-resource rule, as the per-resource policies run them. */
export const RESOURCE_CHECKS: readonly ResourceCheck[] = [
  checkDynamoDb,
  checkS3,
  checkBedrock,
  checkIam,
  checkTrust,
  checkCognito,
  checkScope,
  checkKnownAtPreview,
];
