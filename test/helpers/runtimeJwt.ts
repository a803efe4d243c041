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
  /** The claims `token()` would carry, for tests that write the payload text themselves. */
  claims(): Record<string, unknown>;
  /** A token whose payload is exactly `payloadJson`, signed with the pool's key. */
  tokenFromText(payloadJson: string): string;
}

export function localPool(): LocalPool {
  const key = newSigningKey("test-key");
  const userPoolId = "eu-west-1_Test";
  const issuer = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
  const claims = (): Record<string, unknown> => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: issuer,
      aud: "app",
      token_use: "id",
      sub: "0f6e7d1c-aaaa-bbbb-cccc-000000000001",
      "cognito:username": "jane",
      "custom:tenantId": "acme",
      "cognito:groups": ["tenant-acme"],
      iat: now,
      exp: now + 600,
    };
  };
  return {
    userPoolId,
    clientId: "app",
    issuer,
    jwks: key.jwks,
    claims,
    tokenFromText(payloadJson) {
      const header = Buffer.from(JSON.stringify({ kid: key.kid, alg: "RS256" })).toString(
        "base64url",
      );
      const input = `${header}.${Buffer.from(payloadJson).toString("base64url")}`;
      const signature = createSign("RSA-SHA256")
        .update(input)
        .sign(key.privateKey)
        .toString("base64url");
      return `${input}.${signature}`;
    },
    token(overrides = {}) {
      const payload: Record<string, unknown> = { ...claims(), ...overrides };
      for (const [name, value] of Object.entries(payload))
        if (value === undefined) delete payload[name];
      return signJwt({ kid: key.kid }, payload, key.privateKey);
    },
  };
}
