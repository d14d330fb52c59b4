import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createAdvisoryStore } from "../../src/db/sqlite/advisory-repository.js";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { IMPORT_BATCH_RECORDS, importAdvisories } from "../../src/services/import-advisories.js";

const fixtures = fileURLToPath(new URL("../fixtures/advisories/", import.meta.url));
const repo = fileURLToPath(new URL("../../", import.meta.url));

describe("advisories import atomicity", () => {
  it("a failing batch leaves none of its records stored", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cra-adv-atomic-"));
    const database = openSqlite(join(dir, "a.db"));
    try {
      // The database refuses one record half-way through the batch, as a full disk or a crash would.
      database.sqlite.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON advisory_records WHEN NEW.key = 'osv:RUSTSEC-2099-0003' BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
      const store = createAdvisoryStore(database);
      await expect(
        importAdvisories({
          ctx: { store, now: () => new Date("2099-01-01T00:00:00Z") },
          input: { paths: [join(fixtures, "osv")] },
        }),
      ).rejects.toThrow("refused");
      expect(await store.counts()).toEqual({ advisory: 0, kev: 0, vex: 0 });
      expect(database.sqlite.prepare("SELECT COUNT(*) AS n FROM advisory_packages").get()).toEqual({ n: 0 });
      database.sqlite.exec("DROP TRIGGER refuse");
      const summary = await importAdvisories({
        ctx: { store, now: () => new Date() },
        input: { paths: [join(fixtures, "osv")] },
      });
      expect(summary.inserted).toBe(7);
    } finally {
      database.close();
    }
  });

  it("a process killed with SIGKILL mid-import leaves whole documents only, and a re-run completes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cra-adv-kill-"));
    const dbPath = join(dir, "kill.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(fixtures, "import-child.ts"), dbPath, join(dir, "records")],
      {
        cwd: repo,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let batches = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        batches += chunk
          .toString()
          .split("\n")
          .filter((l) => l === "batch").length;
        if (batches >= 2) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => resolve());
    });
    expect(await exited).toBe("SIGKILL");

    const database = openSqlite(dbPath);
    try {
      const { n } = database.sqlite.prepare("SELECT COUNT(*) AS n FROM advisory_records").get() as { n: number };
      // Batches hold whole 1,000-record documents, at least IMPORT_BATCH_RECORDS each: what is stored is a
      // whole number of documents, never a part of one.
      expect(n).toBeGreaterThanOrEqual(2 * IMPORT_BATCH_RECORDS);
      expect(n % 1000).toBe(0);
      const orphans = database.sqlite
        .prepare(
          "SELECT COUNT(*) AS n FROM advisory_records r WHERE NOT EXISTS (SELECT 1 FROM advisory_packages p WHERE p.record_key = r.key)",
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      const summary = await importAdvisories({
        ctx: { store: createAdvisoryStore(database), now: () => new Date() },
        input: { paths: [join(dir, "records")] },
      });
      expect(summary.unchanged).toBe(n);
      expect(summary.inserted + summary.unchanged).toBe(12_000);
    } finally {
      database.close();
    }
  });
});
