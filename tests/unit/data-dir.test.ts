import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listDataFiles, loadDataDir } from "../../src/crosswalk/data-dir.js";
import type { Parsed } from "../../src/domain/input-issue.js";

interface Entry {
  id: string;
  pair: string;
}

const root = mkdtempSync(join(tmpdir(), "cra-data-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(files: Record<string, Entry | "broken">): string {
  const path = mkdtempSync(join(root, "d-"));
  for (const [name, entry] of Object.entries(files)) writeFileSync(join(path, name), JSON.stringify(entry));
  return path;
}

const load = (path: string): Parsed<Entry> => {
  const text = JSON.parse(readFileSync(path, "utf8")) as Entry | "broken";
  return text === "broken"
    ? { ok: false, issues: [{ source: path, constraint: "syntax", message: "broken" }] }
    : { ok: true, value: text };
};

const keys = [
  { path: "/pair", key: (e: Entry) => e.pair, clash: (k: string, f: string) => `pair ${k} already in ${f}` },
  { path: "/id", key: (e: Entry) => e.id, clash: (k: string, f: string) => `id ${k} already in ${f}` },
];

describe("seed directories", () => {
  it("lists data files only, sorted, without entering sub-directories", () => {
    const path = dir({ "b.json": { id: "b", pair: "1" }, "a.yaml": { id: "a", pair: "2" } });
    writeFileSync(join(path, "notes.md"), "x");
    mkdirSync(join(path, "drafts.json"));
    expect(listDataFiles(path, "test")).toEqual({ ok: true, value: ["a.yaml", "b.json"] });
  });

  it("says which directory it cannot list", () => {
    const listed = listDataFiles(join(root, "missing"), "crosswalk");
    expect(listed.ok).toBe(false);
    if (!listed.ok) expect(listed.issues[0]?.message).toBe("Cannot list the crosswalk directory: ENOENT");
  });

  it("loads every file and sorts the values by id", () => {
    const loaded = loadDataDir(
      dir({ "1.json": { id: "z", pair: "1" }, "2.json": { id: "a", pair: "2" } }),
      "t",
      load,
      keys,
    );
    expect(loaded).toEqual({
      ok: true,
      value: [
        { id: "a", pair: "2" },
        { id: "z", pair: "1" },
      ],
    });
  });

  it("refuses the whole directory on a clash, naming the first key that clashes and the earlier file", () => {
    const loaded = loadDataDir(
      dir({
        "1.json": { id: "x", pair: "p" },
        "2.json": { id: "x", pair: "p" },
        "3.json": { id: "x", pair: "q" },
        "4.json": { id: "y", pair: "r" },
      }),
      "t",
      load,
      keys,
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.issues.map((i) => [i.source?.split(/[\\/]/).pop(), i.path, i.constraint, i.message])).toEqual([
        ["2.json", "/pair", "unique", "pair p already in 1.json"],
        ["3.json", "/id", "unique", "id x already in 1.json"],
      ]);
  });

  it("reports every broken file and loads nothing", () => {
    const loaded = loadDataDir(
      dir({ "1.json": "broken", "2.json": { id: "a", pair: "1" }, "3.json": "broken" }),
      "t",
      load,
      keys,
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues.map((i) => i.message)).toEqual(["broken", "broken"]);
  });
});
