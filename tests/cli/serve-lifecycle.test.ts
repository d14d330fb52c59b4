/**
 * How `serve` starts and stops as an operator sees it: `npm start` stops with the server on SIGTERM, a port in
 * use is a plain exit 2, and a client that sends its headers too slowly loses the socket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { ApiApp } from "../../src/http/env.js";
import { startServer } from "../../src/http/server.js";
import { spawnServer } from "../integration/server-process.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-serve-life-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(...argv: string[]) {
  let stderr = "";
  const code = await main(["serve", ...argv], {
    out: () => {},
    err: (t) => {
      stderr += t;
    },
    isTTY: false,
    cwd: dir,
    env: { CRA_ASSESSOR_WORKERS: "1" },
  });
  return { code, stderr };
}

describe("serve: start and stop", { timeout: 120_000 }, () => {
  it("exits 2 with a plain message when the port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await serve("--port", String(port), "--db", join(dir, "busy.db"));
      expect(code).toBe(2);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it("explains what a port is for --port abc", async () => {
    const { code, stderr } = await serve("--port", "abc");
    expect(code).toBe(2);
    expect(stderr).toContain("A port is a whole number from 0 to 65535");
  });

  it("stops with the server when npm start gets SIGTERM", async () => {
    const server = await spawnServer(join(dir, "npm.db"), [], { viaNpm: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill("SIGTERM");
    const exit = await server.exited;
    expect(exit.signal === "SIGTERM" || exit.code === 0, JSON.stringify(exit)).toBe(true);
    // Nothing listens any more: the server went with npm.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe("serve: slow clients", { timeout: 30_000 }, () => {
  it("closes the socket of a client whose headers do not arrive in time", async () => {
    const app = new Hono().get("/", (c) => c.text("ok")) as unknown as ApiApp;
    const server = await startServer(app, {
      host: "127.0.0.1",
      port: 0,
      headersTimeoutMs: 1000,
      requestTimeoutMs: 2000,
    });
    try {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), "127.0.0.1");
      socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
      let answer = "";
      socket.on("data", (chunk) => {
        answer += chunk.toString("latin1");
      });
      // No wall-clock assertion: the server ends the connection on its own, with 408 Request Timeout.
      await new Promise<void>((resolve) => socket.once("close", () => resolve()));
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await server.close(100);
    }
  });
});
