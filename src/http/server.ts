/**
 * Running the app on a port, with a graceful stop: stop accepting, let in-flight requests finish (up to a
 * timeout), then drop what is left. The caller closes the database after `close()` resolves.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ApiApp } from "./env.js";

export interface RunningServer {
  url: string;
  port: number;
  /** Resolves when every connection has ended. */
  close(timeoutMs?: number): Promise<void>;
}

/** A listen failure the operator can fix (port taken, not allowed), as opposed to a fault of the program. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface ServerOptions {
  host: string;
  port: number;
  /** Request line and headers must arrive within this (slowloris); default 20 s. */
  headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this; default 300 s. */
  requestTimeoutMs?: number;
}

export function startServer(app: ApiApp, options: ServerOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const headersTimeout = options.headersTimeoutMs ?? 20_000;
    const requestTimeout = options.requestTimeoutMs ?? 300_000;
    const server = serve(
      {
        fetch: app.fetch,
        hostname: options.host,
        port: options.port,
        serverOptions: {
          headersTimeout,
          requestTimeout,
          // Node checks both timeouts on this interval (30 s by default): check often enough to honour them.
          connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(headersTimeout / 4))),
        },
      },
      (info: AddressInfo) => {
        const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: (timeoutMs = 10_000) =>
            new Promise<void>((done) => {
              const hard = setTimeout(() => {
                if ("closeAllConnections" in server) server.closeAllConnections();
              }, timeoutMs);
              hard.unref();
              server.close(() => {
                clearTimeout(hard);
                done();
              });
              // Keep-alive connections with no request in flight would hold close() open.
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            }),
        });
      },
    );
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      if (error.code === "EADDRINUSE") {
        reject(
          new ListenError(
            `port ${options.port} on ${options.host} is already in use; choose another with --port (0: any free port)`,
            error.code,
          ),
        );
      } else if (error.code === "EACCES" || error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new ListenError(`cannot listen on ${where} (${error.code}): check --host and --port`, error.code));
      } else reject(error);
    });
  });
}
