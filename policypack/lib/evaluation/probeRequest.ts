import { RuleDefinition } from "../ruleCatalog";
import { ReferenceAction } from "./iamReference";
import { RequestContext } from "./requestContext";

/** One representative request a tenant's session could make, and what it would mean if allowed. */
export interface ProbeRequest {
  readonly action: string;
  /** The action as AWS's reference describes it: which condition keys its requests can carry. */
  readonly reference: ReferenceAction;
  readonly resource: string;
  readonly context: RequestContext;
  /** The leak rule it proves when allowed. */
  readonly rule: RuleDefinition;
  /** What the request stands for, e.g. `another tenant's key "zz-other#r1"`. */
  readonly stands: string;
  /** The fix for this kind of leak, with the tenant's values filled in. */
  readonly fix: string;
}
