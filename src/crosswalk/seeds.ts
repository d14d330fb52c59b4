/**
 * The shipped recognition data: catalogs (via catalog.ts), crosswalks and arrangements from `seeds/`, loaded
 * together so that a broken file refuses everything rather than leaving a half-loaded set.
 */
import type { Arrangement, Crosswalk } from "../domain/crosswalk.js";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { packagePath } from "../package-root.js";
import { loadArrangementDir as arrangementDirLoad } from "./arrangement.js";
import { loadCatalogDir, SEED_FRAMEWORKS_DIR } from "./catalog.js";
import { loadCrosswalkDir } from "./crosswalk.js";

export const SEED_CROSSWALKS_DIR = packagePath("seeds", "crosswalks");
export const SEED_ARRANGEMENTS_DIR = packagePath("seeds", "arrangements");
export const SEED_DRAFT_ARRANGEMENTS_DIR = packagePath("seeds", "arrangements", "drafts");

/** Everything the crosswalk analyses read. */
export interface RecognitionData {
  catalogs: Map<string, FrameworkCatalog>;
  crosswalks: Crosswalk[];
  arrangements: Arrangement[];
}

export interface RecognitionDirs {
  frameworks: string;
  crosswalks: string;
  arrangements: string;
  /** Extra directories of arrangements to load as well (e.g. drafts). */
  extraArrangements?: string[];
}

/** Loads catalogs, then crosswalks and arrangements checked against them. All or nothing. */
export function loadRecognitionData(dirs: RecognitionDirs): Parsed<RecognitionData> {
  const catalogs = loadCatalogDir(dirs.frameworks);
  if (!catalogs.ok) return catalogs;
  const byId = new Map(catalogs.value.map((catalog) => [catalog.id, catalog]));
  const issues: InputIssue[] = [];
  const crosswalks = loadCrosswalkDir(dirs.crosswalks, byId);
  if (!crosswalks.ok) issues.push(...crosswalks.issues);
  const arrangements: Arrangement[] = [];
  for (const dir of [dirs.arrangements, ...(dirs.extraArrangements ?? [])]) {
    const loaded = arrangementDirLoad(dir, byId);
    if (loaded.ok) arrangements.push(...loaded.value);
    else issues.push(...loaded.issues);
  }
  const ids = new Set<string>();
  for (const arrangement of arrangements) {
    if (ids.has(arrangement.id))
      issues.push({
        path: "/id",
        constraint: "unique",
        message: `Arrangement id "${arrangement.id}" is loaded twice.`,
      });
    ids.add(arrangement.id);
  }
  if (issues.length > 0 || !crosswalks.ok) return { ok: false, issues };
  arrangements.sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, value: { catalogs: byId, crosswalks: crosswalks.value, arrangements } };
}

let seedData: RecognitionData | undefined;

/** The shipped seeds (in-force arrangements only; drafts are read on request). Throws if the seeds are broken. */
export function seedRecognitionData(): RecognitionData {
  if (!seedData) {
    const loaded = loadRecognitionData({
      frameworks: SEED_FRAMEWORKS_DIR,
      crosswalks: SEED_CROSSWALKS_DIR,
      arrangements: SEED_ARRANGEMENTS_DIR,
    });
    if (!loaded.ok) {
      throw new Error(
        `The shipped crosswalk seeds are invalid:\n${loaded.issues
          .map((i) => `  ${i.source ?? ""} ${i.path ?? ""}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`)
          .join("\n")}`,
      );
    }
    seedData = loaded.value;
  }
  return seedData;
}
