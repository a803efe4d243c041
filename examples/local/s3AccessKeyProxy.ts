import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3AccessKeyProxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * s3rver accepts only its own access key, while the runtime signs with the tenant session's
 * key from the STS stand-in. s3rver does not check SigV4 signatures, so this proxy swaps the key
 * id for s3rver's in the Authorization header and in presigned URLs, and streams the rest.
 */
export async function startS3AccessKeyProxy(
  target: string,
  accessKeyId: string,
): Promise<S3AccessKeyProxy> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    if (headers.authorization !== undefined)
      headers.authorization = headers.authorization.replace(
        /Credential=[^/,\s]+\//,
        `Credential=${accessKeyId}/`,
      );
    const path = (req.url ?? "/").replace(/([?&]X-Amz-Credential=)[^%&/]+/i, `$1${accessKeyId}`);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
