import {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { ResourceCheck, StackFinding } from "./finding";
import { judge } from "./judge";
import { knownCopy } from "./knownValues";
import { isRecord } from "./policyDocument";
import { ResourceView } from "./resourceView";
import { packConfigSchema, PackSettings } from "./settings";
import { settingsReader } from "./sharedSettings";
import { sharedView } from "./sharedView";

export type StackCheck = (views: readonly ResourceView[], settings: PackSettings) => StackFinding[];

interface IsolationPolicyArgs<Check> {
  readonly name: string;
  readonly description: string;
  readonly check: Check;
}

/**
 * A resource policy that reads settings, fails closed on unknowns and honours exemptions; its
 * level is the default, which the pack config's `enforcementLevel` for the policy replaces.
 */
export function isolationPolicy({
  name,
  description,
  check,
  enforcementLevel = "mandatory",
  types,
}: IsolationPolicyArgs<ResourceCheck> & {
  readonly enforcementLevel?: EnforcementLevel;
  /** The only resource types the check can find anything on; others are not even copied. */
  readonly types?: readonly string[];
}): ResourceValidationPolicy {
  const settingsOf = settingsReader();
  return {
    name,
    description,
    enforcementLevel,
    configSchema: packConfigSchema,
    validateResource: (args, reportViolation) => {
      if (types !== undefined && !types.includes(args.type)) return;
      const settings = settingsOf(args.getConfig<Record<string, unknown>>());
      const view = sharedView(args.type, args.urn, args.name, args.opts.parent, args.props);
      for (const message of judge(view, check(view, settings), settings)) reportViolation(message);
    },
  };
}

/** The same for rules that need the whole stack (AnalyzeStack). */
export function isolationStackPolicy({
  name,
  description,
  check,
}: IsolationPolicyArgs<StackCheck>): StackValidationPolicy {
  const settingsOf = settingsReader();
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    configSchema: packConfigSchema,
    validateStack: (args: StackValidationArgs, reportViolation) => {
      const settings = settingsOf(args.getConfig<Record<string, unknown>>());
      const views = args.resources.map(stackView);
      for (const { view, finding } of check(views, settings)) {
        for (const message of judge(view, [finding], settings)) reportViolation(message, view.urn);
      }
    },
  };
}

/**
 * A stack resource as rules see it. Its inputs are copied on first read: the stack rules read
 * only the IAM, Cognito and component resources, not every bucket setting or log group.
 */
function stackView(resource: PolicyResource): ResourceView {
  let props: Record<string, unknown> | undefined;
  const parent = resource.parent?.urn ?? resource.opts.parent;
  return {
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    parent: parent === "" ? undefined : parent,
    get props() {
      if (props === undefined) {
        const copy = knownCopy(resource.props);
        props = isRecord(copy) ? copy : {};
      }
      return props;
    },
    propertyDependencies: Object.fromEntries(
      Object.entries(resource.propertyDependencies ?? {}).map(([key, dependencies]) => [
        key,
        dependencies.map((dependency) => dependency.urn),
      ]),
    ),
  };
}
