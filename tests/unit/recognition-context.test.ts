/**
 * The assessment context loads the recognition data (crosswalks, arrangements) once; broken shipped data is a
 * fault of the installation (RuleSetLoadError), never an input issue of the product being assessed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SEED_FRAMEWORKS_DIR } from "../../src/crosswalk/catalog.js";
import { SEED_CROSSWALKS_DIR } from "../../src/crosswalk/seeds.js";
import { createAssessContext, RuleSetLoadError } from "../../src/services/assess.js";

const work = mkdtempSync(join(tmpdir(), "cra-recognition-ctx-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dirsWithCrosswalk(name: string, text: string) {
  const crosswalks = join(work, name, "crosswalks");
  const arrangements = join(work, name, "arrangements");
  mkdirSync(crosswalks, { recursive: true });
  mkdirSync(arrangements, { recursive: true });
  writeFileSync(join(crosswalks, "au-smart-devices--cra.json"), text);
  return { frameworks: SEED_FRAMEWORKS_DIR, crosswalks, arrangements };
}

describe("createAssessContext: recognition data", () => {
  const good = readFileSync(join(SEED_CROSSWALKS_DIR, "au-smart-devices--cra.json"), "utf8");

  it("loads the given crosswalks into the context", async () => {
    const ctx = await createAssessContext({ frameworks: ["cra"], recognitionDirs: dirsWithCrosswalk("ok", good) });
    expect(ctx.recognition.crosswalks.map((c) => c.id)).toEqual(["au-smart-devices--cra"]);
    expect(ctx.recognition.arrangements).toEqual([]);
  });

  it("refuses a crosswalk that maps to a requirement the CRA catalog does not have", async () => {
    const broken = good.replace('"target": "CRA-AI-P1-2b"', '"target": "CRA-AI-P1-2z"');
    expect(broken).not.toBe(good);
    const dirs = dirsWithCrosswalk("unknown-target", broken);
    await expect(createAssessContext({ frameworks: ["cra"], recognitionDirs: dirs })).rejects.toBeInstanceOf(
      RuleSetLoadError,
    );
    await expect(createAssessContext({ frameworks: ["cra"], recognitionDirs: dirs })).rejects.toThrow(/CRA-AI-P1-2z/);
  });

  it("refuses a crosswalk file that is not JSON", async () => {
    const dirs = dirsWithCrosswalk("syntax", `${good.slice(0, 200)}`);
    await expect(createAssessContext({ frameworks: ["cra"], recognitionDirs: dirs })).rejects.toBeInstanceOf(
      RuleSetLoadError,
    );
  });

  it("does not read recognition data for a context without the CRA", async () => {
    const dirs = dirsWithCrosswalk("not-read", "{ broken");
    const ctx = await createAssessContext({ frameworks: ["uk-psti"], recognitionDirs: dirs });
    expect(ctx.recognition.crosswalks).toEqual([]);
  });

  it("the shipped seeds load", async () => {
    const ctx = await createAssessContext({ frameworks: ["cra"] });
    expect(ctx.recognition.crosswalks.length).toBeGreaterThan(0);
    expect(ctx.recognition.arrangements.every((a) => a.status !== "draft")).toBe(true);
  });
});
