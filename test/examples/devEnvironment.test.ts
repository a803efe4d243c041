import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleExampleApp } from "../../components/exampleAppBundle";
import { formatDevBanner } from "../../examples/local/devBanner";
import {
  BEDROCK_UNAVAILABLE,
  startDevEnvironment,
  type DevEnvironment,
} from "../../examples/local/devEnvironment";
import { listening } from "../helpers/listening";

const TENANTS_FILE = join(__dirname, "../fixtures/tenants.devapp.json");

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  readonly json: any;
}

async function call(
  env: DevEnvironment,
  route: string,
  token: string | undefined,
  body?: string,
  contentType = "application/json",
): Promise<Answer> {
  const [method, path] = route.split(" ") as [string, string];
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = contentType;
  const res = await fetch(`${env.apiUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type"), text, json };
}

function tokenOf(env: DevEnvironment, tenantId: string): string {
  const user = env.tenants.find((t) => t.id === tenantId)?.users[0];
  if (user === undefined) throw new Error(`no signed-in user for ${tenantId}`);
  return user.idToken;
}

describe("npm run dev: the example app on the emulators", () => {
  let env: DevEnvironment;
  const logged: string[] = [];
  const refused: string[] = [];
  let acme: string;
  let globex: string;

  before(async () => {
    env = await startDevEnvironment({
      tenantsFile: TENANTS_FILE,
      bedrock: "stub",
      log: (m) => logged.push(m),
      logRefusal: (entry) => refused.push(entry.code),
    });
    acme = tokenOf(env, "acme");
    globex = tokenOf(env, "globex");
  });
  after(() => env?.stop());

  it("signs in every admin of the active tenants, none of the suspended one", () => {
    expect(env.tenants.map((t) => [t.id, t.status, t.users.map((u) => u.email)])).to.deep.equal([
      ["acme", "active", ["ops@acme.example", "cto@acme.example"]],
      ["globex", "active", ["Admin@Globex.example"]],
      ["hooli", "active", ["admin@hooli.example"]],
      ["initech", "suspended", []],
    ]);
  });

  it("prints per active tenant a curl command whose token the API accepts", async () => {
    const banner = formatDevBanner(env);
    const commands = banner.split("\n").filter((line) => line.trim().startsWith("curl -s -X PUT"));
    expect(commands).to.have.length(3);
    expect(banner).to.include(
      "initech (Initech): suspended, so its admins are disabled and get no token",
    );
    const [first] = commands;
    const token = /Bearer ([\w.-]+)'/.exec(first as string)?.[1];
    expect(first).to.include(`${env.apiUrl}/notes/hello`);
    expect(token).to.equal(acme);
    const put = await call(env, "PUT /notes/hello", token, '{"text":"A note of Acme Corporation"}');
    expect(put.json).to.deep.equal({
      tenantId: "acme",
      note: { id: "hello", text: "A note of Acme Corporation" },
    });
  });

  it("keeps notes apart: the same id holds each tenant's own text", async () => {
    for (const [token, text] of [
      [acme, "acme's secret plan"],
      [globex, "globex's secret plan"],
    ] as const) {
      const put = await call(env, "PUT /notes/plan", token, JSON.stringify({ text }));
      expect(put.status).to.equal(200);
    }
    const acmeNote = await call(env, "GET /notes/plan", acme);
    const globexNote = await call(env, "GET /notes/plan", globex);
    expect(acmeNote.json).to.deep.equal({
      tenantId: "acme",
      note: { id: "plan", text: "acme's secret plan" },
    });
    expect(globexNote.json).to.deep.equal({
      tenantId: "globex",
      note: { id: "plan", text: "globex's secret plan" },
    });
    const globexList = await call(env, "GET /notes", globex);
    expect(globexList.json).to.deep.equal({
      tenantId: "globex",
      notes: [{ id: "plan", text: "globex's secret plan" }],
    });
    const acmeList = await call(env, "GET /notes", acme);
    expect(acmeList.json.notes.map((n: { id: string }) => n.id)).to.deep.equal(["hello", "plan"]);
  });

  it("deletes only the caller's note", async () => {
    await call(env, "PUT /notes/gone", acme, '{"text":"a"}');
    await call(env, "PUT /notes/gone", globex, '{"text":"g"}');
    const deleted = await call(env, "DELETE /notes/gone", globex);
    expect(deleted.json).to.deep.equal({ tenantId: "globex", deleted: "gone" });
    expect((await call(env, "GET /notes/gone", globex)).status).to.equal(404);
    expect((await call(env, "GET /notes/gone", acme)).json.note.text).to.equal("a");
  });

  it("answers a bad note body with a 400 naming the field", async () => {
    const bad = await call(env, "PUT /notes/x", acme, '{"txt":"typo"}');
    expect(bad).to.include({ status: 400 });
    expect(bad.json).to.deep.equal({ message: 'text: send {"text": "..."} as JSON' });
  });

  it("keeps files apart: upload, download, list, delete per tenant", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const up = await fetch(`${env.apiUrl}/files/reports/q1.bin`, {
      method: "PUT",
      headers: { authorization: `Bearer ${acme}`, "content-type": "application/octet-stream" },
      body: bytes,
    });
    expect(await up.json()).to.deep.equal({
      tenantId: "acme",
      file: { key: "reports/q1.bin", size: 5 },
    });
    await call(env, "PUT /files/reports/q1.txt", acme, "acme text", "text/plain");
    await call(env, "PUT /files/readme.txt", globex, "globex text", "text/plain");

    const down = await fetch(`${env.apiUrl}/files/reports/q1.bin`, {
      headers: { authorization: `Bearer ${acme}` },
    });
    expect(Buffer.from(await down.arrayBuffer())).to.deep.equal(bytes);
    const text = await call(env, "GET /files/reports/q1.txt", acme);
    expect(text).to.include({ status: 200, text: "acme text", contentType: "text/plain" });

    // The same key names another object in another tenant: globex has none there.
    expect((await call(env, "GET /files/reports/q1.txt", globex)).status).to.equal(404);
    const acmeFiles = (await call(env, "GET /files", acme)).json;
    const globexFiles = (await call(env, "GET /files", globex)).json;
    expect(acmeFiles.files.map((f: { key: string }) => f.key)).to.deep.equal([
      "reports/q1.bin",
      "reports/q1.txt",
    ]);
    expect(globexFiles).to.deep.equal({
      tenantId: "globex",
      files: [{ key: "readme.txt", size: 11 }],
    });

    await call(env, "DELETE /files/readme.txt", globex);
    expect((await call(env, "GET /files", globex)).json.files).to.deep.equal([]);
    expect((await call(env, "GET /files", acme)).json.files).to.have.length(2);
  });

  it("refuses a key that would leave the tenant's prefix with a 400", async () => {
    const escape = await call(env, "GET /files/..%2Fglobex%2Freadme.txt", acme);
    expect(escape).to.include({ status: 400 });
    expect(escape.json).to.deep.equal({ message: "Bad Request" });
  });

  it("asks Bedrock through the tenant's own inference profile", async () => {
    const acmeAnswer = await call(env, "POST /ask", acme, '{"prompt":"hello"}');
    expect(acmeAnswer.json).to.deep.equal({
      tenantId: "acme",
      modelId: "anthropic.claude-3-haiku-20240307-v1:0",
      answer:
        "reply from arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/tenancy-local-use1-acme-anthropic-claude-3-haiku-20240307-v1-0",
    });
    const globexAnswer = await call(env, "POST /ask", globex, '{"prompt":"hello"}');
    expect(globexAnswer.json.answer).to.match(
      /application-inference-profile\/tenancy-local-use1-globex-amazon-titan/,
    );
  });

  it("refuses a model of another tenant (403) and says when a tenant has none", async () => {
    const foreign = await call(
      env,
      "POST /ask",
      globex,
      '{"prompt":"hi","modelId":"anthropic.claude-3-haiku-20240307-v1:0"}',
    );
    expect(foreign).to.include({ status: 403 });
    const hooli = await call(env, "POST /ask", tokenOf(env, "hooli"), '{"prompt":"hi"}');
    expect(hooli.status).to.equal(403);
    expect(hooli.json).to.deep.equal({
      message: "tenant hooli has no Bedrock model: list one in its bedrock.models in tenants.json",
    });
  });

  it("answers 401 without a token or with a forged one, 404 for an unknown route, 400 for a bad escape", async () => {
    expect((await call(env, "GET /notes", undefined)).status).to.equal(401);
    const [header, payload, signature] = acme.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, "custom:tenantId": "globex" })).toString(
      "base64url",
    );
    expect((await call(env, "GET /notes", `${header}.${forged}.${signature}`)).status).to.equal(
      401,
    );
    expect((await call(env, "GET /nothing", acme)).status).to.equal(404);
    expect((await call(env, "GET /files/%E0%A4%A", acme)).status).to.equal(400);
  });

  it("signs in again with signIn() for a fresh token", async () => {
    const token = await env.signIn("cto@acme.example");
    expect((await call(env, "GET /notes", token)).json.tenantId).to.equal("acme");
  });

  it("serves the bundled Lambda code from the environment alone (fromEnv, profiles file)", async () => {
    const directory = mkdtempSync(join(tmpdir(), "example-bundle-"));
    try {
      writeFileSync(join(directory, "index.js"), bundleExampleApp());
      const invoke = `
        const app = require(${JSON.stringify(join(directory, "index.js"))});
        const auth = { authorization: "Bearer " + process.env.TOKEN };
        (async () => {
          const notes = await app.notes({ routeKey: "GET /notes/{id}", headers: auth, pathParameters: { id: "plan" } });
          const ask = await app.ask({ routeKey: "POST /ask", headers: auth, body: '{"prompt":"hi"}' });
          console.log(JSON.stringify([notes, ask].map((r) => [r.statusCode, JSON.parse(r.body)])));
        })();`;
      // Asynchronously: the emulators answer from this process's event loop.
      const run = await promisify(execFile)(process.execPath, ["-e", invoke], {
        cwd: directory,
        env: { PATH: process.env.PATH, ...env.environment, TOKEN: globex },
        encoding: "utf8",
      });
      const [notes, ask] = JSON.parse(run.stdout);
      expect(notes).to.deep.equal([
        200,
        { tenantId: "globex", note: { id: "plan", text: "globex's secret plan" } },
      ]);
      expect(ask[0]).to.equal(200);
      expect(ask[1].answer).to.match(/tenancy-local-use1-globex-amazon-titan-text-express-v1$/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("reported no handler failure, and each refusal with its code", () => {
    expect(logged).to.deep.equal([]);
    expect(refused).to.deep.equal([
      "ERR_KEY_INVALID",
      "ERR_MODEL_NOT_ALLOWED",
      "ERR_TOKEN_MISSING",
      "ERR_TOKEN_SIGNATURE_INVALID",
    ]);
  });
});

describe("npm run dev without a Bedrock stand-in", () => {
  it("answers POST /ask with 501 and how to configure one, and stop() frees every port", async () => {
    const env = await startDevEnvironment({ tenantsFile: TENANTS_FILE, logRefusal: () => {} });
    let stopped = false;
    try {
      const ask = await call(env, "POST /ask", tokenOf(env, "acme"), '{"prompt":"hi"}');
      expect(ask).to.include({ status: 501 });
      expect(ask.json).to.deep.equal({ message: BEDROCK_UNAVAILABLE });
      expect(env.environment).to.not.have.property("TENANCY_BEDROCK_RUNTIME_ENDPOINT");
      const endpoints = [
        env.apiUrl,
        ...Object.values(env.endpoints).filter((e) => e !== undefined),
      ];
      expect(endpoints).to.have.length(5);
      for (const endpoint of endpoints) expect(await listening(endpoint), endpoint).to.equal(true);
      await env.stop();
      stopped = true;
      for (const endpoint of endpoints) expect(await listening(endpoint), endpoint).to.equal(false);
    } finally {
      if (!stopped) await env.stop();
    }
  });

  it("refuses an invalid tenants file before starting anything", async () => {
    const directory = mkdtempSync(join(tmpdir(), "dev-tenants-"));
    try {
      const file = join(directory, "tenants.json");
      writeFileSync(file, '{"tenants":[{"id":"Bad_Id"}]}');
      const failure = await startDevEnvironment({ tenantsFile: file }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.have.property("code", "ERR_INVALID_TENANTS_FILE");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
