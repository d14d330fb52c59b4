import type { Command } from "commander";
import type { ConfigSources } from "../../config.js";
import type { CliIo } from "../io.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/serve.js");

export function register(program: Command, io: CliIo): void {
  program
    .command("serve")
    .summary("Start the HTTP API on the embedded SQLite database or on PostgreSQL.")
    .description(
      "Start the HTTP API on the embedded SQLite database (created and migrated at start), or on PostgreSQL " +
        "when --db is a postgres:// URL (migrated at start; several instances may share one database). " +
        "Stops gracefully on SIGTERM or SIGINT: no new connections, in-flight requests finish, the database closes.\n\n" +
        "Environment: CRA_ASSESSOR_PORT (or PORT), CRA_ASSESSOR_HOST, CRA_ASSESSOR_DB, CRA_ASSESSOR_BODY_LIMIT, " +
        "CRA_ASSESSOR_WORKERS, CRA_ASSESSOR_SHUTDOWN_TIMEOUT_MS, CRA_ASSESSOR_HEADERS_TIMEOUT_MS, " +
        "CRA_ASSESSOR_REQUEST_TIMEOUT_MS; on PostgreSQL, the SBOM job queue's CRA_ASSESSOR_JOB_EXPIRE_SECONDS " +
        "(default 900), CRA_ASSESSOR_JOB_RETRIES (3), CRA_ASSESSOR_JOB_RETRY_DELAY_SECONDS (5) and " +
        "CRA_ASSESSOR_JOB_SWEEP_SECONDS (5). Flags win over the environment. " +
        "Exit codes: 2 for a configuration the operator can fix (invalid value, port in use), 3 for a fault.",
    )
    .option("--port <port>", "TCP port, 0 for any free port (default 8080)")
    .option("--host <host>", "interface to bind (default 127.0.0.1)")
    .option("--db <file|url>", "SQLite database file or postgres:// URL (default ./data/cra-assessor.db)")
    .option("--body-limit <bytes>", "largest accepted request body in bytes (default 104857600)")
    .option(
      "--workers <n>",
      "worker processes for large SBOMs and assessments, 1 MiB and up (default: CPUs - 1, 1..4); " +
        "one more worker takes the small ones, so they never queue behind a large upload",
    )
    .option("--headers-timeout <ms>", "time a client has to send its request headers (default 20000)")
    .option("--request-timeout <ms>", "time a client has to send its whole request, body included (default 300000)")
    .addHelpText(
      "after",
      "\nExample:\n  cra-assessor serve --port 8080 --db ./data/cra-assessor.db\n" +
        "  KEY=$(cra-assessor keys create --org acme --role manufacturer)\n" +
        '  curl -s -H "Authorization: Bearer $KEY" http://127.0.0.1:8080/v1/products',
    )
    .action(async (options: ConfigSources["flags"]) => (await actions()).runServe(io, options));
}
