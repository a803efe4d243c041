import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExampleHandler } from "../app/handlers";
import type { HttpApiEvent } from "../app/httpApi";
import type { ExampleFunction, ExampleRoute } from "../app/routes";
import { routeMatcher } from "./routeMatcher";

export interface LocalHttpApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

export interface LocalHttpApiOptions {
  readonly routes: readonly ExampleRoute[];
  readonly handlers: Readonly<Record<ExampleFunction, ExampleHandler>>;
  /** 0 (default): a free port chosen by the OS. */
  readonly port?: number;
  /** Where handler failures are reported (the caller gets a bare 500, as from API Gateway). */
  readonly log?: (message: string) => void;
}

/** Bodies of these types reach a Lambda as text; anything else arrives base64-encoded. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|xml|x-www-form-urlencoded)|[^;]*\+json)/i;

/**
 * Stands in for API Gateway's HTTP API on 127.0.0.1: turns each request into a payload 2.0
 * event for the function its route names, and the function's result into the response. It does
 * not check tokens itself (the deployed API's JWT authorizer does): the runtime inside every
 * handler verifies them either way.
 */
export async function startLocalHttpApi(options: LocalHttpApiOptions): Promise<LocalHttpApi> {
  const match = routeMatcher(options.routes);
  const log = options.log ?? ((message: string) => console.error(message));
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log(`handler failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      if (!res.headersSent)
        send(
          res,
          500,
          { "content-type": "application/json" },
          '{"message":"Internal Server Error"}',
        );
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    let matched;
    try {
      matched = match(method, url.pathname);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      const message = '{"message":"Bad Request: the path holds a malformed %-escape"}';
      send(res, 400, { "content-type": "application/json" }, message);
      return;
    }
    if (matched === undefined) {
      send(res, 404, { "content-type": "application/json" }, '{"message":"Not Found"}');
      return;
    }
    const body = await readBody(req);
    const contentType = req.headers["content-type"] ?? "";
    const asText = body.length === 0 || TEXT_CONTENT_TYPE.test(contentType);
    const event: HttpApiEvent = {
      version: "2.0",
      routeKey: matched.route.routeKey,
      rawPath: url.pathname,
      headers: flatHeaders(req),
      pathParameters: matched.pathParameters,
      queryStringParameters:
        url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
      body: body.length === 0 ? undefined : body.toString(asText ? "utf8" : "base64"),
      isBase64Encoded: !asText,
    };
    const result = await options.handlers[matched.route.function](event);
    const payload = Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
    send(res, result.statusCode, result.headers ?? {}, payload);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** HTTP APIs hand Lambdas lower-cased headers, repeated ones joined by commas. */
function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
