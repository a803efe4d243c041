// `npx tsx check/policyConfigCli.ts SETTINGS.json > policy-config.json`: one flat settings file
// (the keys `npm run check -- --config` takes) fanned out to every policy of the pack.
import { readFileSync } from "node:fs";
import { CheckSettings } from "./platformSettings";
import { policyPackConfig } from "./policyConfig";

const [file] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: npx tsx check/policyConfigCli.ts SETTINGS.json > policy-config.json");
  process.exit(2);
}
const settings = JSON.parse(readFileSync(file, "utf8")) as CheckSettings;
console.log(JSON.stringify(policyPackConfig(settings), null, 2));
