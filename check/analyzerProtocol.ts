import * as grpc from "@grpc/grpc-js";
import { isUnknown } from "@pulumi/pulumi";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UNKNOWN, UNKNOWN_SENTINEL } from "../policypack/lib/knownValues";
import { EnforcementLevelSetting } from "./checkConfig";
import { CheckedResource } from "./checkedResource";
import { Violation } from "./violation";

// The four calls the CLI makes to an analyzer plugin, as promises.

const LEVELS: Record<number, Violation["level"]> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
};

function call<Req, Res>(
  method: (req: Req, callback: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(req, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

export function getAnalyzerInfo(client: AnalyzerClient): Promise<analyzerProto.AnalyzerInfo> {
  return call(client.getAnalyzerInfo.bind(client), new Empty());
}

const LEVEL_CODES: Record<EnforcementLevelSetting, analyzerProto.EnforcementLevel> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};

/**
 * Sends the same settings to every policy. Each policy keeps the enforcement level it declared
 * unless `levels` names another (the `enforcementLevel` of a `--policy-pack-config` entry): the
 * SDK replaces a policy's level with the configured one, and an unset level means advisory.
 */
export async function configure(
  client: AnalyzerClient,
  info: analyzerProto.AnalyzerInfo,
  settings: Record<string, unknown>,
  levels: Readonly<Record<string, EnforcementLevelSetting>> = {},
): Promise<void> {
  const req = new analyzerProto.ConfigureAnalyzerRequest();
  for (const policy of info.getPoliciesList()) {
    const config = new analyzerProto.PolicyConfig();
    const level = levels[policy.getName()];
    config.setEnforcementlevel(
      level === undefined ? policy.getEnforcementlevel() : LEVEL_CODES[level],
    );
    config.setProperties(Struct.fromJavaScript(toStructValue(settings) as Record<string, never>));
    req.getPolicyconfigMap().set(policy.getName(), config);
  }
  await call(client.configure.bind(client), req);
}

export async function analyze(
  client: AnalyzerClient,
  resource: CheckedResource,
): Promise<Violation[]> {
  const req = new analyzerProto.AnalyzeRequest();
  req.setType(resource.type);
  req.setUrn(resource.urn);
  req.setName(resource.name);
  req.setProperties(propertiesOf(resource));
  // Without options the SDK refuses the request ("A more recent version of the Pulumi CLI is required").
  req.setOptions(optionsOf(resource));
  return diagnostics(await call(client.analyze.bind(client), req), resource.urn);
}

export async function analyzeStack(
  client: AnalyzerClient,
  resources: readonly CheckedResource[],
): Promise<Violation[]> {
  const req = new analyzerProto.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((resource) => {
      const item = new analyzerProto.AnalyzerResource();
      item.setType(resource.type);
      item.setUrn(resource.urn);
      item.setName(resource.name);
      item.setProperties(propertiesOf(resource));
      item.setOptions(optionsOf(resource));
      item.setParent(resource.parent ?? "");
      item.setDependenciesList([...(resource.dependencies ?? [])]);
      const dependencies = item.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const entry = new analyzerProto.AnalyzerPropertyDependencies();
        entry.setUrnsList([...urns]);
        dependencies.set(key, entry);
      }
      return item;
    }),
  );
  return diagnostics(await call(client.analyzeStack.bind(client), req), "");
}

function optionsOf(resource: CheckedResource): analyzerProto.AnalyzerResourceOptions {
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setProtect(resource.protect);
  options.setParent(resource.parent ?? "");
  return options;
}

function propertiesOf(resource: CheckedResource): Struct {
  return Struct.fromJavaScript(toStructValue(resource.inputs) as Record<string, never>);
}

function diagnostics(response: analyzerProto.AnalyzeResponse, fallbackUrn: string): Violation[] {
  return response.getDiagnosticsList().map((diagnostic) => ({
    policy: diagnostic.getPolicyname(),
    level: LEVELS[diagnostic.getEnforcementlevel()] ?? "advisory",
    urn: diagnostic.getUrn() || fallbackUrn,
    message: diagnostic.getMessage(),
  }));
}

/** Plain JSON for a protobuf Struct; unknowns become the engine's unknown sentinel. */
function toStructValue(value: unknown): unknown {
  if (value === UNKNOWN || isUnknown(value)) return UNKNOWN_SENTINEL;
  if (Array.isArray(value)) return value.map(toStructValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, toStructValue(item)]),
    );
  }
  return value;
}
