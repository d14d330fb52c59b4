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

export function startServer(app: ApiApp, options: { host: string; port: number }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
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
    });
    server.once("error", reject);
  });
}
