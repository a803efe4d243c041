// s3rver 3 differs from S3 where the migration relies on S3's documented behaviour. This proxy
// in front of it implements those parts as S3 defines them, so the copy paths run end to end:
// - UploadPartCopy (s3rver answers NotImplemented): reads the source range, honouring
//   x-amz-copy-source-if-match, and stores it with a plain UploadPart.
// - CopyObject: `If-None-Match: *` refuses a taken key and x-amz-copy-source-if-match a changed
//   source (412; s3rver ignores both), and the tags are copied (TaggingDirective COPY, S3's
//   default; s3rver drops them).
// - CreateMultipartUpload's x-amz-tagging is applied on completion, and CompleteMultipartUpload
//   honours `If-None-Match: *`.
// Every other request is forwarded unchanged. The checks and the copy are not atomic here, as
// they are in S3: tests never race two writers on one key.
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./runtimeSigV4";
import type { Emulator } from "./emulators";

export interface S3Conformance extends Emulator {
  /** Ranges copied, e.g. `bytes=0-5242879`, in the order they arrived. */
  readonly partCopies: string[];
  /** Destination paths (`/bucket/key`) of every CopyObject that wrote, in order. */
  readonly copiesWritten: string[];
}

const PRECONDITION_FAILED =
  "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>";

export async function startS3Conformance(target: string): Promise<S3Conformance> {
  const upstream = new URL(target);
  const partCopies: string[] = [];
  const copiesWritten: string[] = [];
  /** x-amz-tagging of CreateMultipartUpload, by destination path, applied on completion. */
  const pendingTags = new Map<string, string>();
  const exists = async (path: string) =>
    (await fetch(`${target}${path}`, { method: "HEAD" })).status === 200;
  const etagOf = async (path: string) =>
    (await fetch(`${target}${path}`, { method: "HEAD" })).headers.get("etag");
  const refuse = (res: ServerResponse) => {
    res.writeHead(412, { "content-type": "application/xml" });
    res.end(PRECONDITION_FAILED);
  };
  const putTags = async (path: string, tagging: URLSearchParams) => {
    const tags = [...tagging]
      .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`)
      .join("");
    await fetch(`${target}${path}?tagging`, {
      method: "PUT",
      body: `<Tagging><TagSet>${tags}</TagSet></Tagging>`,
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", target);
    const path = decodeURIComponent(url.pathname);
    const copySource = req.headers["x-amz-copy-source"];
    const sourcePath =
      typeof copySource === "string" ? `/${decodeURIComponent(copySource).replace(/^\//, "")}` : "";
    const sourceIfMatch = req.headers["x-amz-copy-source-if-match"];
    const ifNoneMatch = req.headers["if-none-match"];

    if (req.method === "PUT" && url.searchParams.has("uploadId") && sourcePath !== "") {
      const range = String(req.headers["x-amz-copy-source-range"] ?? "");
      partCopies.push(range);
      const source = await fetch(`${target}${encodePath(sourcePath)}`, {
        headers: range === "" ? {} : { range },
      });
      if (typeof sourceIfMatch === "string" && source.headers.get("etag") !== sourceIfMatch) {
        await source.body?.cancel();
        return refuse(res);
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

    if (req.method === "PUT" && sourcePath !== "") {
      if (
        typeof sourceIfMatch === "string" &&
        (await etagOf(encodePath(sourcePath))) !== sourceIfMatch
      ) {
        // A missing source is s3rver's NoSuchKey, as S3 answers.
        if (await exists(encodePath(sourcePath))) return refuse(res);
      }
      if (ifNoneMatch === "*" && (await exists(url.pathname))) return refuse(res);
      const answer = await forward(req, body, upstream);
      if (answer.status === 200 && req.headers["x-amz-tagging-directive"] !== "REPLACE") {
        copiesWritten.push(path);
        const tagging = await fetch(`${target}${encodePath(sourcePath)}?tagging`);
        const xml = await tagging.text();
        const tags = [...xml.matchAll(/<Key>(.*?)<\/Key>\s*<Value>(.*?)<\/Value>/g)].map(
          ([, k, v]): [string, string] => [unescapeXml(k ?? ""), unescapeXml(v ?? "")],
        );
        if (tags.length > 0) await putTags(url.pathname, new URLSearchParams(tags));
      }
      return reply(res, answer);
    }

    if (req.method === "POST" && url.searchParams.has("uploads")) {
      const tagging = req.headers["x-amz-tagging"];
      if (typeof tagging === "string" && tagging !== "") pendingTags.set(url.pathname, tagging);
    }

    if (req.method === "POST" && url.searchParams.has("uploadId")) {
      if (ifNoneMatch === "*" && (await exists(url.pathname))) return refuse(res);
      const answer = await forward(req, body, upstream);
      const tagging = pendingTags.get(url.pathname);
      if (answer.status === 200 && tagging !== undefined) {
        pendingTags.delete(url.pathname);
        await putTags(url.pathname, new URLSearchParams(tagging));
      }
      return reply(res, answer);
    }

    reply(res, await forward(req, body, upstream));
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    partCopies,
    copiesWritten,
    stop: () => {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

function forward(req: IncomingMessage, body: Buffer, upstream: URL): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const proxied = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      async (answer) => {
        const chunks: Buffer[] = [];
        for await (const chunk of answer) chunks.push(chunk as Buffer);
        resolve({
          status: answer.statusCode ?? 502,
          headers: answer.headers,
          body: Buffer.concat(chunks),
        });
      },
    );
    proxied.on("error", reject);
    proxied.end(body);
  });
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** A decoded `/bucket/key` path as s3rver's URL wants it: each segment encoded. */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
