import { IMMUTABLE_STORE_INPUTS } from "../components/immutableInputs";

/**
 * Inputs whose change makes the AWS provider replace the resource (ForceNew in its schema),
 * for the resource types this program registers. Any other input changes in place.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    Object.entries(IMMUTABLE_STORE_INPUTS).map(([type, { inputs }]) => [type, inputs]),
  ),
  "aws:iam/role:Role": ["name", "path"],
  "aws:iam/rolePolicy:RolePolicy": ["name", "role"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
  "aws:cognito/userPoolClient:UserPoolClient": ["userPoolId", "generateSecret"],
  "aws:cognito/userGroup:UserGroup": ["name", "userPoolId"],
  "aws:cognito/user:User": ["username", "userPoolId"],
  "aws:cognito/userInGroup:UserInGroup": ["userPoolId", "username", "groupName"],
  "aws:bedrock/inferenceProfile:InferenceProfile": ["name", "description", "modelSource"],
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
  "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
    "bucket",
  ],
  "aws:s3/bucketVersioning:BucketVersioning": ["bucket"],
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
};

/** Resource types that hold tenants' data or usage records. */
export const DATA_BEARING_TYPES: readonly string[] = Object.keys(IMMUTABLE_STORE_INPUTS);
