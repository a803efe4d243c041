import { TENANT_TAG_KEY } from "../naming";
import { STACK_TAG_KEY } from "./bedrockProbes";
import { RequestContext } from "./requestContext";

/**
 * Keys known to be absent unless a request sets them. Only the tags the pack knows: the stack's
 * default tags (tenancy:defaultTags) sit on every role, table, bucket and profile.
 */
const MODELLED_KEYS = [
  `aws:principaltag/${TENANT_TAG_KEY}`,
  "aws:username",
  `aws:resourcetag/${TENANT_TAG_KEY}`,
  `aws:resourcetag/${STACK_TAG_KEY}`,
].map((key) => key.toLowerCase());

/**
 * The keys every request of one tenant session carries: its tenantId tag, the account and region
 * when known. Any other key is one whose value the pack cannot know (RequestContext.pickedStart):
 * the runtime passes the user's name as SourceIdentity and as the session name, which ends
 * aws:userid (`<role id>:<session name>`), so a user named after another tenant picks both; the
 * caller sends aws:UserAgent and request tags; the pack does not read the session role's own ARN,
 * so aws:PrincipalArn is any role after `principalArnStart`.
 */
export function sessionContext(
  tenantId: string,
  ambientKeys: Readonly<Record<string, string>>,
  principalArnStart: string,
): RequestContext {
  return RequestContext.ambient(ambientKeys, { "aws:PrincipalArn": principalArnStart }).with(
    { [`aws:PrincipalTag/${TENANT_TAG_KEY}`]: tenantId },
    MODELLED_KEYS,
  );
}
