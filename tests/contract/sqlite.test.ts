import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { createSqliteRepositories } from "../../src/db/sqlite/repository.js";
import { repositoryContract } from "./repository.contract.js";

// A real file (not :memory:), so WAL, foreign keys and the committed migrations are what production runs.
repositoryContract("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-contract-"));
  const database = openSqlite(join(dir, "contract.db"));
  return {
    repos: createSqliteRepositories(database),
    close: async () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("sqlite repository: waiting for the write lock", () => {
  it("retries a write off the event loop while another connection holds the lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-busy-"));
    const file = join(dir, "busy.db");
    const server = openSqlite(file);
    // As the service runs it: a short busy timeout, waiting done by the repository between attempts.
    server.sqlite.pragma("busy_timeout = 10");
    const repos = createSqliteRepositories(server);
    const worker = openSqlite(file, { migrate: false });
    try {
      worker.sqlite.prepare("BEGIN IMMEDIATE").run();
      const org = { id: "org_busy", slug: "busy", name: "Busy", createdAt: "2027-01-01T00:00:00.000Z" };
      let timerRan = false;
      const writing = repos.organizations.create(org, {
        at: org.createdAt,
        organizationId: org.id,
        actor: "test",
        action: "organization.created",
        subjectType: "organization",
        subjectId: org.id,
        details: {},
      });
      // The event loop keeps turning while the write waits; the lock is released from a timer.
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          timerRan = true;
          worker.sqlite.prepare("COMMIT").run();
          resolve();
        }, 100),
      );
      await expect(writing).resolves.toEqual(org);
      expect(timerRan).toBe(true);
      expect(await repos.organizations.findBySlug("busy")).toEqual(org);
    } finally {
      worker.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
