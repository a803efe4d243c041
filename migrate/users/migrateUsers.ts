import {
  AdminAddUserToGroupCommand,
  AdminUpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { TENANT_ID_CLAIM, tenantGroupName } from "@tenancy/runtime/naming";
import { DeclaredTenants } from "../declaredTenants";
import { ProgressReporter, silentProgress } from "../progressBar";
import { RateLimiter, realTiming } from "../rateLimiter";
import { runConcurrently } from "../runConcurrently";
import { sortedCounts, StepReport } from "../stepReport";
import { withAwsRetry } from "../awsRetry";
import { PoolReader } from "./poolUsers";
import {
  PlannedAssignment,
  planUserAssignments,
  UserConflict,
  UserIdentity,
} from "./userAssignmentPlan";
import { UserTenantRule } from "./userTenantRule";

/**
 * Cognito's default quota for the UserUpdate category (AdminUpdateUserAttributes) and for the
 * UserResourceUpdate category (AdminAddUserToGroup) is 25 requests per second per account and
 * region, shared with the live application; 20 leaves it room.
 */
export const DEFAULT_USER_UPDATES_PER_SECOND = 20;

export interface UsersStepOptions extends PoolReader {
  readonly rule: UserTenantRule;
  readonly tenants: DeclaredTenants;
  readonly apply: boolean;
  /** Requests per second for each quota category (attribute updates, group additions). */
  readonly ratePerSecond?: number;
  readonly concurrency?: number;
  readonly progress?: ProgressReporter;
  /** Called after each user is fully assigned; tests throw from it to interrupt a run. */
  readonly afterUser?: (assigned: number) => void;
}

export interface UsersReport extends StepReport {
  readonly step: "users";
  readonly userPoolId: string;
  readonly totals: {
    readonly users: number;
    readonly planned: number;
    readonly assigned: number;
    readonly alreadyAssigned: number;
    readonly conflicts: number;
    readonly unmapped: number;
    readonly throttled: number;
    readonly transientRetries: number;
  };
  readonly perTenant: Record<string, number>;
  readonly planned: readonly PlannedAssignment[];
  readonly conflicts: readonly UserConflict[];
  readonly unmapped: readonly UserIdentity[];
  readonly mappingRowsWithoutUser: readonly { readonly line: number; readonly record: string }[];
}

/**
 * Sets `custom:tenantId` and adds the group `tenant-<id>` for each user the rule maps. The pool
 * itself is the checkpoint: every run reads each user's attribute and groups again and does only
 * what is missing, so an interrupted run resumes by running it again. Users tied to another
 * tenant are reported as conflicts and never changed.
 */
export async function migrateUsers(options: UsersStepOptions): Promise<UsersReport> {
  const plan = await planUserAssignments(options, options.rule, options.tenants);
  const progress = options.progress ?? silentProgress;
  let assigned = 0;
  if (options.apply && plan.planned.length > 0) {
    const rate = options.ratePerSecond ?? DEFAULT_USER_UPDATES_PER_SECOND;
    const timing = options.backoff?.timing ?? realTiming;
    // One pace per quota category: the two calls of a user count against different quotas.
    const attributeUpdates = new RateLimiter(rate, timing);
    const groupAdditions = new RateLimiter(rate, timing);
    progress.start("users", plan.planned.length);
    try {
      await runConcurrently(plan.planned, options.concurrency ?? 4, async (user) => {
        await assignUser(options, user, attributeUpdates, groupAdditions);
        assigned++;
        progress.advance();
        options.afterUser?.(assigned);
      });
    } finally {
      progress.stop();
    }
  }
  return {
    step: "users",
    applied: options.apply,
    userPoolId: options.userPoolId,
    totals: {
      users: plan.users,
      planned: plan.planned.length,
      assigned,
      alreadyAssigned: plan.alreadyAssigned,
      conflicts: plan.conflicts.length,
      unmapped: plan.unmapped.length,
      throttled: options.counter.throttled,
      transientRetries: options.counter.transient,
    },
    perTenant: sortedCounts(plan.perTenant),
    planned: plan.planned,
    conflicts: plan.conflicts,
    unmapped: plan.unmapped,
    mappingRowsWithoutUser: plan.mappingRowsWithoutUser,
  };
}

async function assignUser(
  options: UsersStepOptions,
  user: PlannedAssignment,
  attributeUpdates: RateLimiter,
  groupAdditions: RateLimiter,
): Promise<void> {
  const { client, userPoolId, counter, backoff } = options;
  if (user.setAttribute) {
    await attributeUpdates.acquire();
    await withAwsRetry(
      "AdminUpdateUserAttributes",
      () =>
        client.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: userPoolId,
            Username: user.username,
            UserAttributes: [{ Name: TENANT_ID_CLAIM, Value: user.tenantId }],
          }),
        ),
      counter,
      backoff,
    );
  }
  if (user.addToGroup) {
    await groupAdditions.acquire();
    await withAwsRetry(
      "AdminAddUserToGroup",
      () =>
        client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: userPoolId,
            Username: user.username,
            GroupName: tenantGroupName(user.tenantId),
          }),
        ),
      counter,
      backoff,
    );
  }
}
