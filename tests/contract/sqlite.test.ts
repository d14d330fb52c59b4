import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
