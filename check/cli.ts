// `npm run check -- --preview FILE | --state FILE [--config FILE] [--json]`: the policy pack,
// run over the analyzer protocol against a preview or a stack export, with no CLI or credentials.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyzeResources, hasMandatoryViolations } from "./analyzeResources";
import { formatViolations, violationsAsJson } from "./formatViolations";
import { CheckSettings } from "./platformSettings";
import { resourcesFromPreview, resourcesFromState } from "./pulumiJson";
import packageJson from "../policypack/package.json";

const USAGE =
  "usage: npm run check -- (--preview FILE | --state FILE) [--config SETTINGS.json] [--json]";

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
  const config =
    values.config === undefined ? undefined : (readJson(values.config) as CheckSettings);
  const violations = await analyzeResources(resources, { config });
  console.log(
    values.json ? violationsAsJson(violations) : formatViolations(violations, packageJson.version),
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
