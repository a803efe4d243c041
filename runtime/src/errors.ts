/**
 * Typed errors with stable string codes. Every failure a caller (or their user) can cause is
 * one of these; `withTenant` maps each code to an HTTP status through one table and never puts
 * the message in a response body, so messages may name what went wrong.
 */

/** Codes for a token that is absent or fails verification (HTTP 401). */
export type TokenErrorCode =
  | "ERR_TOKEN_MISSING"
  | "ERR_TOKEN_MALFORMED"
  | "ERR_TOKEN_SIGNATURE_INVALID"
  | "ERR_TOKEN_EXPIRED"
  | "ERR_TOKEN_ISSUER_INVALID"
  | "ERR_TOKEN_AUDIENCE_INVALID"
  | "ERR_TOKEN_USE_INVALID"
  | "ERR_TOKEN_INVALID";

/** Codes for a valid token that does not grant a tenant (HTTP 403). */
export type TenantAccessErrorCode =
  | "ERR_TENANT_CLAIM_MISSING"
  | "ERR_TENANT_ID_INVALID"
  | "ERR_TENANT_GROUP_MISMATCH"
  | "ERR_TENANT_NOT_PLACED";

/** Codes for a request a tenant client refuses before anything is sent. */
export type RequestRefusedErrorCode =
  | "ERR_KEY_INVALID"
  | "ERR_INPUT_NOT_PLAIN"
  | "ERR_HEADER_VALUE_INVALID"
  | "ERR_EXPRESSION_REFERENCES_PARTITION_KEY"
  | "ERR_PARAMETER_NOT_SUPPORTED"
  | "ERR_OPERATION_NOT_SUPPORTED"
  | "ERR_INDEX_NOT_DECLARED"
  | "ERR_MODEL_NOT_ALLOWED";

/** Codes for STS not issuing a tenant's credentials: denied (HTTP 403) or failed (HTTP 503). */
export type AssumeRoleErrorCode = "ERR_ASSUME_ROLE_DENIED" | "ERR_ASSUME_ROLE_FAILED";

export type TenancyErrorCode =
  | TokenErrorCode
  | TenantAccessErrorCode
  | RequestRefusedErrorCode
  | AssumeRoleErrorCode
  | "ERR_CONFIG_INVALID"
  | "ERR_JWKS_UNAVAILABLE"
  | "ERR_FOREIGN_DATA";

/**
 * Base class of every runtime error.
 *
 * @example
 * ```ts
 * try {
 *   await ctx.dynamodb.get({ Key: { pk: "a#b", sk: "x" } });
 * } catch (err) {
 *   if (err instanceof TenancyError && err.code === "ERR_KEY_INVALID") return badRequest();
 *   throw err;
 * }
 * ```
 */
export class TenancyError<C extends TenancyErrorCode = TenancyErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = this.constructor.name;
  }
}

/**
 * Missing, malformed, forged, expired or misdirected token.
 *
 * @example
 * ```ts
 * throw new TokenError("ERR_TOKEN_MISSING", "No bearer token in the Authorization header");
 * ```
 */
export class TokenError extends TenancyError<TokenErrorCode> {}

/**
 * The token is genuine but does not name a tenant the user belongs to.
 *
 * @example
 * ```ts
 * throw new TenantAccessError("ERR_TENANT_GROUP_MISMATCH", "User is not in group tenant-acme");
 * ```
 */
export class TenantAccessError extends TenancyError<TenantAccessErrorCode> {}

/**
 * A tenant client refused a request before sending it (escaping key, expression on `pk`,
 * unsupported operation or parameter, model the tenant may not use).
 *
 * @example
 * ```ts
 * throw new RequestRefusedError("ERR_OPERATION_NOT_SUPPORTED", "Scan is not available");
 * ```
 */
export class RequestRefusedError extends TenancyError<RequestRefusedErrorCode> {}

/**
 * The runtime configuration (explicit or from the environment) is incomplete or invalid.
 *
 * @example
 * ```ts
 * throw new ConfigError("Missing environment variables: TENANCY_TABLE_NAME");
 * ```
 */
export class ConfigError extends TenancyError<"ERR_CONFIG_INVALID"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_CONFIG_INVALID", message, options);
  }
}

/**
 * The user pool's signing keys could not be fetched, so no token can be checked.
 *
 * @example
 * ```ts
 * throw new JwksUnavailableError("Could not fetch the JWKS", { cause: err });
 * ```
 */
export class JwksUnavailableError extends TenancyError<"ERR_JWKS_UNAVAILABLE"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_JWKS_UNAVAILABLE", message, options);
  }
}

/**
 * STS refused or failed to issue the tenant's credentials (after retrying throttling).
 * `ERR_ASSUME_ROLE_DENIED`: STS answered AccessDenied (the tenant's role was deleted, or its
 * trust policy changed); `ERR_ASSUME_ROLE_FAILED`: anything else (default).
 *
 * @example
 * ```ts
 * throw new AssumeRoleError("Could not assume the role of tenant acme", { cause: err });
 * ```
 */
export class AssumeRoleError extends TenancyError<AssumeRoleErrorCode> {
  /**
   * STS itself refused the request (a client fault other than throttling): asking again within
   * seconds gets the same answer, so the credentials cache remembers it for a while.
   */
  readonly refused: boolean;

  constructor(
    message: string,
    options: { cause?: unknown; code?: AssumeRoleErrorCode; refused?: boolean } = {},
  ) {
    const { code = "ERR_ASSUME_ROLE_FAILED", refused = false, ...errorOptions } = options;
    super(code, message, errorOptions);
    this.refused = refused;
  }
}

/**
 * A response carried a key outside the tenant's prefix. IAM makes this impossible; the runtime
 * still refuses to hand such data to the caller rather than strip it silently.
 *
 * @example
 * ```ts
 * throw new ForeignDataError("DynamoDB returned an item outside tenant acme");
 * ```
 */
export class ForeignDataError extends TenancyError<"ERR_FOREIGN_DATA"> {
  constructor(message: string) {
    super("ERR_FOREIGN_DATA", message);
  }
}

/** Every concrete error the runtime throws, for exhaustive `switch (err.code)`. */
export type AnyTenancyError =
  | TokenError
  | TenantAccessError
  | RequestRefusedError
  | ConfigError
  | JwksUnavailableError
  | AssumeRoleError
  | ForeignDataError;

/**
 * Narrows an unknown value to a runtime error.
 *
 * @example
 * ```ts
 * if (isTenancyError(err)) console.log(err.code);
 * ```
 */
export function isTenancyError(value: unknown): value is AnyTenancyError {
  return value instanceof TenancyError;
}
