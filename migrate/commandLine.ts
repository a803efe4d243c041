import { parseArgs } from "node:util";
import { MigrationArgumentError } from "./errors";

export const STEPS = ["users", "dynamodb", "s3", "verify"] as const;
export type Step = (typeof STEPS)[number];

const OPTIONS = {
  apply: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  report: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
  stack: { type: "string", default: "dev" },
  tenants: { type: "string" },
  "account-id": { type: "string" },
  region: { type: "string" },
  "dynamodb-endpoint": { type: "string" },
  "s3-endpoint": { type: "string" },
  "cognito-endpoint": { type: "string" },
  "user-pool-id": { type: "string" },
  mapping: { type: "string" },
  "from-attribute": { type: "string" },
  "from-group-prefix": { type: "string" },
  rate: { type: "string" },
  "source-table": { type: "string" },
  "tenant-attribute": { type: "string" },
  "key-pattern": { type: "string" },
  segments: { type: "string" },
  checkpoint: { type: "string" },
  "delete-source": { type: "boolean", default: false },
  "source-bucket": { type: "string" },
  "source-prefix": { type: "string" },
  "multipart-threshold": { type: "string" },
  "part-size": { type: "string" },
  samples: { type: "string" },
  "version-attribute": { type: "string" },
} as const;

export type CommandValues = ReturnType<typeof parse>["values"];

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

export interface CommandLine {
  readonly step: Step | undefined;
  readonly values: CommandValues;
}

/** Parses the arguments; every mistake is a {@link MigrationArgumentError} (exit 2). */
export function parseCommandLine(args: string[]): CommandLine {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new MigrationArgumentError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { step: undefined, values };
  const [step, ...extra] = positionals;
  if (step === undefined || !(STEPS as readonly string[]).includes(step) || extra.length > 0) {
    throw new MigrationArgumentError(
      `${step === undefined ? "no step given" : `"${positionals.join(" ")}" is not one step`}. Fix: npm run migrate -- <${STEPS.join("|")}> [options]`,
    );
  }
  if (values.apply && values["dry-run"]) {
    throw new MigrationArgumentError("--apply and --dry-run contradict each other. Fix: pass one.");
  }
  if (values["delete-source"] && !values.apply) {
    throw new MigrationArgumentError(
      "--delete-source deletes only in an applied run, after verification. Fix: add --apply.",
    );
  }
  return { step: step as Step, values };
}

/** A positive whole number option, or its default. */
export function positiveInteger(
  values: CommandValues,
  name: keyof CommandValues,
  fallback: number,
): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (typeof text !== "string" || !Number.isInteger(value) || value < 1) {
    throw new MigrationArgumentError(
      `--${name}: "${String(text)}" is not a positive whole number.`,
    );
  }
  return value;
}

/** Exactly one of `names` must be given: the rule that decides the tenant. */
export function exactlyOne(
  values: CommandValues,
  names: readonly (keyof CommandValues)[],
): keyof CommandValues {
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new MigrationArgumentError(
      `${given.length === 0 ? "no tenant rule given" : `${given.map((n) => `--${n}`).join(" and ")} are two tenant rules`}. Fix: pass exactly one of ${names.map((n) => `--${n}`).join(", ")}.`,
    );
  }
  return given[0] as keyof CommandValues;
}

/** A required string option. */
export function required(values: CommandValues, name: keyof CommandValues, fix: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") {
    throw new MigrationArgumentError(`--${name} is required. Fix: ${fix}`);
  }
  return value;
}

/** A key pattern: a regular expression with a named group `tenant`. */
export function keyPattern(text: string): RegExp {
  let pattern: RegExp;
  try {
    pattern = new RegExp(text);
  } catch (error) {
    throw new MigrationArgumentError(`--key-pattern: ${(error as Error).message}.`);
  }
  if (!/\(\?<tenant>/.test(text)) {
    throw new MigrationArgumentError(
      `--key-pattern: "${text}" has no group named tenant. Fix: name the tenant part, e.g. --key-pattern '^(?<tenant>[a-z0-9-]+)/'`,
    );
  }
  return pattern;
}
