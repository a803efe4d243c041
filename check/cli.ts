// `npm run check -- --preview FILE | --state FILE [--config FILE] [--json]`: the policy pack,
// run over the analyzer protocol against a preview or a stack export, with no CLI or credentials.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyzeResources, hasMandatoryViolations } from "./analyzeResources";
import { formatViolations, violationsAsJson } from "./formatViolations";
import {
  CheckConfigError,
  configuredLevels,
  EnforcementLevelSetting,
  readCheckConfig,
} from "./checkConfig";
import { CheckSettings, derivePlatformSettings } from "./platformSettings";
import { resourcesFromPreview, resourcesFromState } from "./pulumiJson";
import { settingsDisagreements } from "./settingsDisagreements";
import packageJson from "../policypack/package.json";

const USAGE =
  "usage: npm run check -- (--preview FILE | --state FILE) [--config SETTINGS.json | POLICY-CONFIG.json] [--json]";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      preview: { type: "string" },
      state: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if ((values.preview === undefined) === (values.state === undefined)) {
    console.error(USAGE);
    return 2;
  }
  const resources =
    values.preview !== undefined
      ? resourcesFromPreview(readJson(values.preview))
      : resourcesFromState(readJson(values.state as string));
  let config: CheckSettings | undefined;
  let levels: Record<string, EnforcementLevelSetting> = {};
  try {
    const json = values.config === undefined ? undefined : readJson(values.config);
    config = json === undefined ? undefined : readCheckConfig(json);
    levels = json === undefined ? {} : configuredLevels(json);
  } catch (err) {
    if (!(err instanceof CheckConfigError)) throw err;
    console.error(
      `${err.message}\nFix the pack configuration (${values.config}); nothing was analysed.`,
    );
    return 2;
  }
  const disagreements =
    config === undefined ? [] : settingsDisagreements(config, derivePlatformSettings(resources));
  for (const disagreement of disagreements) console.error(`warning: ${disagreement}`);
  const violations = await analyzeResources(resources, { config, levels });
  console.log(
    values.json
      ? violationsAsJson(violations, disagreements)
      : formatViolations(violations, packageJson.version),
  );
  return hasMandatoryViolations(violations) ? 1 : 0;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exit(2);
  },
);
