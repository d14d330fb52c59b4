/**
 * The repository contract on PostgreSQL. Runs when CRA_ASSESSOR_TEST_PG_URL points at a server where the user
 * may create databases (e.g. postgres://cra:cra@127.0.0.1:5432/postgres); each harness gets a fresh database.
 * Without it the suite is skipped (`npm test` needs no server); `.ci/run` starts one and sets it.
 */
import { describe, it } from "vitest";
import { openPg } from "../../src/db/pg/open.js";
import { createPgRepositories } from "../../src/db/pg/repository.js";
import { createTestPgDatabase } from "../pg-database.js";
import { repositoryContract } from "./repository.contract.js";

const url = process.env.CRA_ASSESSOR_TEST_PG_URL;

if (url) {
  repositoryContract("postgresql", async () => {
    const throwaway = await createTestPgDatabase(url);
    const database = await openPg(throwaway.url);
    return {
      repos: createPgRepositories(database),
      close: async () => {
        await database.close();
        await throwaway.drop();
      },
    };
  });
} else {
  describe.skip("repository port contract: postgresql (set CRA_ASSESSOR_TEST_PG_URL to run)", () => {
    it("needs a PostgreSQL server", () => {});
  });
}
