import { load } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../components/errors";
import { applyProjectConfig, readProjectFile } from "./projectConfig";

/**
 * The `config:` map of `Pulumi.<stack>.yaml` merged with the project file's values and
 * defaults, as the CLI hands it to a program in PULUMI_CONFIG: fully qualified keys, values as
 * strings. Secrets cannot be decrypted offline and are left out.
 */
export function readStackConfig(projectDir: string, stack: string): Record<string, string> {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    // A mistyped stack name would otherwise plan with every default, silently.
    throw new ConfigError(
      "--stack",
      `there is no Pulumi.${stack}.yaml. Fix: name an existing stack, or create it with pulumi stack init ${stack}`,
    );
  }
  const document = load(readFileSync(file, "utf8")) as
    { config?: Record<string, unknown> } | undefined;
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(document?.config ?? {})) {
    if (typeof value === "object" && value !== null) {
      if ("secure" in value) {
        secretKeys.add(key);
        continue;
      }
      config[key] = JSON.stringify(value);
    } else {
      config[key] = String(value);
    }
  }
  const project = readProjectFile(projectDir);
  return project === undefined ? config : applyProjectConfig(project, stack, config, secretKeys);
}
