import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createTenantTokenVerifier, fromEnv } from "@tenancy/runtime";
import { localPool } from "../helpers/runtimeJwt";
import { refusal } from "../helpers/runtimeRefusal";

const ENV = {
  AWS_REGION: "eu-west-1",
  TENANCY_USER_POOL_ID: "eu-west-1_Test",
  TENANCY_CLIENT_ID: "app",
  TENANCY_TABLE_NAME: "dev-data",
  TENANCY_BUCKET_NAME: "dev-data-bucket",
  TENANCY_ACCOUNT_ID: "123456789012",
  TENANCY_NAME_PREFIX: "dev",
};

// Local issuers (cognito-local, a dev IdP) serve their keys over http or not at all.
describe("JWKS sources", () => {
  const pool = localPool();
  let server: Server;
  let base: string;
  let closedPort: number;
  let dir: string;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === "/jwks.json") res.end(JSON.stringify(pool.jwks));
      else if (req.url === "/not-jwks.json") res.end('{"keys": "none"}');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    dir = mkdtempSync(join(tmpdir(), "runtime-jwks-"));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const verifierAt = (jwksUri: string) =>
    createTenantTokenVerifier({ ...pool, jwks: undefined, jwksUri });

  it("fetches the signing keys from an http URL (TENANCY_JWKS_URL)", async () => {
    const config = fromEnv({ ...ENV, TENANCY_JWKS_URL: `${base}/jwks.json` });

    const identity = await verifierAt(config.jwksUri as string).verify(pool.token());

    expect(config.jwksUri).to.equal(`${base}/jwks.json`);
    expect(identity.tenantId).to.equal("acme");
  });

  it("reads the signing keys from a file (TENANCY_JWKS_FILE)", async () => {
    const file = join(dir, "jwks.json");
    writeFileSync(file, JSON.stringify(pool.jwks));

    const config = fromEnv({ ...ENV, TENANCY_JWKS_FILE: file });
    const identity = await createTenantTokenVerifier({ ...pool, jwks: config.jwks }).verify(
      pool.token(),
    );

    expect(config.jwks).to.deep.equal(pool.jwks);
    expect(identity.tenantId).to.equal("acme");
  });

  it("refuses a JWKS file that is missing or not a JWKS, and both variables at once", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"keys": 1}');

    expect(
      await refusal(() =>
        fromEnv({ ...ENV, TENANCY_JWKS_FILE: bad, TENANCY_JWKS_URL: `${base}/jwks.json` }),
      ),
    ).to.deep.equal({
      code: "ERR_CONFIG_INVALID",
      message: `Invalid environment: set only one of TENANCY_JWKS_FILE and TENANCY_JWKS_URL; TENANCY_JWKS_FILE ${bad} is not a JWKS: JWKS keys should be an array`,
    });
    expect(await refusal(() => fromEnv({ ...ENV, TENANCY_JWKS_FILE: join(dir, "none.json") })))
      .to.have.property("message")
      .that.equals(
        `Invalid environment: TENANCY_JWKS_FILE names a file that cannot be read: ${join(dir, "none.json")}`,
      );
  });

  it("answers ERR_JWKS_UNAVAILABLE with the reason when the keys cannot be fetched", async () => {
    const refusals = [
      await refusal(verifierAt(`http://127.0.0.1:${closedPort}/jwks.json`).verify(pool.token())),
      await refusal(verifierAt(`${base}/missing.json`).verify(pool.token())),
      await refusal(verifierAt(`${base}/not-jwks.json`).verify(pool.token())),
    ];

    expect(refusals).to.deep.equal([
      {
        code: "ERR_JWKS_UNAVAILABLE",
        message: `Could not fetch the signing keys from http://127.0.0.1:${closedPort}/jwks.json: fetch failed (ECONNREFUSED)`,
      },
      {
        code: "ERR_JWKS_UNAVAILABLE",
        message: `Could not fetch the signing keys from ${base}/missing.json: HTTP 404`,
      },
      {
        code: "ERR_JWKS_UNAVAILABLE",
        message: "the fetched document is not a JWKS: JWKS keys should be an array",
      },
    ]);
  });
});
