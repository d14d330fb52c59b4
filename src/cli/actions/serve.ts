/**
 * What the `serve` commands do (registered in ../commands/serve.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import { availableParallelism } from "node:os";
import { type ConfigSources, loadServiceConfig } from "../../config.js";
import { DatabaseOpenError } from "../../db/open.js";
import { createServiceRuntime } from "../../http/runtime.js";
import { ListenError, startServer } from "../../http/server.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { VERSION } from "../program.js";

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export async function runServe(io: CliIo, options: ConfigSources["flags"]) {
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
}
