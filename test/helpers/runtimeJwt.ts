// Hand-made JWTs for forgery cases and for the benchmark (which has no cognito-local).
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Jwks } from "aws-jwt-verify/jwk";

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly jwks: Jwks;
  readonly kid: string;
}

export function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  return {
    privateKey,
    kid,
    jwks: { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] } as unknown as Jwks,
  };
}

/** RS256-signs `payload` with `header` (alg forced to RS256). */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const input = `${b64({ ...header, alg: "RS256" })}.${b64(payload)}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key).toString("base64url");
  return `${input}.${signature}`;
}

/** An unsigned token claiming `alg: none`. */
export function unsignedJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  return `${b64({ ...header, alg: "none" })}.${b64(payload)}.`;
}

/** A user pool of the test's own: its verifier settings, and ID tokens signed with its key. */
export interface LocalPool {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly jwks: Jwks;
  /** A genuine-looking ID token of tenant acme; `undefined` overrides drop a claim. */
  token(overrides?: Record<string, unknown>): string;
}

export function localPool(): LocalPool {
  const key = newSigningKey("test-key");
  const userPoolId = "eu-west-1_Test";
  const issuer = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
  return {
    userPoolId,
    clientId: "app",
    issuer,
    jwks: key.jwks,
    token(overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: issuer,
        aud: "app",
        token_use: "id",
        sub: "0f6e7d1c-aaaa-bbbb-cccc-000000000001",
        "cognito:username": "jane",
        "custom:tenantId": "acme",
        "cognito:groups": ["tenant-acme"],
        iat: now,
        exp: now + 600,
        ...overrides,
      };
      for (const [name, value] of Object.entries(claims))
        if (value === undefined) delete claims[name];
      return signJwt({ kid: key.kid }, claims, key.privateKey);
    },
  };
}
