// An in-process HTTP handler for SDK clients: records every request and answers from a function,
// so a test (or the benchmark) exercises the whole SDK pipeline without a socket.
import { Readable } from "node:stream";
import { HttpResponse, type HttpRequest } from "@smithy/core/protocols";

export interface StubReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface StubTransport {
  /** Every request the client sent, in order. */
  readonly requests: HttpRequest[];
  /** Pass as the client's `requestHandler`. */
  readonly requestHandler: {
    handle(request: HttpRequest): Promise<{ response: HttpResponse }>;
    updateHttpClientConfig(): void;
    httpHandlerConfigs(): Record<string, never>;
  };
}

export function stubTransport(
  reply: (request: HttpRequest) => StubReply = () => ({ body: "{}" }),
): StubTransport {
  const requests: HttpRequest[] = [];
  return {
    requests,
    requestHandler: {
      async handle(request) {
        requests.push(request);
        const { status = 200, headers = {}, body = "" } = reply(request);
        return {
          response: new HttpResponse({
            statusCode: status,
            headers: { "content-length": String(Buffer.byteLength(body)), ...headers },
            body: Readable.from([Buffer.from(body)]),
          }),
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

/** A recorded request's body as text (the SDK may hand over a string or bytes). */
export function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  return typeof body === "string" ? body : new TextDecoder().decode(body as Uint8Array);
}

/** Static credentials for clients that talk to a stub. */
export const STUB_CREDENTIALS = { accessKeyId: "AKIASTUB", secretAccessKey: "stub" };
