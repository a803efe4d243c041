import { expect } from "chai";
import sinon from "sinon";
import {
  TenancyError,
  bearerToken,
  createTenantTokenVerifier,
  type TenantTokenVerifier,
} from "@tenancy/runtime";
import { MAX_TENANT_ID_LENGTH } from "@tenancy/runtime/naming";
import { startCognito, type CognitoLocal } from "../helpers/emulators";
import {
  createClient,
  createPool,
  createUser,
  signIn,
  type PoolFixture,
  type SignedIn,
} from "../helpers/runtimeCognito";
import {
  decodeHeader,
  decodePayload,
  localPool,
  newSigningKey,
  signJwt,
  unsignedJwt,
} from "../helpers/runtimeJwt";
import { refusal } from "../helpers/runtimeRefusal";

describe("verifyTenantToken", () => {
  const ownPool = localPool();
  const ownVerifier = createTenantTokenVerifier(ownPool);
  let cognito: CognitoLocal;
  let pool: PoolFixture;
  let otherPool: PoolFixture;
  let otherClientId: string;
  let verifier: TenantTokenVerifier;
  const tokens: Record<string, SignedIn> = {};

  before(async () => {
    cognito = await startCognito();
    pool = await createPool(cognito, "main");
    otherPool = await createPool(cognito, "other");
    otherClientId = await createClient(cognito, pool.poolId, "other-app");
    const users = [
      { email: "alice@acme.test", tenantId: "acme", groups: ["tenant-acme"] },
      { email: "nobody@acme.test", groups: ["tenant-acme"] },
      { email: "mallory@acme.test", tenantId: "acme", groups: ["tenant-globex"] },
      { email: "odd@acme.test", tenantId: "Acme_1", groups: ["tenant-Acme_1"] },
      { email: "root@acme.test", tenantId: "admin", groups: ["tenant-admin"] },
    ];
    for (const user of users) {
      await createUser(cognito, pool.poolId, user);
      tokens[user.email] = await signIn(cognito, pool.clientId, user.email);
    }
    await createUser(cognito, otherPool.poolId, users[0]!);
    tokens.otherPool = await signIn(cognito, otherPool.clientId, "alice@acme.test");
    tokens.otherClient = await signIn(cognito, otherClientId, "alice@acme.test");
    verifier = createTenantTokenVerifier({
      userPoolId: pool.poolId,
      clientId: pool.clientId,
      issuer: pool.issuer,
      jwks: pool.jwks,
    });
  });

  after(() => cognito.stop());

  describe("verify", () => {
    it("returns the tenant, user and SourceIdentity of a genuine ID token", async () => {
      const token = tokens["alice@acme.test"]!.idToken;
      const claims = decodePayload(token);

      const identity = await verifier.verify(token);

      expect(identity.tenantId).to.equal("acme");
      expect(identity.subject).to.equal(claims.sub);
      expect(identity.username).to.equal(claims["cognito:username"]);
      expect(identity.sourceIdentity).to.equal(claims["cognito:username"]);
      expect(identity.groups).to.deep.equal(["tenant-acme"]);
    });

    it("refuses a missing token", async () => {
      expect(await refusal(verifier.verify(undefined))).to.deep.equal({
        code: "ERR_TOKEN_MISSING",
        message: "No bearer token was presented",
      });
    });

    it("refuses a string that is not a JWT", async () => {
      expect(await refusal(verifier.verify("not-a-jwt"))).to.deep.equal({
        code: "ERR_TOKEN_MALFORMED",
        message: "Token is not a JWT",
      });
    });

    it("refuses alg none without a signature as malformed", async () => {
      const genuine = tokens["alice@acme.test"]!.idToken;
      const forged = unsignedJwt(decodeHeader(genuine), decodePayload(genuine));

      expect(await refusal(verifier.verify(forged))).to.deep.equal({
        code: "ERR_TOKEN_MALFORMED",
        message: "Token is not a JWT",
      });
    });

    it("refuses alg none carrying the genuine signature", async () => {
      const genuine = tokens["alice@acme.test"]!.idToken;
      const forged = `${unsignedJwt(decodeHeader(genuine), decodePayload(genuine))}${genuine.split(".")[2]}`;

      expect(await refusal(verifier.verify(forged))).to.deep.equal({
        code: "ERR_TOKEN_SIGNATURE_INVALID",
        message: "Token signature is not valid",
      });
    });

    it("refuses a token re-signed with another key under the pool's key id", async () => {
      const genuine = tokens["alice@acme.test"]!.idToken;
      const attacker = newSigningKey("CognitoLocal");
      const forged = signJwt(
        decodeHeader(genuine),
        { ...decodePayload(genuine), "custom:tenantId": "globex" },
        attacker.privateKey,
      );

      expect(await refusal(verifier.verify(forged))).to.deep.equal({
        code: "ERR_TOKEN_SIGNATURE_INVALID",
        message: "Token signature is not valid",
      });
    });

    it("refuses an expired token", async () => {
      const token = tokens["alice@acme.test"]!.idToken;
      const exp = decodePayload(token).exp as number;
      const clock = sinon.useFakeTimers({ now: (exp + 1) * 1000, toFake: ["Date"] });
      try {
        expect(await refusal(verifier.verify(token))).to.deep.equal({
          code: "ERR_TOKEN_EXPIRED",
          message: "Token has expired",
        });
      } finally {
        clock.restore();
      }
    });

    it("refuses a token from another user pool", async () => {
      expect(await refusal(verifier.verify(tokens.otherPool!.idToken))).to.deep.equal({
        code: "ERR_TOKEN_ISSUER_INVALID",
        message: "Token was issued by another user pool",
      });
    });

    it("refuses a token issued to another app client", async () => {
      expect(await refusal(verifier.verify(tokens.otherClient!.idToken))).to.deep.equal({
        code: "ERR_TOKEN_AUDIENCE_INVALID",
        message: "Token was issued to another app client",
      });
    });

    it("accepts ID tokens of every listed app client (web and mobile), and only those", async () => {
      // A user of this pool only: cognito-local leaves cognito:groups out of the tokens of a
      // user that two pools hold when she signs in through a second client.
      const dora = { email: "dora@acme.test", tenantId: "acme", groups: ["tenant-acme"] };
      await createUser(cognito, pool.poolId, dora);
      const thirdClientId = await createClient(cognito, pool.poolId, "third-app");
      const [web, mobile, third] = await Promise.all(
        [pool.clientId, otherClientId, thirdClientId].map((id) => signIn(cognito, id, dora.email)),
      );
      const both = createTenantTokenVerifier({
        userPoolId: pool.poolId,
        clientId: [pool.clientId, otherClientId],
        issuer: pool.issuer,
        jwks: pool.jwks,
      });

      const accepted = [await both.verify(web!.idToken), await both.verify(mobile!.idToken)];
      const refused = await refusal(both.verify(third!.idToken));

      expect(accepted.map((identity) => identity.tenantId)).to.deep.equal(["acme", "acme"]);
      expect(refused).to.deep.equal({
        code: "ERR_TOKEN_AUDIENCE_INVALID",
        message: "Token was issued to another app client",
      });
    });

    it("refuses an access token where an ID token is expected", async () => {
      expect(await refusal(verifier.verify(tokens["alice@acme.test"]!.accessToken))).to.deep.equal({
        code: "ERR_TOKEN_USE_INVALID",
        message: 'Expected an ID token, got token_use "access"',
      });
    });

    it("refuses a user without custom:tenantId", async () => {
      expect(await refusal(verifier.verify(tokens["nobody@acme.test"]!.idToken))).to.deep.equal({
        code: "ERR_TENANT_CLAIM_MISSING",
        message: "Token has no custom:tenantId claim",
      });
    });

    it("refuses a tenant id that breaks the naming rule", async () => {
      expect(await refusal(verifier.verify(tokens["odd@acme.test"]!.idToken))).to.deep.equal({
        code: "ERR_TENANT_ID_INVALID",
        message: 'Claim custom:tenantId is not a valid tenant id: "Acme_1"',
      });
    });

    it("refuses a reserved tenant id", async () => {
      expect(await refusal(verifier.verify(tokens["root@acme.test"]!.idToken))).to.deep.equal({
        code: "ERR_TENANT_ID_INVALID",
        message: 'Claim custom:tenantId is not a valid tenant id: "admin"',
      });
    });

    it("refuses a user whose group does not match the tenant claim", async () => {
      expect(await refusal(verifier.verify(tokens["mallory@acme.test"]!.idToken))).to.deep.equal({
        code: "ERR_TENANT_GROUP_MISMATCH",
        message: "User is not in group tenant-acme",
      });
    });

    it("falls back to sub for SourceIdentity when the username has characters STS refuses", async () => {
      const identity = await ownVerifier.verify(
        ownPool.token({ "cognito:username": "Jane Doe/admin" }),
      );

      expect(identity.sourceIdentity).to.equal("0f6e7d1c-aaaa-bbbb-cccc-000000000001");
    });

    it("refuses a tenant id too long for any role name", async () => {
      const longest = "a".repeat(MAX_TENANT_ID_LENGTH);
      const tooLong = "a".repeat(MAX_TENANT_ID_LENGTH + 1);
      const claims = (id: string) => ({
        "custom:tenantId": id,
        "cognito:groups": [`tenant-${id}`],
      });

      const accepted = await ownVerifier.verify(ownPool.token(claims(longest)));

      expect(accepted.tenantId).to.equal(longest);
      expect(MAX_TENANT_ID_LENGTH).to.equal(64 - "-tenant-".length - 1);
      for (const id of [tooLong, "a".repeat(200)]) {
        expect(await refusal(ownVerifier.verify(ownPool.token(claims(id))))).to.deep.equal({
          code: "ERR_TENANT_ID_INVALID",
          message:
            "Claim custom:tenantId must be at most 55 characters (the tenant role name limit)",
        });
      }
    });

    it("refuses a tenant id longer than maxTenantIdLength", async () => {
      const verifier = createTenantTokenVerifier({ ...ownPool, maxTenantIdLength: 10 });
      const id = "a".repeat(11);

      expect(
        await refusal(
          verifier.verify(
            ownPool.token({ "custom:tenantId": id, "cognito:groups": [`tenant-${id}`] }),
          ),
        ),
      ).to.deep.equal({
        code: "ERR_TENANT_ID_INVALID",
        message: "Claim custom:tenantId must be at most 10 characters (the tenant role name limit)",
      });
    });

    // aws-jwt-verify checks exp only when present; a genuine Cognito token always has both.
    it("refuses a token without exp", async () => {
      expect(await refusal(ownVerifier.verify(ownPool.token({ exp: undefined })))).to.deep.equal({
        code: "ERR_TOKEN_INVALID",
        message: "Token has no numeric exp claim",
      });
    });

    it("refuses a token without iat", async () => {
      expect(await refusal(ownVerifier.verify(ownPool.token({ iat: undefined })))).to.deep.equal({
        code: "ERR_TOKEN_INVALID",
        message: "Token has no numeric iat claim",
      });
    });
  });

  describe("verify: ambiguous tokens", () => {
    const malformed = (message: string) => ({ code: "ERR_TOKEN_MALFORMED", message });

    it("refuses an iat further in the future than the clock skew allows", async () => {
      const now = Math.floor(Date.now() / 1000);
      const strict = createTenantTokenVerifier({ ...ownPool, clockSkewSeconds: 0 });

      const refused = await refusal(ownVerifier.verify(ownPool.token({ iat: now + 40 })));
      const withinSkew = await ownVerifier.verify(ownPool.token({ iat: now + 20 }));
      const refusedStrict = await refusal(strict.verify(ownPool.token({ iat: now + 20 })));

      expect(refused).to.deep.equal({
        code: "ERR_TOKEN_EXPIRED",
        message: "Token is issued in the future (iat more than 30 s ahead)",
      });
      expect(withinSkew.tenantId).to.equal("acme");
      expect(refusedStrict).to.deep.equal({
        code: "ERR_TOKEN_EXPIRED",
        message: "Token is issued in the future (iat more than 0 s ahead)",
      });
    });

    it("refuses a payload that repeats a claim name, also when spelled with escapes", async () => {
      // JSON.parse keeps the last value; a first-wins reader would see globex.
      const text = JSON.stringify(ownPool.claims());
      const plain = ownPool.tokenFromText(text.replace("{", '{"custom:tenantId":"globex",'));
      const escaped = ownPool.tokenFromText(
        text.replace("{", '{"custom:tenant\\u0049d":"globex",'),
      );
      const nested = ownPool.tokenFromText(text.replace("{", '{"address":{"a":1,"a":2},'));

      expect(await refusal(ownVerifier.verify(plain))).to.deep.equal(
        malformed('Token payload repeats the name "custom:tenantId"'),
      );
      expect(await refusal(ownVerifier.verify(escaped))).to.deep.equal(
        malformed('Token payload repeats the name "custom:tenantId"'),
      );
      expect(await refusal(ownVerifier.verify(nested))).to.deep.equal(
        malformed('Token payload repeats the name "a"'),
      );
    });

    it("refuses segments that are not canonical base64url", async () => {
      // A signature holding "_", whose standard-base64 spelling "/" decodes to the same bytes
      // (a signature lacks "_" in about 1 token of 200: each jti is another signature).
      let token = ownPool.token({ jti: "draw-0" });
      for (let draw = 1; !(token.split(".")[2] as string).includes("_"); draw += 1)
        token = ownPool.token({ jti: `draw-${draw}` });
      const [header, payload, signature] = token.split(".") as [string, string, string];
      // Unused low bits of the last character: same bytes, another spelling.
      const lastBits = (segment: string) => {
        const last = segment.at(-1) as string;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return segment.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      };
      const padded = (segment: string) => segment + "=".repeat((4 - (segment.length % 4)) % 4 || 4);

      const refusals = [
        await refusal(ownVerifier.verify(`${padded(header)}.${payload}.${signature}`)),
        await refusal(ownVerifier.verify(`${header}.${padded(payload)}.${signature}`)),
        await refusal(ownVerifier.verify(`${header}.${payload}.${lastBits(signature)}`)),
        await refusal(ownVerifier.verify(`${header}.${payload}.${signature.replace(/_/g, "/")}`)),
      ];

      expect(signature.length % 4).to.not.equal(0); // so the last character has unused bits
      expect(refusals).to.deep.equal([
        malformed("Token header is not canonical base64url"),
        malformed("Token payload is not canonical base64url"),
        malformed("Token signature is not canonical base64url"),
        malformed("Token signature is not canonical base64url"),
      ]);
    });
  });

  describe("bearerToken", () => {
    it("extracts the token whatever the scheme's case", () => {
      expect(bearerToken("bearer abc.def.ghi")).to.equal("abc.def.ghi");
      expect(bearerToken(undefined)).to.equal(undefined);
    });

    it("refuses another scheme", () => {
      expect(() => bearerToken("Basic dXNlcjpwYXNz"))
        .to.throw(TenancyError)
        .with.property("code", "ERR_TOKEN_MALFORMED");
    });
  });
});
