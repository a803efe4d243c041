import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import sinon from "sinon";
import { JwkInvalidUseError, JwtExpiredError } from "aws-jwt-verify/error";
import { TenancyError, bearerToken, createTenantTokenVerifier } from "@tenancy/runtime";
import { localPool, newSigningKey, signJwt, unsignedJwt } from "../helpers/runtimeJwt";
import { refusal } from "../helpers/runtimeRefusal";

const b64 = (text: string): string => Buffer.from(text).toString("base64url");

// Every claim check of the verifier on tokens signed in process (no emulator): which tokens
// pass, and the code each refused one gets.
describe("verifyTenantToken: claims, signatures and key sources", () => {
  const pool = localPool();
  const verifier = createTenantTokenVerifier(pool);
  const invalid = (message: string) => ({ code: "ERR_TOKEN_INVALID", message });
  const malformed = (message: string) => ({ code: "ERR_TOKEN_MALFORMED", message });

  describe("token shape", () => {
    it("refuses an empty token as missing", async () => {
      expect(await refusal(verifier.verify(""))).to.deep.equal({
        code: "ERR_TOKEN_MISSING",
        message: "No bearer token was presented",
      });
    });

    it("refuses two or four segments as not a JWT", async () => {
      const [header, payload, signature] = pool.token().split(".") as [string, string, string];
      expect(await refusal(verifier.verify(`${header}.${payload}`))).to.deep.equal(
        malformed("Token is not a JWT"),
      );
      expect(await refusal(verifier.verify(`${header}.${payload}.${signature}.x`))).to.deep.equal(
        malformed("Token is not a JWT"),
      );
    });

    it("refuses a header that repeats a name, before the signature is looked at", async () => {
      const [, payload, signature] = pool.token().split(".") as [string, string, string];
      const header = b64('{"kid":"test-key","alg":"RS256","kid":"other"}');
      expect(await refusal(verifier.verify(`${header}.${payload}.${signature}`))).to.deep.equal(
        malformed('Token header repeats the name "kid"'),
      );
    });

    it("accepts the same name in different objects, also after a nested object closes", async () => {
      const text = JSON.stringify(pool.claims());
      const token = pool.tokenFromText(
        text.replace("{", '{"address":{"sub":"x","iat":1},"profile":{"sub":"y"},'),
      );
      expect((await verifier.verify(token)).tenantId).to.equal("acme");
    });

    it("refuses a signed payload that is not a JSON object as not a JWT", async () => {
      expect(await refusal(verifier.verify(pool.tokenFromText("[1,2]")))).to.deep.equal(
        malformed("Token is not a JWT"),
      );
    });
  });

  describe("time claims", () => {
    let clock: sinon.SinonFakeTimers;
    const now = 1_800_000_000;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: now * 1000, toFake: ["Date"] });
    });
    afterEach(() => clock.restore());

    it("requires exp and iat", async () => {
      expect(await refusal(verifier.verify(pool.token({ exp: undefined })))).to.deep.equal(
        invalid("Token has no numeric exp claim"),
      );
      expect(await refusal(verifier.verify(pool.token({ iat: undefined })))).to.deep.equal(
        invalid("Token has no numeric iat claim"),
      );
    });

    it("accepts an iat exactly the clock skew ahead and refuses one second more", async () => {
      const accepted = await verifier.verify(pool.token({ iat: now + 30, exp: now + 600 }));
      expect(accepted.tenantId).to.equal("acme");
      expect(await refusal(verifier.verify(pool.token({ iat: now + 31 })))).to.deep.equal({
        code: "ERR_TOKEN_EXPIRED",
        message: "Token is issued in the future (iat more than 30 s ahead)",
      });
    });

    it("refuses an expired token and one not valid yet", async () => {
      expect(
        await refusal(verifier.verify(pool.token({ iat: now - 700, exp: now - 100 }))),
      ).to.deep.equal({ code: "ERR_TOKEN_EXPIRED", message: "Token has expired" });
      expect(await refusal(verifier.verify(pool.token({ nbf: now + 300 })))).to.deep.equal({
        code: "ERR_TOKEN_EXPIRED",
        message: "Token is not valid yet",
      });
    });
  });

  describe("token use and audience", () => {
    it("names the token_use it refuses, or null when there is none", async () => {
      expect(await refusal(verifier.verify(pool.token({ token_use: "access" })))).to.deep.equal({
        code: "ERR_TOKEN_USE_INVALID",
        message: 'Expected an ID token, got token_use "access"',
      });
      expect(await refusal(verifier.verify(pool.token({ token_use: undefined })))).to.deep.equal({
        code: "ERR_TOKEN_USE_INVALID",
        message: "Expected an ID token, got token_use null",
      });
    });

    it("accepts an aud list that holds the client and refuses one that does not", async () => {
      const accepted = await verifier.verify(pool.token({ aud: ["other", "app"] }));
      expect(accepted.tenantId).to.equal("acme");
      for (const aud of [["other"], [], "application", "ap"]) {
        expect(await refusal(verifier.verify(pool.token({ aud })))).to.deep.equal({
          code: "ERR_TOKEN_AUDIENCE_INVALID",
          message: "Token was issued to another app client",
        });
      }
    });
  });

  describe("issuer and signature", () => {
    it("derives the Cognito issuer from the user pool id when none is given", async () => {
      const derived = createTenantTokenVerifier({ ...pool, issuer: undefined });
      expect((await derived.verify(pool.token())).tenantId).to.equal("acme");
      const otherRegion = createTenantTokenVerifier({
        ...pool,
        userPoolId: "us-east-1_Test",
        issuer: undefined,
      });
      expect(await refusal(otherRegion.verify(pool.token()))).to.deep.equal({
        code: "ERR_TOKEN_ISSUER_INVALID",
        message: "Token was issued by another user pool",
      });
    });

    it("refuses a wrong signature, no key id and another algorithm", async () => {
      const stranger = newSigningKey("test-key");
      const claims = pool.claims();
      const tokens = [
        signJwt({ kid: "test-key" }, claims, stranger.privateKey),
        signJwt({}, claims, stranger.privateKey),
        `${b64('{"kid":"test-key","alg":"RS512"}')}.${pool.token().split(".").slice(1).join(".")}`,
      ];
      for (const token of tokens) {
        expect(await refusal(verifier.verify(token))).to.deep.equal({
          code: "ERR_TOKEN_SIGNATURE_INVALID",
          message: "Token signature is not valid",
        });
      }
    });

    it("refuses alg none as a token that could not be verified or is malformed, never accepts it", async () => {
      const token = unsignedJwt({ kid: "test-key" }, pool.claims());
      const refused = await refusal(verifier.verify(token));
      expect(refused.code).to.be.oneOf(["ERR_TOKEN_MALFORMED", "ERR_TOKEN_SIGNATURE_INVALID"]);
    });

    it("answers ERR_JWKS_UNAVAILABLE when the configured keys are not usable", async () => {
      const [jwk] = pool.jwks.keys as unknown as [Record<string, unknown>];
      const broken = createTenantTokenVerifier({
        ...pool,
        jwks: { keys: [{ ...jwk, n: undefined, kty: "RSA" }] } as unknown as typeof pool.jwks,
      });
      const refused = await refusal(broken.verify(pool.token()));
      expect(refused.code).to.equal("ERR_JWKS_UNAVAILABLE");
      expect(refused.message).to.match(/^The user pool's signing keys are not usable: ./);
    });
  });

  describe("errors from the verifier", () => {
    it("keeps the verifier's error as the cause", async () => {
      const expired = pool.token({ iat: 1, exp: 2 });
      const err = await verifier.verify(expired).catch((e: unknown) => e);
      expect(err).to.have.property("code", "ERR_TOKEN_EXPIRED");
      expect((err as Error).cause).to.be.instanceOf(JwtExpiredError);
    });

    it("answers ERR_TOKEN_INVALID for a verifier error it has no code for", async () => {
      const [jwk] = pool.jwks.keys as unknown as [Record<string, unknown>];
      const encryptionKey = createTenantTokenVerifier({
        ...pool,
        jwks: { keys: [{ ...jwk, use: "enc" }] } as unknown as typeof pool.jwks,
      });
      const err = await encryptionKey.verify(pool.token()).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(TenancyError);
      expect(err).to.include({ code: "ERR_TOKEN_INVALID", message: "Token could not be verified" });
      expect((err as Error).cause).to.be.instanceOf(JwkInvalidUseError);
    });
  });

  describe("tenant, group and user claims", () => {
    it("refuses a tenant claim that is absent, empty or not a string", async () => {
      for (const tenantId of [undefined, "", 42]) {
        expect(
          await refusal(verifier.verify(pool.token({ "custom:tenantId": tenantId }))),
        ).to.deep.equal({
          code: "ERR_TENANT_CLAIM_MISSING",
          message: "Token has no custom:tenantId claim",
        });
      }
    });

    it("accepts a tenant id of exactly maxTenantIdLength and refuses one longer", async () => {
      const bounded = createTenantTokenVerifier({ ...pool, maxTenantIdLength: 4 });
      expect((await bounded.verify(pool.token())).tenantId).to.equal("acme");
      const longer = pool.token({ "custom:tenantId": "acmes", "cognito:groups": ["tenant-acmes"] });
      expect(await refusal(bounded.verify(longer))).to.deep.equal({
        code: "ERR_TENANT_ID_INVALID",
        message: "Claim custom:tenantId must be at most 4 characters (the tenant role name limit)",
      });
    });

    it("refuses an invalid and a reserved tenant id even with the matching group", async () => {
      for (const tenantId of ["Acme", "admin"]) {
        const token = pool.token({
          "custom:tenantId": tenantId,
          "cognito:groups": [`tenant-${tenantId}`],
        });
        expect(await refusal(verifier.verify(token))).to.deep.equal({
          code: "ERR_TENANT_ID_INVALID",
          message: `Claim custom:tenantId is not a valid tenant id: ${JSON.stringify(tenantId)}`,
        });
      }
    });

    it("reads only string groups, and refuses groups that are not a list", async () => {
      const mixed = await verifier.verify(pool.token({ "cognito:groups": [7, "tenant-acme"] }));
      expect(mixed.groups).to.deep.equal(["tenant-acme"]);
      for (const groups of ["tenant-acme", { 0: "tenant-acme" }, undefined, ["tenant-acme-eu"]]) {
        expect(
          await refusal(verifier.verify(pool.token({ "cognito:groups": groups }))),
        ).to.deep.equal({
          code: "ERR_TENANT_GROUP_MISMATCH",
          message: "User is not in group tenant-acme",
        });
      }
    });

    it("refuses a token without a non-empty string sub", async () => {
      for (const sub of [undefined, ""]) {
        expect(await refusal(verifier.verify(pool.token({ sub })))).to.deep.equal(
          invalid("Token has no sub claim"),
        );
      }
    });

    it("uses the username as SourceIdentity only when STS accepts it, else the sub", async () => {
      const sub = "0f6e7d1c-aaaa-bbbb-cccc-000000000001";
      const identityOf = async (username: unknown) =>
        verifier.verify(pool.token({ "cognito:username": username }));
      const cases: [unknown, string | undefined, string][] = [
        ["a+=,.@-_9", "a+=,.@-_9", "a+=,.@-_9"],
        ["ab", "ab", "ab"],
        ["x".repeat(64), "x".repeat(64), "x".repeat(64)],
        ["x".repeat(65), "x".repeat(65), sub],
        ["j", "j", sub],
        ["jane doe", "jane doe", sub],
        ["jane/doe", "jane/doe", sub],
        [12, undefined, sub],
        [undefined, undefined, sub],
      ];
      for (const [username, expectedUsername, sourceIdentity] of cases) {
        const identity = await identityOf(username);
        expect(identity.username, String(username)).to.equal(expectedUsername);
        expect(identity.sourceIdentity, String(username)).to.equal(sourceIdentity);
        expect(identity.subject).to.equal(sub);
      }
    });

    it("refuses a token whose username and sub are both unusable as SourceIdentity", async () => {
      for (const sub of ["a b", "x", "y".repeat(65)]) {
        const token = pool.token({ sub, "cognito:username": "jane doe" });
        expect(await refusal(verifier.verify(token))).to.deep.equal(
          invalid("Token carries no user name usable as SourceIdentity"),
        );
      }
    });

    it("returns every verified claim", async () => {
      const identity = await verifier.verify(pool.token({ email: "jane@acme.test" }));
      expect(identity.claims).to.include({ email: "jane@acme.test", "custom:tenantId": "acme" });
    });
  });

  describe("keys fetched from the issuer", () => {
    let server: Server;
    let base: string;
    const requests: string[] = [];
    before(async () => {
      server = createServer((req, res) => {
        requests.push(req.url ?? "");
        if (req.url === "/pool/.well-known/jwks.json") res.end(JSON.stringify(pool.jwks));
        else if (req.url === "/bad/.well-known/jwks.json") res.end("not json");
        else if (req.url === "/loop") res.writeHead(302, { location: "/loop" }).end();
        else if (req.url === "/hang") return;
        else res.writeHead(503).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    const at = (path: string) =>
      createTenantTokenVerifier({ ...pool, jwks: undefined, issuer: `${base}/${path}` });

    it("fetches <issuer>/.well-known/jwks.json when no keys or URL are given", async () => {
      requests.length = 0;
      const verifier = at("pool");
      const token = pool.token({ iss: `${base}/pool` });
      expect((await verifier.verify(token)).tenantId).to.equal("acme");
      expect(requests).to.deep.equal(["/pool/.well-known/jwks.json"]);
    });

    it("names the URL and the HTTP status or the parse failure when the keys are unusable", async () => {
      const down = await refusal(at("down").verify(pool.token({ iss: `${base}/down` })));
      expect(down).to.deep.equal({
        code: "ERR_JWKS_UNAVAILABLE",
        message: `Could not fetch the signing keys from ${base}/down/.well-known/jwks.json: HTTP 503`,
      });
      const bad = await refusal(at("bad").verify(pool.token({ iss: `${base}/bad` })));
      expect(bad.code).to.equal("ERR_JWKS_UNAVAILABLE");
      expect(bad.message).to.match(new RegExp("^the fetched document is not a JWKS: ."));
    });

    it("keeps the fetch and parse failures as causes", async () => {
      const down = await at("down")
        .verify(pool.token({ iss: `${base}/down` }))
        .catch((e: unknown) => e);
      expect((down as Error).cause)
        .to.be.instanceOf(Error)
        .with.property("message", "HTTP 503");
      const bad = await at("bad")
        .verify(pool.token({ iss: `${base}/bad` }))
        .catch((e: unknown) => e);
      expect((bad as Error).cause).to.be.instanceOf(SyntaxError);
    });

    it("reports a cause without a code by its message (a redirect loop)", async () => {
      const loop = `${base}/loop`;
      const refused = await refusal(
        createTenantTokenVerifier({ ...pool, jwks: undefined, jwksUri: loop }).verify(pool.token()),
      );
      expect(refused).to.deep.equal({
        code: "ERR_JWKS_UNAVAILABLE",
        message: `Could not fetch the signing keys from ${loop}: fetch failed (redirect count exceeded)`,
      });
    });

    it("fetches https keys with aws-jwt-verify's fetcher, not plain fetch", async () => {
      const url = `${base.replace("http:", "https:")}/pool/.well-known/jwks.json`;
      const refused = await refusal(
        createTenantTokenVerifier({ ...pool, jwks: undefined, jwksUri: url }).verify(pool.token()),
      );
      expect(refused.code).to.equal("ERR_JWKS_UNAVAILABLE");
      expect(
        refused.message.startsWith(
          `Could not fetch the signing keys from ${url}: Failed to fetch ${url}: `,
        ),
      ).to.equal(true);
    });

    it("gives up on a local issuer that never answers after 5 s", async function () {
      this.timeout(20000);
      const hung = `${base}/hang`;
      const started = Date.now();
      const refused = await refusal(
        createTenantTokenVerifier({ ...pool, jwks: undefined, jwksUri: hung }).verify(pool.token()),
      );
      expect(refused.code).to.equal("ERR_JWKS_UNAVAILABLE");
      expect(Date.now() - started).to.be.within(4500, 15000);
    });

    it("refuses a second unknown key id within the wait period as a bad signature", async () => {
      const verifier = at("pool");
      const stranger = newSigningKey("rotated");
      const claims = { ...pool.claims(), iss: `${base}/pool` };
      const first = signJwt({ kid: "rotated" }, claims, stranger.privateKey);
      expect((await refusal(verifier.verify(first))).code).to.equal("ERR_TOKEN_SIGNATURE_INVALID");
      expect((await refusal(verifier.verify(first))).code).to.equal("ERR_TOKEN_SIGNATURE_INVALID");
    });
  });

  describe("bearerToken", () => {
    it("takes the token after one or more spaces, ignoring trailing whitespace", () => {
      expect(bearerToken("Bearer abc")).to.equal("abc");
      expect(bearerToken("BEARER   abc.def \t")).to.equal("abc.def");
    });

    it("refuses anything else with ERR_TOKEN_MALFORMED", () => {
      for (const header of [
        "Bearer",
        "Bearer ",
        "Bearerabc",
        "xBearer abc",
        "Bearer a b",
        "Bearer\tabc",
        "",
      ]) {
        expect(() => bearerToken(header), JSON.stringify(header))
          .to.throw(TenancyError, "Authorization header is not of the form 'Bearer <token>'")
          .with.property("code", "ERR_TOKEN_MALFORMED");
      }
    });
  });
});
