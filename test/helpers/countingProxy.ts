// A loopback proxy that counts the answers of a JSON-protocol AWS emulator (dynalite,
// cognito-local) by operation and status, as the emulator sent them: writes that a killed client
// never saw answered are counted too, which is what "each record written once" needs.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "./emulators";
import { readBody } from "./runtimeSigV4";

export interface CountingProxy extends Emulator {
  /** Answers to `operation` (X-Amz-Target's action, e.g. `PutItem`) with `status`. */
  answered(operation: string, status: number): number;
  /** Resolves once every forwarded request has its answer. */
  idle(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  let pending = 0;
  let settled: (() => void)[] = [];
  const done = () => {
    pending--;
    if (pending === 0) for (const resolve of settled.splice(0)) resolve();
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers["x-amz-target"] ?? "").replace(/^.*\./, "");
    pending++;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const key = `${operation} ${answer.statusCode ?? 0}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        answer.on("end", done);
        // The client may be gone (killed): the answer is drained either way.
        answer.on("data", (chunk: Buffer) => res.write(chunk));
        res.on("error", () => undefined);
        answer.on("end", () => res.end());
        res.writeHead(answer.statusCode ?? 502, answer.headers);
      },
    );
    forward.on("error", () => {
      done();
      res.destroy();
    });
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: (operation, status) => counts.get(`${operation} ${status}`) ?? 0,
    idle: () =>
      pending === 0 ? Promise.resolve() : new Promise((resolve) => settled.push(resolve)),
    stop: () => {
      settled = [];
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
