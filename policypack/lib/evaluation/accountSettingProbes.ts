import { RuleDefinition, RULES } from "../ruleCatalog";
import { ReferenceAction } from "./iamReference";
import { ProbeRequest } from "./probeRequest";
import { RequestContext } from "./requestContext";

interface AccountSetting {
  readonly rule: RuleDefinition;
  readonly stands: string;
}

const INVOCATION_LOGGING: AccountSetting = {
  rule: RULES.leakBedrock,
  stands:
    "the account's Bedrock invocation logging, which receives every tenant's prompts and completions wherever it is pointed",
};
const ENFORCED_GUARDRAILS: AccountSetting = {
  rule: RULES.leakBedrock,
  stands: "the guardrails the account enforces on every tenant's model calls",
};

/**
 * Account-wide settings that every tenant's requests go through, by lower-case action: these
 * actions take no resource, so only `"Resource": "*"` grants them, and the reference cannot tell
 * them from harmless account-level calls of the same access level (`bedrock:Rerank` is a Write).
 */
const ACCOUNT_SETTINGS: Readonly<Record<string, AccountSetting>> = {
  "bedrock:putmodelinvocationloggingconfiguration": INVOCATION_LOGGING,
  "bedrock:deletemodelinvocationloggingconfiguration": INVOCATION_LOGGING,
  "bedrock:putenforcedguardrailconfiguration": ENFORCED_GUARDRAILS,
  "bedrock:deleteenforcedguardrailconfiguration": ENFORCED_GUARDRAILS,
  "s3:putaccountpublicaccessblock": {
    rule: RULES.leakS3,
    stands: "the account's block on public access, which keeps the shared bucket private",
  },
};

export function changesAccountSetting(action: ReferenceAction): boolean {
  return ACCOUNT_SETTINGS[action.name.toLowerCase()] !== undefined;
}

/** The request that changes an account-wide setting, for an action that does. */
export function accountSettingProbes(
  action: ReferenceAction,
  base: RequestContext,
): ProbeRequest[] {
  const setting = ACCOUNT_SETTINGS[action.name.toLowerCase()];
  if (setting === undefined) return [];
  return [
    {
      action: action.name,
      reference: action,
      resource: "*",
      context: base,
      rule: setting.rule,
      stands: setting.stands,
      fix: `remove ${action.name}: account settings belong to the platform, not to a tenant role`,
    },
  ];
}
