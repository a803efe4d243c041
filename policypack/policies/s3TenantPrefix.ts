import { checkS3 } from "../lib/checks/s3Checks";
import { isolationPolicy } from "../lib/isolationPolicy";

/** TI-S3-001..003. */
export const s3TenantPrefix = isolationPolicy({
  name: "tenant-s3-prefix",
  description:
    "Checks whether tenant IAM reaches the shared S3 bucket only under tenants/<id>/, lists only with an s3:prefix under it, and never controls the bucket.",
  check: checkS3,
});
