/**
 * docs/rules-cra.md lists every CRA rule (id, requirements, severity, source kind, clause, outcome on hold and on
 * failure). It is generated from rules/cra/*.json and checked here, so it cannot drift from the rules; regenerate
 * with `UPDATE_GOLDEN=1 npx vitest run tests/rules/rules-reference.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { loadRuleSet } from "../../src/rules/loader.js";

const target = fileURLToPath(new URL("../../docs/rules-cra.md", import.meta.url));
const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

it("docs/rules-cra.md matches rules/cra", async () => {
  const loaded = await loadRuleSet("cra", getCatalog("cra")!);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const lines = [
    "# CRA rules",
    "",
    "Generated from `rules/cra/*.json` by `tests/rules/rules-reference.test.ts`; do not edit by hand. How rules",
    "combine into findings, and the policies behind severities and dates: `docs/rules.md`.",
    "",
    "| rule | requirements | severity | source | clause | holds → | fails → | checks |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const rule of loaded.value.rules) {
    const hold = rule.check ? (rule.onHold ?? "met") : "needs-review";
    const fail = rule.check ? (rule.onFail ?? "gap") : "—";
    const what = rule.check ? rule.title : `manual review: ${rule.title}`;
    const scope = rule.applies ? " (when it applies)" : "";
    lines.push(
      `| \`${rule.id}\` | ${rule.requirements.join(", ")} | ${rule.severity} | ${rule.sourceKind} | ${cell(rule.clause)} | ${hold} | ${fail} | ${cell(what)}${scope} |`,
    );
  }
  const text = `${lines.join("\n")}\n`;
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(target)) {
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error("docs/rules-cra.md is missing; run with UPDATE_GOLDEN=1");
    writeFileSync(target, text);
  }
  expect(readFileSync(target, "utf8")).toBe(text);
});
