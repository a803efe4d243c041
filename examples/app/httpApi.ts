// The part of API Gateway's HTTP API (payload format 2.0) the example reads and answers, so the
// same handlers run behind API Gateway and behind the local server of `npm run dev`.

/** An HTTP API (payload 2.0) request, as far as the example reads it. */
export interface HttpApiEvent {
  readonly version?: string;
  /** `METHOD /path/{param}` of the matched route, e.g. `GET /notes/{id}`. */
  readonly routeKey: string;
  readonly rawPath?: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** What a handler returns; API Gateway decodes a base64 body before it reaches the client. */
export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

/** A JSON response. */
export function json(statusCode: number, body: unknown): HttpApiResult {
  return {
    statusCode,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** A 400 that names the field and how to send it right. */
export function badRequest(field: string, fix: string): HttpApiResult {
  return json(400, { message: `${field}: ${fix}` });
}

/** The request body's bytes, whether API Gateway passed it as text or base64. */
export function bodyBytes(event: HttpApiEvent): Buffer {
  const body = event.body ?? "";
  return Buffer.from(body, event.isBase64Encoded ? "base64" : "utf8");
}

/** The body as a JSON object, or undefined when it is not one. */
export function jsonObject(event: HttpApiEvent): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyBytes(event).toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Header lookup that ignores case (REST APIs keep the client's casing, HTTP APIs lower-case). */
export function header(event: HttpApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** No route of this function matched: API Gateway only sends declared routes, so a wiring bug. */
export function routeNotFound(event: HttpApiEvent): HttpApiResult {
  return json(404, { message: `no route ${event.routeKey}` });
}
