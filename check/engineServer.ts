import * as grpc from "@grpc/grpc-js";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

export interface EngineLogEntry {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn: string;
}

export interface LoopbackEngine {
  /** `127.0.0.1:<port>`: what the CLI passes to a plugin as its engine address. */
  readonly address: string;
  /** Everything the pack logged through the engine (`@pulumi/pulumi/log`). */
  readonly logs: readonly EngineLogEntry[];
  stop(): Promise<void>;
}

const SEVERITIES: Record<number, EngineLogEntry["severity"]> = {
  [engineProto.LogSeverity.DEBUG]: "debug",
  [engineProto.LogSeverity.INFO]: "info",
  [engineProto.LogSeverity.WARNING]: "warning",
  [engineProto.LogSeverity.ERROR]: "error",
};

/**
 * The smallest engine a policy pack can talk to. `run-policy-pack` drops its engine-address
 * argument, but `@pulumi/pulumi/log` dials `PULUMI_NODEJS_ENGINE` when it is set; serving `Log`
 * here keeps a pack's log lines (and errors) instead of letting them fail or vanish.
 */
export async function startLoopbackEngine(): Promise<LoopbackEngine> {
  const logs: EngineLogEntry[] = [];
  const server = new grpc.Server();
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: "not served by the offline checker" });
  server.addService(engineRpc.EngineService, {
    log: (
      call: grpc.ServerUnaryCall<engineProto.LogRequest, Empty>,
      callback: grpc.sendUnaryData<Empty>,
    ) => {
      logs.push({
        severity: SEVERITIES[call.request.getSeverity()] ?? "info",
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      callback(null, new Empty());
    },
    getRootResource: (
      _call: unknown,
      callback: grpc.sendUnaryData<engineProto.GetRootResourceResponse>,
    ) => callback(null, new engineProto.GetRootResourceResponse()),
    setRootResource: (
      _call: unknown,
      callback: grpc.sendUnaryData<engineProto.SetRootResourceResponse>,
    ) => callback(null, new engineProto.SetRootResourceResponse()),
    startDebugging: unimplemented,
    requirePulumiVersion: (
      _call: unknown,
      callback: grpc.sendUnaryData<engineProto.RequirePulumiVersionResponse>,
    ) => callback(null, new engineProto.RequirePulumiVersionResponse()),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
