/**
 * Derives the ETSI-profile rule files of the label schemes that are profiles of ETSI EN 303 645 V3.1.3
 * (Singapore CLS(IoT), German IT Security Label) from the ETSI rule set, so one reading of each provision serves
 * every scheme that requires it: the same checks and messages, the scheme's requirement ids and a clause naming
 * the scheme first. Only provisions in the scheme's catalog are kept.
 *
 *   npx tsx scripts/derive-etsi-profile-rules.ts          # rewrite the derived files
 *   npx tsx scripts/derive-etsi-profile-rules.ts --check  # exit 1 when a derived file is stale (tests run this)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ETSI = "etsi-en-303-645@3.1.3";

interface Profile {
  framework: string;
  /** Requirement id prefix in the scheme's catalog: `SGCLS-ETSI-5.1-1`. */
  requirementPrefix: string;
  /** Rule id prefix replacing `ETSI-`. */
  rulePrefix: string;
  /** Put before the ETSI clause. */
  clause: string;
  description: string;
  /** Read the rules against another ICS edition (V2.1.1): answers under `etsi.v2`, version "2.1.1". */
  edition?: "2.1.1";
}

export const PROFILES: readonly Profile[] = [
  {
    framework: "sg-cls",
    requirementPrefix: "SGCLS-ETSI-",
    rulePrefix: "SGCLS-",
    clause: "CLS(IoT) CCC SP-151-2 v1.4 level profile (analyst assumption, unverified)",
    description: "CLS(IoT) levels as profiles over ETSI EN 303 645 V3.1.3",
  },
  {
    framework: "de-bsi-it-security-label",
    requirementPrefix: "DEBSI-ETSI-",
    rulePrefix: "DEBSI-",
    clause: "BSI category specification for smart consumer products (provision set unverified)",
    description: "German IT Security Label, smart consumer products: the ETSI EN 303 645 V3.1.3 provisions",
  },
  {
    framework: "etsi-en-303-645@2.1.1",
    requirementPrefix: "ETSI-",
    rulePrefix: "ETSI211-",
    clause: "status column taken from V3.1.3 (V2.1.1 table not checked)",
    description: "ETSI EN 303 645 V2.1.1, the four provisions UK PSTI cites, read with a V2.1.1 ICS",
    edition: "2.1.1",
  },
];

const SOURCES = [
  { file: "ics-mandatory.json", target: "etsi-ics.json", what: "answers of a V3.1.3 ICS" },
  { file: "direct-checks.json", target: "etsi-direct-checks.json", what: "checks on the declaration" },
] as const;

interface Rule {
  id: string;
  requirements: string[];
  clause: string;
  [key: string]: unknown;
}

const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as { rules: Rule[] };

export function derive(profile: Profile, source: (typeof SOURCES)[number]): string {
  const catalog = JSON.parse(readFileSync(join(ROOT, "seeds/frameworks", `${profile.framework}.json`), "utf8")) as {
    requirements: { id: string }[];
  };
  const ids = new Set(catalog.requirements.map((r) => r.id));
  const rules: Rule[] = [];
  for (const rule of read(`rules/${ETSI}/${source.file}`).rules) {
    const requirements = rule.requirements
      .map((id) => `${profile.requirementPrefix}${id.replace(/^ETSI-/, "")}`)
      .filter((id) => ids.has(id));
    if (requirements.length === 0) continue;
    // The same provision read from a V2.1.1 ICS: the answers sit under etsi.v2 and the edition is named 2.1.1.
    const edited: Rule =
      profile.edition === undefined
        ? rule
        : (JSON.parse(
            JSON.stringify(rule)
              .replaceAll("etsi.v3.", "etsi.v2.")
              .replaceAll("3.1.3", profile.edition)
              .replaceAll("V3.1.3", `V${profile.edition}`),
          ) as Rule);
    rules.push({
      ...edited,
      id: rule.id.replace(/^ETSI-/, profile.rulePrefix),
      requirements,
      clause: profile.edition === undefined ? `${profile.clause}, via ${rule.clause}` : `${edited.clause}; ${profile.clause}`,
    });
  }
  const file = {
    $schema: "../rule.schema.json",
    framework: profile.framework,
    description: `${profile.description}: ${source.what}. Derived from rules/${ETSI}/${source.file} by scripts/derive-etsi-profile-rules.ts; edit the ETSI rules, then re-run the script.`,
    rules,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function derivedFiles(): { path: string; text: string }[] {
  return PROFILES.flatMap((profile) =>
    SOURCES.map((source) => ({ path: `rules/${profile.framework}/${source.target}`, text: derive(profile, source) })),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { path, text } of derivedFiles()) {
    let current = "";
    try {
      current = readFileSync(join(ROOT, path), "utf8");
    } catch {
      // missing: stale
    }
    if (current === text) continue;
    stale += 1;
    if (check) process.stderr.write(`${path} is stale: run npx tsx scripts/derive-etsi-profile-rules.ts\n`);
    else writeFileSync(join(ROOT, path), text);
  }
  if (check && stale > 0) process.exit(1);
}
