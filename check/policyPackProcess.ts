import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { LoopbackEngine, startLoopbackEngine } from "./engineServer";

/** The pack shipped in this repository. */
export const DEFAULT_POLICY_PACK_DIR = resolve(__dirname, "..", "policypack");

export interface RunningPolicyPack {
  readonly client: AnalyzerClient;
  readonly engine: LoopbackEngine;
  /** Milliseconds from spawn to the port on stdout (TypeScript compile included). */
  readonly startupMs: number;
  /** The pack's process, for measuring it (benchmarks). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a policy pack exactly as the Pulumi CLI does: `node run-policy-pack <engine> <dir>`
 * with the pack directory as cwd; the child compiles the pack with ts-node, serves the analyzer
 * protocol on a loopback port and prints that port on stdout.
 */
export async function startPolicyPack(
  packDir: string = DEFAULT_POLICY_PACK_DIR,
  { ownRunner = false }: { readonly ownRunner?: boolean } = {},
): Promise<RunningPolicyPack> {
  // The CLI runs the pack with the @pulumi/pulumi the pack installed; the repository's pack shares ours.
  const runner = require.resolve(
    "@pulumi/pulumi/cmd/run-policy-pack",
    ownRunner ? { paths: [packDir] } : undefined,
  );
  const engine = await startLoopbackEngine();
  const started = performance.now();
  const child = spawn(process.execPath, [runner, engine.address, packDir], {
    cwd: packDir,
    env: { ...process.env, PULUMI_NODEJS_ENGINE: engine.address },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let port: number;
  try {
    port = await readPort(child);
  } catch (err) {
    child.kill();
    await engine.stop();
    throw err;
  }
  const startupMs = performance.now() - started;
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  return {
    client,
    engine,
    startupMs,
    pid: child.pid,
    stop: async () => {
      client.close();
      const exited = new Promise<void>((done) =>
        child.exitCode !== null ? done() : child.once("exit", () => done()),
      );
      child.kill();
      await exited;
      await engine.stop();
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\s*$/m.exec(stdout);
      if (line?.[1] !== undefined) resolvePort(Number(line[1]));
    });
    child.once("exit", (code) =>
      reject(new Error(`policy pack exited with code ${code} before serving:\n${stderr}${stdout}`)),
    );
    child.once("error", reject);
  });
}
