import {
  createTenantContext,
  type TenantContext,
  type TenantRuntime,
} from "../context/createTenantContext";
import { isTenancyError, type TenancyErrorCode } from "../errors";

/** The part of an API Gateway REST (v1) or HTTP API (v2) proxy event the adapter reads. */
export interface ApiGatewayEvent {
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
}

/** A proxy integration response (both payload versions accept this shape). */
export interface ApiGatewayResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

export interface WithTenantOptions {
  /** Runtime to use; default: one built from the environment on first invocation. */
  readonly runtime?: TenantRuntime;
  /** Where refused requests are reported (the response never carries the message). */
  readonly log?: (entry: { readonly code: TenancyErrorCode; readonly message: string }) => void;
}

/** The one table from error code to HTTP status. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<TenancyErrorCode, number>> = {
  ERR_TOKEN_MISSING: 401,
  ERR_TOKEN_MALFORMED: 401,
  ERR_TOKEN_SIGNATURE_INVALID: 401,
  ERR_TOKEN_EXPIRED: 401,
  ERR_TOKEN_ISSUER_INVALID: 401,
  ERR_TOKEN_AUDIENCE_INVALID: 401,
  ERR_TOKEN_USE_INVALID: 401,
  ERR_TOKEN_INVALID: 401,
  ERR_TENANT_CLAIM_MISSING: 403,
  ERR_TENANT_ID_INVALID: 403,
  ERR_TENANT_GROUP_MISMATCH: 403,
  ERR_TENANT_NOT_PLACED: 403,
  ERR_MODEL_NOT_ALLOWED: 403,
  ERR_ASSUME_ROLE_DENIED: 403,
  ERR_KEY_INVALID: 400,
  ERR_INPUT_NOT_PLAIN: 400,
  ERR_HEADER_VALUE_INVALID: 400,
  // The next four are mistakes in the handler's code, not in the request.
  ERR_EXPRESSION_REFERENCES_PARTITION_KEY: 500,
  ERR_PARAMETER_NOT_SUPPORTED: 500,
  ERR_OPERATION_NOT_SUPPORTED: 500,
  ERR_INDEX_NOT_DECLARED: 500,
  ERR_CONFIG_INVALID: 500,
  ERR_FOREIGN_DATA: 500,
  ERR_JWKS_UNAVAILABLE: 503,
  ERR_ASSUME_ROLE_FAILED: 503,
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * Adapts an API Gateway (REST or HTTP API) handler: verifies the caller, builds the tenant
 * context, and turns runtime errors into 4xx/5xx responses whose body holds only the status
 * text. Errors that are not the runtime's are rethrown untouched.
 *
 * @example
 * ```ts
 * export const handler = withTenant(async (event, ctx) => {
 *   const { Item } = await ctx.dynamodb.get({ Key: { pk: "settings", sk: "v1" } });
 *   return { statusCode: 200, body: JSON.stringify(Item ?? {}) };
 * });
 * ```
 */
export function withTenant<E extends ApiGatewayEvent, R>(
  handler: (event: E, tenant: TenantContext, lambdaContext: unknown) => Promise<R>,
  options: WithTenantOptions = {},
): (event: E, lambdaContext?: unknown) => Promise<R | ApiGatewayResult> {
  const log = options.log ?? ((entry) => console.warn(JSON.stringify({ level: "WARN", ...entry })));
  return async (event, lambdaContext) => {
    try {
      const tenant = await createTenantContext(authorizationHeader(event), options.runtime);
      return await handler(event, tenant, lambdaContext);
    } catch (err) {
      if (!isTenancyError(err)) throw err;
      log({ code: err.code, message: err.message });
      return errorResponse(HTTP_STATUS_BY_CODE[err.code]);
    }
  };
}

/** REST APIs keep the client's header casing; HTTP APIs lower-case it. */
function authorizationHeader(event: ApiGatewayEvent): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === "authorization") return value;
  }
  return undefined;
}

function errorResponse(statusCode: number): ApiGatewayResult {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (statusCode === 401) headers["www-authenticate"] = 'Bearer error="invalid_token"';
  return { statusCode, headers, body: JSON.stringify({ message: STATUS_TEXT[statusCode] }) };
}
