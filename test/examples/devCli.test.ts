import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { listening } from "../helpers/listening";

const PROJECT_DIR = join(__dirname, "../..");
const TENANTS_FILE = join(__dirname, "../fixtures/tenants.devapp.json");

/**
 * `npm run dev` without npm: the script under tsx, as the npm script runs it. Detached, it leads
 * its own process group, as a terminal's foreground job does, so a signal to the group reaches
 * it and the emulators it started at once, as Ctrl-C does.
 */
function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts", ...args], {
    cwd: PROJECT_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

/** Resolves with the exit code, or rejects when the process outlives `ms`. */
function exitedWithin(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), "SIGKILL");
      reject(new Error(`still running ${ms} ms after the signal`));
    }, ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("npm run dev (scripts/dev.ts)", () => {
  it("prints a working curl command per tenant, and Ctrl-C stops the API and every emulator", async () => {
    const child = startCli(["--tenants", TENANTS_FILE, "--bedrock", "stub"]);
    try {
      const exit = exited(child);
      let stdout = "";
      child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", () => stdout.includes("Ctrl-C stops everything.") && resolve());
        void exit.then((code) => reject(new Error(`exited with ${code}: ${stdout}`)));
      });
      const apiUrl = /^Example API on (http:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)?.[1] as string;
      const curls = stdout.split("\n").filter((line) => line.trim().startsWith("curl -s -X PUT"));
      expect(curls).to.have.length(3);
      const token = /Bearer ([\w.-]+)'/.exec(curls[1] as string)?.[1];
      const authorization = `Bearer ${token}`;
      const res = await fetch(`${apiUrl}/notes`, { headers: { authorization } });
      expect(await res.json()).to.deep.equal({ tenantId: "globex", notes: [] });
      // Leaves an HTTP/2 session to the Bedrock stand-in open, as a real session would.
      const ask = await fetch(`${apiUrl}/ask`, {
        method: "POST",
        headers: { authorization },
        body: '{"prompt":"hi"}',
      });
      expect(ask.status).to.equal(200);
      const emulators = (/^Emulators: (.*)$/m.exec(stdout)?.[1] ?? "").match(/http:\/\/[\d.:]+/g);
      const bedrock = /^Bedrock: stand-in at (\S+)$/m.exec(stdout)?.[1];
      const endpoints = [apiUrl, ...(emulators ?? []), bedrock as string];
      expect(endpoints).to.have.length(6);

      process.kill(-(child.pid as number), "SIGINT"); // the whole group, as a terminal's Ctrl-C
      expect(await exitedWithin(child, 20_000), stderr).to.equal(0);
      for (const endpoint of endpoints) expect(await listening(endpoint), endpoint).to.equal(false);
    } finally {
      // Whatever failed above, leave no process of the group behind.
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-(child.pid as number), "SIGKILL");
    }
  });

  it("exits 2 naming the option on a bad --bedrock value, before starting anything", async () => {
    const child = startCli(["--bedrock", "ftp://example"]);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.resume();
    expect(await exited(child)).to.equal(2);
    expect(stderr).to.include(
      '--bedrock: "ftp://example" is neither "stub" nor an http(s) URL. Fix: --bedrock stub, or --bedrock http://127.0.0.1:<port>',
    );
  });

  it("exits 2 naming --port when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const child = startCli(["--tenants", TENANTS_FILE, "--port", String(port)]);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout?.resume();
      expect(await exited(child)).to.equal(2);
      expect(stderr).to.include(
        `--port: ${port} is already in use on 127.0.0.1. Fix: choose another port, or leave --port out for a free one`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
