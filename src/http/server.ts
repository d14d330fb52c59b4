/**
 * Running the app on a port, with a graceful stop: stop accepting, let in-flight requests finish (up to a
 * timeout), then drop what is left. The caller closes the database after `close()` resolves.
 */
import { STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { serve } from "@hono/node-server";
import type { ApiApp } from "./env.js";
import { PROBLEM_MEDIA_TYPE, type ProblemCode, problemBody } from "./problem.js";

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
    server.on("clientError", answerClientError);
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

/** Node's parser errors, answered by Node itself before the app sees a request, as problem codes. */
const CLIENT_ERRORS: Record<string, { code: ProblemCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: "headers-too-large",
    detail: "The request line and headers exceed the server's limit (16 KiB by default).",
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { code: "payload-too-large", detail: "The chunk extensions are too large." },
  ERR_HTTP_REQUEST_TIMEOUT: { code: "request-timeout", detail: "The request did not arrive in time." },
};

/**
 * Node answers a request it cannot take (headers too large, too slow, not HTTP) with a bare status line and no
 * body. With a listener, the answer is ours: the same problem+json with a stable `code` as every other error.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Nothing can be said to a client that is gone, nor once a response has started on this connection.
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ""] ?? {
    code: "malformed-request" as const,
    detail: "The request is not well-formed HTTP/1.1.",
  };
  const body = JSON.stringify(problemBody(known.code, { detail: known.detail }));
  const status = problemBody(known.code).status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      `Content-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
