import { load } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The `config:` map of `Pulumi.<stack>.yaml`, as the CLI hands it to a program in
 * PULUMI_CONFIG: fully qualified keys, values as strings. Secrets cannot be decrypted offline
 * and are left out.
 */
export function readStackConfig(projectDir: string, stack: string): Record<string, string> {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) return {};
  const document = load(readFileSync(file, "utf8")) as
    { config?: Record<string, unknown> } | undefined;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document?.config ?? {})) {
    if (typeof value === "object" && value !== null) {
      if ("secure" in value) continue;
      config[key] = JSON.stringify(value);
    } else {
      config[key] = String(value);
    }
  }
  return config;
}
