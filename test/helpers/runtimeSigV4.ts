import type { IncomingHttpHeaders } from "node:http";

/** What both HTTP/1.1 and HTTP/2 server requests offer. */
export interface SignedRequest extends AsyncIterable<unknown> {
  readonly headers: IncomingHttpHeaders;
  readonly url?: string;
}

/**
 * The access key id that signed a request: from the SigV4 `Authorization` header, or from
 * `X-Amz-Credential` for presigned URLs. Lets a test prove which credentials were used.
 */
export function signingAccessKey(req: SignedRequest): string | undefined {
  const header = req.headers.authorization;
  const fromHeader = header === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(header)?.[1];
  if (fromHeader !== undefined) return fromHeader;
  const query = new URL(req.url ?? "/", "http://local").searchParams.get("X-Amz-Credential");
  return query?.split("/")[0];
}

export async function readBody(req: SignedRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
