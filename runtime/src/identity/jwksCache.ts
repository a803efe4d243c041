import { SimpleFetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache, assertIsJwks, type Jwks } from "aws-jwt-verify/jwk";
import { JwksUnavailableError } from "../errors";

/** Longest wait for a JWKS over plain http (local issuers); https uses aws-jwt-verify's own. */
const LOCAL_FETCH_TIMEOUT_MS = 5000;

/**
 * aws-jwt-verify's JWKS cache (key rotation, penalty box for unknown key ids) with two changes:
 * a JWKS URL on plain http is fetched too, since local issuers such as cognito-local serve
 * their keys that way, and every failure is an `ERR_JWKS_UNAVAILABLE` that names the URL and
 * the reason (refused connection, HTTP status, not a JWKS) rather than a bare 401.
 *
 * @example
 * ```ts
 * JwtVerifier.create({ issuer, audience: null, jwksUri }, { jwksCache: reportingJwksCache() });
 * ```
 */
export function reportingJwksCache(): SimpleJwksCache {
  const https = new SimpleFetcher();
  return new SimpleJwksCache({
    fetcher: {
      async fetch(uri: string): Promise<ArrayBuffer> {
        try {
          return uri.startsWith("https:") ? await https.fetch(uri) : await fetchPlain(uri);
        } catch (err) {
          throw new JwksUnavailableError(
            `Could not fetch the signing keys from ${uri}: ${reason(err)}`,
            { cause: err },
          );
        }
      },
    },
    jwksParser: (body) => parseJwks(body, "the fetched document"),
  });
}

/**
 * Parses and checks a JWKS (from a fetch or a file).
 *
 * @example
 * ```ts
 * const jwks = parseJwks(readFileSync(path), path);
 * ```
 */
export function parseJwks(body: ArrayBuffer | Uint8Array, source: string): Jwks {
  try {
    const json: unknown = JSON.parse(Buffer.from(body as ArrayBuffer).toString("utf8"));
    assertIsJwks(json as Parameters<typeof assertIsJwks>[0]);
    return json as Jwks;
  } catch (err) {
    throw new JwksUnavailableError(`${source} is not a JWKS: ${reason(err)}`, { cause: err });
  }
}

async function fetchPlain(uri: string): Promise<ArrayBuffer> {
  const res = await fetch(uri, { signal: AbortSignal.timeout(LOCAL_FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** The most telling message: Node's fetch hides the socket error (ECONNREFUSED ...) in `cause`. */
function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { cause } = err;
  if (!(cause instanceof Error)) return err.message;
  const code = (cause as { code?: unknown }).code;
  return `${err.message} (${typeof code === "string" ? code : cause.message})`;
}
