import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { type ConfigSources, loadServiceConfig } from "../../config.js";
import { DatabaseOpenError } from "../../db/open.js";
import { createServiceRuntime } from "../../http/runtime.js";
import { ListenError, startServer } from "../../http/server.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { VERSION } from "../program.js";

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

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
    .action(async (options: ConfigSources["flags"]) => {
      const config = loadServiceConfig({ flags: options, env: io.env, cwd: io.cwd, cpus: availableParallelism() });
      if (!config.ok) {
        throw new CliExit(
          ExitCode.invalidInput,
          `serve: invalid configuration\n${config.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`,
        );
      }
      const { db, host, port, workers, bodyLimitBytes, shutdownTimeoutMs, headersTimeoutMs, requestTimeoutMs } =
        config.value;
      const queue = {
        expireSeconds: config.value.jobExpireSeconds,
        retryLimit: config.value.jobRetries,
        retryDelaySeconds: config.value.jobRetryDelaySeconds,
        sweepSeconds: config.value.jobSweepSeconds,
      };
      let runtime: Awaited<ReturnType<typeof createServiceRuntime>>;
      try {
        runtime = await createServiceRuntime({
          db,
          workers,
          bodyLimitBytes,
          version: VERSION,
          queue,
          onError: (error) =>
            io.err(`cra-assessor: request failed: ${error instanceof Error ? error.stack : String(error)}\n`),
        });
      } catch (error) {
        if (error instanceof DatabaseOpenError) throw new CliExit(ExitCode.invalidInput, `serve: ${error.message}`);
        throw error;
      }
      const dbLabel = runtime.database.label;
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(runtime.app, { host, port, headersTimeoutMs, requestTimeoutMs });
      } catch (error) {
        await runtime.close();
        if (error instanceof ListenError) throw new CliExit(ExitCode.invalidInput, `serve: ${error.message}`);
        throw new CliExit(ExitCode.internal, `serve: cannot listen on ${host}:${port}: ${String(error)}`);
      }
      const url = server.url;
      io.out(
        `cra-assessor ${VERSION} listening on ${url}\n` +
          `  database ${dbLabel} (${runtime.database.dialect}, migrated), ${workers} worker process(es) for large inputs + 1 for small ones, body limit ${mib(bodyLimitBytes)}\n` +
          `  API reference ${url}/docs   OpenAPI ${url}/openapi.json\n\n` +
          `Open ${url}/ in a browser and sign in with an API key. Get a first key (shown once) with:\n` +
          `  node bin/cra-assessor.js keys create --org acme --role manufacturer --db ${dbLabel}\n` +
          "  (roles: manufacturer, ci, regulator, admin, operator; an operator key creates organisations and keys)\n\n" +
          "First API request:\n" +
          `  KEY=$(node bin/cra-assessor.js keys create --org acme --role manufacturer --db ${dbLabel})\n` +
          `  curl -s -X POST ${url}/v1/products -H "Authorization: Bearer $KEY" \\\n` +
          `       -H 'content-type: application/json' -d '{"name":"Acme Home Hub"}'\n`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) return;
          stopping = true;
          io.err(`${signal}: stopping; finishing requests in flight\n`);
          void server
            .close(shutdownTimeoutMs)
            .then(() => runtime.close(shutdownTimeoutMs))
            .then(() => {
              io.err("stopped; database closed\n");
              resolve();
            });
        };
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
