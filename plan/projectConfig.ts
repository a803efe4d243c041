import { load } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../components/errors";

/** One entry of `config:` in Pulumi.yaml, as the Pulumi CLI reads it. */
export interface ProjectConfigDeclaration {
  readonly type?: string;
  readonly items?: unknown;
  readonly description?: string;
  readonly default?: unknown;
  readonly value?: unknown;
  readonly secret?: boolean;
}

export interface ProjectFile {
  readonly name: string;
  readonly config: Readonly<Record<string, ProjectConfigDeclaration>>;
}

const PROJECT_FILE = "Pulumi.yaml";
const SIMPLE_TYPES = ["string", "integer", "boolean", "array"];

/** Pulumi.yaml of `projectDir`, or undefined when the directory holds none. */
export function readProjectFile(projectDir: string): ProjectFile | undefined {
  const file = join(projectDir, PROJECT_FILE);
  if (!existsSync(file)) return undefined;
  const document = load(readFileSync(file, "utf8")) as
    { name?: unknown; config?: Record<string, unknown> } | undefined;
  const name = typeof document?.name === "string" ? document.name : "";
  const config: Record<string, ProjectConfigDeclaration> = {};
  for (const [key, entry] of Object.entries(document?.config ?? {})) {
    // A bare value is shorthand for { value }.
    config[key] =
      typeof entry === "object" && entry !== null && !Array.isArray(entry)
        ? (entry as ProjectConfigDeclaration)
        : { value: entry };
  }
  const project = { name, config };
  validateProjectConfig(project);
  return project;
}

/**
 * The rules the Pulumi CLI applies when it loads the project file (workspace/project.go), so
 * a declaration the CLI would refuse fails the offline plan too, instead of the first
 * `pulumi up`.
 */
export function validateProjectConfig(project: ProjectFile): void {
  for (const [key, declaration] of Object.entries(project.config)) {
    const setting = `${PROJECT_FILE} config.${key}`;
    if (declaration.default !== undefined && declaration.value !== undefined) {
      throw new ConfigError(setting, "has both default and value. Fix: keep one of them");
    }
    if (isProjectKey(project.name, key)) {
      if (declaration.type !== undefined && !SIMPLE_TYPES.includes(declaration.type)) {
        throw new ConfigError(
          setting,
          `type "${declaration.type}" is not one the CLI knows. Fix: use ${SIMPLE_TYPES.join(", ")}, or leave the type out for a map`,
        );
      }
      if (declaration.type === "array" && declaration.items === undefined) {
        throw new ConfigError(
          setting,
          "declares an array without items. Fix: add items: { type: string }",
        );
      }
      continue;
    }
    // Another package's key (aws:region) may only carry a value: its schema is the provider's.
    if (
      declaration.type !== undefined ||
      declaration.default !== undefined ||
      declaration.value === undefined
    ) {
      throw new ConfigError(
        setting,
        "is not in the project's namespace, so the CLI accepts only a value for it (no type, no default). Fix: set it per stack with pulumi config set, or give it a value",
      );
    }
  }
}

/**
 * The stack's config as the CLI hands it to the program: the stack's own values, then the
 * project's values and defaults for keys the stack leaves out. A project key declared without
 * a default is required, as the CLI requires it.
 */
export function applyProjectConfig(
  project: ProjectFile,
  stack: string,
  stackConfig: Readonly<Record<string, string>>,
  /** Keys the stack sets as secrets, which cannot be read offline. */
  secretKeys: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const merged = { ...stackConfig };
  const missing: string[] = [];
  for (const [key, declaration] of Object.entries(project.config).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    if (secretKeys.has(fullKey)) continue;
    if (fullKey in merged) {
      checkDeclaredType(stack, key, declaration, merged[fullKey]!);
      continue;
    }
    const fallback = declaration.default ?? declaration.value;
    if (fallback === undefined) {
      if (isProjectKey(project.name, key)) missing.push(key);
      continue;
    }
    merged[fullKey] =
      typeof fallback === "object" && fallback !== null
        ? JSON.stringify(fallback)
        : String(fallback);
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `Pulumi.${stack}.yaml`,
      `Stack '${stack}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${missing.map((key) => `'${key}'`).join(", ")}: ${PROJECT_FILE} declares ${missing.length > 1 ? "them" : "it"} without a default, so the Pulumi CLI requires ${missing.length > 1 ? "them" : "it"} in every stack. Fix: pulumi config set ${project.name}:${missing[0]} <value>, or give the declaration a default`,
    );
  }
  return merged;
}

function checkDeclaredType(
  stack: string,
  key: string,
  declaration: ProjectConfigDeclaration,
  value: string,
): void {
  const valid =
    declaration.type === "boolean"
      ? value === "true" || value === "false"
      : declaration.type === "integer"
        ? /^-?\d+$/.test(value)
        : declaration.type === "array"
          ? Array.isArray(parseJson(value))
          : true;
  if (!valid) {
    throw new ConfigError(
      `Pulumi.${stack}.yaml`,
      `Stack '${stack}' with configuration key '${key}' must be of type '${declaration.type}'. Fix: pulumi config set ${key} <a ${declaration.type}>`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProjectKey(projectName: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${projectName}:`);
}
