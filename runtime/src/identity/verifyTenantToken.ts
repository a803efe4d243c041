import { JwtVerifier } from "aws-jwt-verify";
import {
  JwksValidationError,
  JwkValidationError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from "aws-jwt-verify/error";
import type { Jwks } from "aws-jwt-verify/jwk";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { JwksUnavailableError, TenancyError, TenantAccessError, TokenError } from "../errors";
import {
  MAX_TENANT_ID_LENGTH,
  TENANT_ID_CLAIM,
  isReservedTenantId,
  isValidTenantId,
  tenantGroupName,
} from "../naming";
import { reportingJwksCache } from "./jwksCache";
import { assertUnambiguousJwt } from "./jwtSyntax";

/** Where the verifier finds the user pool. */
export interface TenantTokenVerifierConfig {
  /** Cognito user pool id, e.g. `eu-west-1_AbCdEf123`. */
  readonly userPoolId: string;
  /** App client id(s) the ID token may be issued to (`aud`): web, mobile ... */
  readonly clientId: string | readonly string[];
  /**
   * Expected `iss`. Defaults to `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`;
   * set it only for an emulator such as cognito-local.
   */
  readonly issuer?: string;
  /** Signing keys to use without fetching them. */
  readonly jwks?: Jwks;
  /**
   * Where to fetch the signing keys; default `<issuer>/.well-known/jwks.json`. Plain http is
   * accepted for local issuers such as cognito-local.
   */
  readonly jwksUri?: string;
  /**
   * Longest tenant id accepted: what fits a role name, `maxTenantIdLength(namePrefix)`.
   * Default {@link MAX_TENANT_ID_LENGTH}, the bound for the shortest possible prefix.
   */
  readonly maxTenantIdLength?: number;
  /**
   * How far in the future `iat` may lie, for clock differences between Cognito and the Lambda
   * (default 30 s); a token issued later than that is refused.
   */
  readonly clockSkewSeconds?: number;
}

/** Who is calling, as established by a verified ID token. */
export interface TenantIdentity {
  readonly tenantId: string;
  /** Cognito `sub`: stable, unique user id. */
  readonly subject: string;
  readonly username: string | undefined;
  /** Value sent to STS as SourceIdentity, so CloudTrail records which user acted. */
  readonly sourceIdentity: string;
  readonly groups: readonly string[];
  /** All verified claims, for application use. */
  readonly claims: Readonly<JwtPayload>;
}

/** Verifies Cognito ID tokens and extracts the caller's tenant. */
export interface TenantTokenVerifier {
  verify(token: string | undefined): Promise<TenantIdentity>;
}

/** Default {@link TenantTokenVerifierConfig.clockSkewSeconds}. */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/** STS accepts SourceIdentity values of 2-64 characters from this set. */
const SOURCE_IDENTITY_PATTERN = /^[\w+=,.@-]{2,64}$/;

/**
 * Builds a verifier for one user pool and app client. Build it once per container: it caches
 * the pool's signing keys.
 *
 * @example
 * ```ts
 * const verifier = createTenantTokenVerifier({ userPoolId: "eu-west-1_AbC123", clientId: "abc" });
 * const { tenantId, sourceIdentity } = await verifier.verify(bearerToken(event.headers.Authorization));
 * ```
 */
export function createTenantTokenVerifier(config: TenantTokenVerifierConfig): TenantTokenVerifier {
  const clientIds: readonly string[] =
    typeof config.clientId === "string" ? [config.clientId] : config.clientId;
  const clockSkewSeconds = config.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const issuer = config.issuer ?? cognitoIssuer(config.userPoolId);
  // The generic verifier (not CognitoJwtVerifier) so the issuer can point at an emulator whose
  // pool ids do not look like AWS ones; the Cognito-specific checks are done here instead.
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: config.jwksUri ?? `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        // aws-jwt-verify checks exp only when present: a token without it would never expire.
        for (const claim of ["exp", "iat"] as const) {
          if (typeof payload[claim] !== "number") {
            throw new TokenError("ERR_TOKEN_INVALID", `Token has no numeric ${claim} claim`);
          }
        }
        if ((payload.iat as number) > Date.now() / 1000 + clockSkewSeconds) {
          throw new TokenError(
            "ERR_TOKEN_EXPIRED",
            `Token is issued in the future (iat more than ${clockSkewSeconds} s ahead)`,
          );
        }
        if (payload.token_use !== "id") {
          throw new TokenError(
            "ERR_TOKEN_USE_INVALID",
            `Expected an ID token, got token_use ${JSON.stringify(payload.token_use ?? null)}`,
          );
        }
        const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        if (!audience.some((aud) => typeof aud === "string" && clientIds.includes(aud))) {
          throw new TokenError(
            "ERR_TOKEN_AUDIENCE_INVALID",
            "Token was issued to another app client",
          );
        }
      },
    },
    { jwksCache: reportingJwksCache() },
  );
  if (config.jwks !== undefined) verifier.cacheJwks(config.jwks);

  return {
    async verify(token) {
      if (token === undefined || token === "") {
        throw new TokenError("ERR_TOKEN_MISSING", "No bearer token was presented");
      }
      assertUnambiguousJwt(token);
      let payload: JwtPayload;
      try {
        payload = await verifier.verify(token);
      } catch (err) {
        throw translateVerifyError(err);
      }
      return tenantIdentityFrom(payload, config.maxTenantIdLength ?? MAX_TENANT_ID_LENGTH);
    },
  };
}

/**
 * Extracts the token from an `Authorization: Bearer <token>` header value.
 *
 * @example
 * ```ts
 * bearerToken("Bearer eyJ..."); // "eyJ..."
 * ```
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (match === null) {
    throw new TokenError(
      "ERR_TOKEN_MALFORMED",
      "Authorization header is not of the form 'Bearer <token>'",
    );
  }
  return match[1];
}

function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split("_")[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

function tenantIdentityFrom(payload: JwtPayload, maxIdLength: number): TenantIdentity {
  const tenantId = payload[TENANT_ID_CLAIM];
  if (typeof tenantId !== "string" || tenantId === "") {
    throw new TenantAccessError(
      "ERR_TENANT_CLAIM_MISSING",
      `Token has no ${TENANT_ID_CLAIM} claim`,
    );
  }
  // An id no role name can hold could never be assumed; refuse it as a token problem (403).
  if (tenantId.length > maxIdLength) {
    throw new TenantAccessError(
      "ERR_TENANT_ID_INVALID",
      `Claim ${TENANT_ID_CLAIM} must be at most ${maxIdLength} characters (the tenant role name limit)`,
    );
  }
  if (!isValidTenantId(tenantId) || isReservedTenantId(tenantId)) {
    throw new TenantAccessError(
      "ERR_TENANT_ID_INVALID",
      `Claim ${TENANT_ID_CLAIM} is not a valid tenant id: ${JSON.stringify(tenantId)}`,
    );
  }
  const rawGroups = payload["cognito:groups"];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((g): g is string => typeof g === "string")
    : [];
  const group = tenantGroupName(tenantId);
  if (!groups.includes(group)) {
    throw new TenantAccessError("ERR_TENANT_GROUP_MISMATCH", `User is not in group ${group}`);
  }
  const subject = payload.sub;
  if (typeof subject !== "string" || subject === "") {
    throw new TokenError("ERR_TOKEN_INVALID", "Token has no sub claim");
  }
  const rawUsername = payload["cognito:username"];
  const username = typeof rawUsername === "string" ? rawUsername : undefined;
  return {
    tenantId,
    subject,
    username,
    sourceIdentity: sourceIdentityFor(username, subject),
    groups,
    claims: payload,
  };
}

/**
 * The username reads best in CloudTrail; when it has characters STS refuses, fall back to the
 * `sub` (a UUID) rather than rewriting it, because two rewritten names could collide.
 */
function sourceIdentityFor(username: string | undefined, subject: string): string {
  if (username !== undefined && SOURCE_IDENTITY_PATTERN.test(username)) return username;
  if (SOURCE_IDENTITY_PATTERN.test(subject)) return subject;
  throw new TokenError("ERR_TOKEN_INVALID", "Token carries no user name usable as SourceIdentity");
}

/** The one place where aws-jwt-verify's errors become ours. */
function translateVerifyError(err: unknown): TenancyError {
  if (err instanceof TenancyError) return err;
  const cause = { cause: err };
  if (err instanceof JwtExpiredError)
    return new TokenError("ERR_TOKEN_EXPIRED", "Token has expired", cause);
  if (err instanceof JwtNotBeforeError)
    return new TokenError("ERR_TOKEN_EXPIRED", "Token is not valid yet", cause);
  if (err instanceof JwtInvalidIssuerError) {
    return new TokenError(
      "ERR_TOKEN_ISSUER_INVALID",
      "Token was issued by another user pool",
      cause,
    );
  }
  if (err instanceof JwtInvalidAudienceError) {
    return new TokenError(
      "ERR_TOKEN_AUDIENCE_INVALID",
      "Token was issued to another app client",
      cause,
    );
  }
  if (
    err instanceof JwtInvalidSignatureError ||
    err instanceof JwtInvalidSignatureAlgorithmError ||
    err instanceof KidNotFoundInJwksError ||
    err instanceof JwtWithoutValidKidError ||
    err instanceof WaitPeriodNotYetEndedJwkError
  ) {
    return new TokenError("ERR_TOKEN_SIGNATURE_INVALID", "Token signature is not valid", cause);
  }
  if (err instanceof JwtParseError)
    return new TokenError("ERR_TOKEN_MALFORMED", "Token is not a JWT", cause);
  if (err instanceof JwksValidationError || err instanceof JwkValidationError) {
    return new JwksUnavailableError(
      `The user pool's signing keys are not usable: ${err.message}`,
      cause,
    );
  }
  return new TokenError("ERR_TOKEN_INVALID", "Token could not be verified", cause);
}
