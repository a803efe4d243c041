// s3rver 3 answers UploadPartCopy (PUT ?partNumber&uploadId with x-amz-copy-source) with
// NotImplemented. This proxy in front of it performs that one operation as S3 defines it: it
// reads the source byte range (honouring x-amz-copy-source-if-match) and stores it as the part
// with a plain UploadPart, answering with a CopyPartResult. Every other request is forwarded
// unchanged, so the multipart copy path runs end to end against the emulator.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./runtimeSigV4";
import type { Emulator } from "./emulators";

export interface UploadPartCopyShim extends Emulator {
  /** Ranges copied, e.g. `bytes=0-5242879`, in the order they arrived. */
  readonly partCopies: string[];
}

export async function startUploadPartCopyShim(target: string): Promise<UploadPartCopyShim> {
  const upstream = new URL(target);
  const partCopies: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", target);
    const copySource = req.headers["x-amz-copy-source"];
    if (
      req.method === "PUT" &&
      url.searchParams.has("uploadId") &&
      typeof copySource === "string"
    ) {
      const range = String(req.headers["x-amz-copy-source-range"] ?? "");
      partCopies.push(range);
      const source = await fetch(`${target}/${copySource.replace(/^\//, "")}`, {
        headers: range === "" ? {} : { range },
      });
      const ifMatch = req.headers["x-amz-copy-source-if-match"];
      if (typeof ifMatch === "string" && source.headers.get("etag") !== ifMatch) {
        res.writeHead(412, { "content-type": "application/xml" });
        res.end(
          "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
        );
        return;
      }
      const bytes = Buffer.from(await source.arrayBuffer());
      const part = await fetch(`${target}${url.pathname}${url.search}`, {
        method: "PUT",
        body: bytes,
      });
      const etag = part.headers.get("etag") ?? "";
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><CopyPartResult><LastModified>${new Date().toISOString()}</LastModified><ETag>${etag.replace(/"/g, "&quot;")}</ETag></CopyPartResult>`,
      );
      return;
    }
    forward(req, body, upstream, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    partCopies,
    stop: () => {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(
  req: IncomingMessage,
  body: Buffer,
  upstream: URL,
  res: import("node:http").ServerResponse,
): void {
  const proxied = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  proxied.on("error", () => res.destroy());
  proxied.end(body);
}
