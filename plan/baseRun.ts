import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { ConfigError } from "../components/errors";
import { OfflineRun, prepareOfflineRun, PROJECT_DIR } from "./offlineRun";

/**
 * The same stack as it was at git revision `ref`: its Pulumi.<stack>.yaml and tenants file
 * from that revision of `repoDir` (the project), planned with today's program, so the
 * difference is what the change does.
 */
export function prepareBaseRun(ref: string, stack: string, repoDir = PROJECT_DIR): OfflineRun {
  if (ref.startsWith("-")) {
    // git would read it as an option.
    throw new ConfigError("--base", `"${ref}" is not a git revision. Fix: e.g. --base origin/main`);
  }
  const dir = mkdtempSync(join(tmpdir(), "tenancy-base-"));
  const configText = fileAt(repoDir, ref, `Pulumi.${stack}.yaml`);
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), configText);
  // The project file's defaults and required keys apply to the stack as they did at `ref`.
  if (existsAt(repoDir, ref, "Pulumi.yaml")) {
    writeFileSync(join(dir, "Pulumi.yaml"), fileAt(repoDir, ref, "Pulumi.yaml"));
  }
  const config = (load(configText) as { config?: Record<string, unknown> } | undefined)?.config;
  const tenantsPath = String(config?.["tenancy:tenantsFile"] ?? "tenants.json");
  const tenantsFile = join(dir, "tenants.json");
  writeFileSync(tenantsFile, fileAt(repoDir, ref, tenantsPath));
  return prepareOfflineRun({
    stack,
    configDir: dir,
    tenantsFile,
    source: `${ref}:${tenantsPath}`,
  });
}

function existsAt(repoDir: string, ref: string, path: string): boolean {
  try {
    execFileSync("git", ["cat-file", "-e", `${ref}:./${path}`], { cwd: repoDir, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function fileAt(repoDir: string, ref: string, path: string): string {
  try {
    return execFileSync("git", ["show", `${ref}:./${path}`], {
      cwd: repoDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    const reason = String((error as { stderr?: unknown }).stderr ?? error).trim();
    throw new ConfigError(
      "--base",
      `cannot read ${path} at "${ref}" (${reason}). Fix: name a commit, branch or tag of this repository that has the file, e.g. --base origin/main`,
    );
  }
}
