// Prints the rule table of policypack/README.md from the catalog, so the two cannot drift:
// `npx tsx check/ruleTable.ts`.
import { ALL_RULES } from "../policypack/lib/ruleCatalog";

const cell = (text: string) => text.replace(/\|/g, "\\|");
console.log("| id | kind | what | why | fix |\n|---|---|---|---|---|");
for (const rule of ALL_RULES)
  console.log(
    `| ${rule.id} | ${rule.kind} | ${cell(rule.what)} | ${cell(rule.why)} | ${cell(rule.fix)} |`,
  );
