// Runs every bench/*.bench.ts in its own process, so one benchmark's heap and warm caches
// never colour another's figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const only = process.argv.slice(2);
const benches = readdirSync(__dirname)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(__dirname, file)],
    {
      stdio: "inherit",
    },
  );
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
