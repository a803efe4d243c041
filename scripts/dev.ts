// `npm run dev`: the example app on a local HTTP API, in front of loopback emulators seeded from
// tenants.json, until Ctrl-C. No AWS, no Pulumi CLI.
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TenancyError } from "../components/errors";
import { formatDevBanner } from "../examples/local/devBanner";
import {
  startDevEnvironment,
  type BedrockOption,
  type DevEnvironment,
} from "../examples/local/devEnvironment";

const USAGE = `Usage: npm run dev -- [options]
  --tenants FILE     tenants file to seed the user pool from (default: tenants.json)
  --port N           port of the example API on 127.0.0.1 (default: a free one)
  --bedrock stub     answer POST /ask from a loopback Bedrock stand-in
  --bedrock URL      or from your own stand-in (http://127.0.0.1:<port>); default: none, 501
Starts DynamoDB, S3 and Cognito emulators, an STS stand-in and the example API, prints a curl
command per tenant with a fresh ID token, and runs until Ctrl-C, which stops all of them.
Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 failed to start, 2 bad arguments, a port in use or
an invalid tenants file, 130 a second Ctrl-C before the clean-up ended.`;

interface DevArguments {
  readonly tenantsFile: string;
  readonly port: number;
  readonly bedrock: BedrockOption | undefined;
}

/** The arguments, or a message naming the bad one and its fix. */
function parseDevArguments(args: string[]): DevArguments | { readonly problem: string } | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        tenants: { type: "string", default: "tenants.json" },
        port: { type: "string", default: "0" },
        bedrock: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    return { problem: (error as Error).message };
  }
  if (values.help) return "help";
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return {
      problem: `--port: "${values.port}" is not a port. Fix: a number 1-65535, or 0 for a free one`,
    };
  let bedrock: BedrockOption | undefined;
  if (values.bedrock === "stub") bedrock = "stub";
  else if (values.bedrock !== undefined) {
    const url = URL.canParse(values.bedrock) ? new URL(values.bedrock) : undefined;
    if (url?.protocol !== "http:" && url?.protocol !== "https:")
      return {
        problem: `--bedrock: "${values.bedrock}" is neither "stub" nor an http(s) URL. Fix: --bedrock stub, or --bedrock http://127.0.0.1:<port>`,
      };
    bedrock = url;
  }
  return { tenantsFile: resolve(values.tenants), port, bedrock };
}

async function main(): Promise<number> {
  const parsed = parseDevArguments(process.argv.slice(2));
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  if ("problem" in parsed) {
    console.error(`${parsed.problem}\n\n${USAGE}`);
    return 2;
  }
  const began = performance.now();
  const starting = startDevEnvironment(parsed);
  const stopped = new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130); // a second Ctrl-C: stop waiting for the clean-up
      stopping = true;
      console.error(`\n${signal}: stopping the API and the emulators...`);
      starting
        .then((env) => env.stop())
        .catch(() => undefined)
        .then(() => resolveExit(0));
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
  });
  let env: DevEnvironment;
  try {
    env = await starting;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(
        `--port: ${parsed.port} is already in use on 127.0.0.1. Fix: choose another port, or leave --port out for a free one`,
      );
      return 2;
    }
    if (!(error instanceof TenancyError)) throw error;
    console.error(
      error.message.replaceAll(parsed.tenantsFile, relative(process.cwd(), parsed.tenantsFile)),
    );
    return 2;
  }
  console.log(formatDevBanner(env));
  console.error(`ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return stopped;
}

main().then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
