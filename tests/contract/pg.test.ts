/**
 * The repository contract on PostgreSQL. Runs when CRA_ASSESSOR_TEST_PG_URL points at a server where the user
 * may create databases (e.g. postgres://cra:cra@127.0.0.1:5432/postgres); each harness gets a fresh database.
 * Without it the suite is skipped: CI has no PostgreSQL (see docs/api.md, "Storage").
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, it } from "vitest";
import { openPg } from "../../src/db/pg/open.js";
import { createPgRepositories } from "../../src/db/pg/repository.js";
import { repositoryContract } from "./repository.contract.js";

const url = process.env.CRA_ASSESSOR_TEST_PG_URL;

if (url) {
  repositoryContract("postgresql", async () => {
    const name = `cra_contract_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = await openPg(target.toString());
    return {
      repos: createPgRepositories(database),
      close: async () => {
        await database.close();
        await admin.query(`drop database ${name}`);
        await admin.end();
      },
    };
  });
} else {
  describe.skip("repository port contract: postgresql (set CRA_ASSESSOR_TEST_PG_URL to run)", () => {
    it("needs a PostgreSQL server", () => {});
  });
}
