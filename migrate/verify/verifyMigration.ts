import { DeclaredTenants } from "../declaredTenants";
import { StepReport } from "../stepReport";
import { PoolReader } from "../users/poolUsers";
import { ItemVerification, verifyItems, VerifyItemsOptions } from "./verifyItems";
import { ObjectVerification, verifyObjects, VerifyObjectsOptions } from "./verifyObjects";
import { UserVerification, verifyUsers } from "./verifyUsers";

export interface VerifyOptions {
  readonly items?: VerifyItemsOptions;
  readonly objects?: VerifyObjectsOptions;
  readonly users?: PoolReader;
  readonly tenants: DeclaredTenants;
}

export interface VerifyReport extends StepReport {
  readonly step: "verify";
  readonly ok: boolean;
  readonly items?: ItemVerification;
  readonly objects?: Omit<ObjectVerification, "verifiedSourceEtags">;
  readonly users?: UserVerification;
}

/** Verifies each part the options name; fails when any part does. */
export async function verifyMigration(options: VerifyOptions): Promise<VerifyReport> {
  const items = options.items === undefined ? undefined : await verifyItems(options.items);
  const objects =
    options.objects === undefined ? undefined : withoutEtags(await verifyObjects(options.objects));
  const users =
    options.users === undefined ? undefined : await verifyUsers(options.users, options.tenants);
  const parts = [items, objects, users].filter((part) => part !== undefined);
  return {
    step: "verify",
    applied: false,
    ok: parts.length > 0 && parts.every((part) => part.ok),
    ...(items === undefined ? {} : { items }),
    ...(objects === undefined ? {} : { objects }),
    ...(users === undefined ? {} : { users }),
  };
}

/** The ETags serve --delete-source only; a report lists findings, not every object. */
export function withoutEtags(
  verification: ObjectVerification,
): Omit<ObjectVerification, "verifiedSourceEtags"> {
  const { verifiedSourceEtags: _etags, ...rest } = verification;
  return rest;
}
