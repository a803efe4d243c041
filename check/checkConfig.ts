import Ajv from "ajv";
import addFormats from "ajv-formats";
import { packConfigSchema } from "../policypack/lib/settings";
import { tenantIsolationPolicies } from "../policypack/policies/allPolicies";
import { CheckSettings } from "./platformSettings";

export type EnforcementLevelSetting = "advisory" | "mandatory" | "disabled" | "remediate";

/** One problem with the pack configuration, found before anything is analysed. */
export interface ConfigIssue {
  /** e.g. `/accountId`. */
  readonly path: string;
  readonly message: string;
  /** The policies whose entry has the problem (all of them for a flat settings file). */
  readonly policies: readonly string[];
}

export class CheckConfigError extends Error {
  public readonly code = "ERR_INVALID_PACK_CONFIG";
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(
      issues
        .map(
          (issue) =>
            `pack config ${issue.path}: ${issue.message}${issue.policies.length === POLICY_NAMES.length ? "" : ` (in ${issue.policies.join(", ")})`}`,
        )
        .join("\n"),
    );
    this.name = this.constructor.name;
  }
}

const POLICY_NAMES = tenantIsolationPolicies.map((policy) => policy.name);
// `enforcementLevel` is the SDK's own per-policy key; every other key is the pack's schema.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile({
  type: "object",
  additionalProperties: false,
  properties: {
    ...packConfigSchema.properties,
    enforcementLevel: { enum: ["advisory", "mandatory", "disabled", "remediate"] },
  },
});

/**
 * Reads a `--config` file: the flat settings the checker sends to every policy, or the per-policy
 * file `pulumi preview --policy-pack-config` takes (its keys are policy names, and every entry must
 * then hold the same settings). Validates against the pack's schema first, so a placeholder
 * account id is one configuration error instead of a run of findings against the wrong account.
 */
export function readCheckConfig(json: unknown): CheckSettings {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new CheckConfigError([
      { path: "", message: "must be a JSON object", policies: POLICY_NAMES },
    ]);
  const record = json as Record<string, unknown>;
  const perPolicy = Object.keys(record).some((key) => POLICY_NAMES.includes(key));
  const entries: Array<[string[], unknown]> = perPolicy
    ? Object.entries(record).map(([name, settings]) => [[name], settings])
    : [[POLICY_NAMES, record]];
  const issues = new Map<string, ConfigIssue>();
  for (const [policies, settings] of entries) {
    for (const policy of policies)
      if (!POLICY_NAMES.includes(policy))
        add(issues, {
          path: `/${policy}`,
          message: "is not a policy of this pack",
          policies: [policy],
        });
    if (validate(settings)) continue;
    for (const error of validate.errors ?? []) {
      const extra =
        error.keyword === "additionalProperties"
          ? `/${(error.params as { additionalProperty: string }).additionalProperty}`
          : "";
      add(issues, {
        path: `${error.instancePath}${extra}` || "/",
        message: extra === "" ? (error.message ?? "is invalid") : "is not a setting of the pack",
        policies,
      });
    }
  }
  const [first, ...others] = entries.map(
    ([policies, settings]) => [policies, withoutLevel(settings)] as const,
  );
  for (const [policies, settings] of others)
    if (JSON.stringify(settings) !== JSON.stringify(first?.[1]))
      add(issues, {
        path: `/${policies.join(",")}`,
        message: `differs from /${first?.[0].join(",")}: the checker sends one settings object to every policy`,
        policies,
      });
  if (issues.size > 0) throw new CheckConfigError([...issues.values()]);
  return (first?.[1] ?? {}) as CheckSettings;
}

/**
 * The `enforcementLevel` each entry of a per-policy file sets (call after {@link readCheckConfig}
 * accepted the file), e.g. `{"tenant-policy-contract": "mandatory"}`.
 */
export function configuredLevels(json: unknown): Record<string, EnforcementLevelSetting> {
  const record = json as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(record).flatMap(([name, settings]) => {
      const level = (settings as { enforcementLevel?: unknown } | null)?.enforcementLevel;
      return POLICY_NAMES.includes(name) && typeof level === "string"
        ? [[name, level as EnforcementLevelSetting]]
        : [];
    }),
  );
}

/** The pack's settings of one entry, without the SDK's per-policy enforcementLevel. */
function withoutLevel(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null) return settings;
  const { enforcementLevel: _level, ...rest } = settings as Record<string, unknown>;
  return rest;
}

/** Identical problems in several policies' entries are one issue naming them all. */
function add(issues: Map<string, ConfigIssue>, issue: ConfigIssue): void {
  const key = `${issue.path}\n${issue.message}`;
  const known = issues.get(key);
  issues.set(
    key,
    known === undefined ? issue : { ...known, policies: [...known.policies, ...issue.policies] },
  );
}
