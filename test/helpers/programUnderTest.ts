import { DEFAULT_QUOTAS, deployTenancy, StackSettings, TenantSpec } from "../../components";
import { Plan, runPlan } from "../../plan/runPlan";

export const TEST_SETTINGS: StackSettings = {
  namePrefix: "dev",
  region: "us-east-1",
  tenantsFile: "tenants.json",
  indexes: [],
  bedrockInvocationLogging: false,
  invitations: { channel: "cognito" },
  userPoolTier: "ESSENTIALS",
  defaultTags: {},
  defaultIsolation: "dedicated",
  pooledShards: 16,
  quotas: DEFAULT_QUOTAS,
};

/** Runs the program on a fresh mock engine, as `pulumi up` would run index.ts. */
export function planFor(
  tenants: readonly TenantSpec[],
  settings: Partial<StackSettings> = {},
): Promise<Plan> {
  return runPlan(() => deployTenancy({ ...TEST_SETTINGS, ...settings }, tenants));
}

export function tenant(id: string, overrides: Partial<TenantSpec> = {}): TenantSpec {
  return {
    id,
    displayName: `Tenant ${id}`,
    status: "active",
    isolation: "dedicated",
    admins: [`admin@${id}.example`],
    models: ["anthropic.claude-3-haiku-20240307-v1:0"],
    ...overrides,
  };
}
