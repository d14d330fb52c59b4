/**
 * Requests Node refuses before the app sees them (headers too large, not HTTP, too slow) are answered by the
 * real server on loopback with the same problem+json as every other error.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { startTestService, type TestService } from "./helpers.js";

let svc: TestService;
let server: RunningServer;
beforeAll(async () => {
  svc = await startTestService();
  server = await startServer(svc.runtime.app, { host: "127.0.0.1", port: 0, headersTimeoutMs: 1000 });
});
afterAll(async () => {
  await server.close(100);
  await svc.close();
});

/** Sends raw bytes and reads the whole answer until the server closes the connection. */
function raw(request: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const split = answer.indexOf("\r\n\r\n");
      resolve({ head: answer.slice(0, split), body: answer.slice(split + 4) });
    });
    socket.write(request);
  });
}

function expectProblemText(answer: { head: string; body: string }, status: number, code: string) {
  expect(answer.head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect(answer.head.toLowerCase()).toContain("content-type: application/problem+json");
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:cra-assessor:problem:${code}` });
  expect(typeof body.detail).toBe("string");
}

describe("requests refused by the HTTP parser", { timeout: 30_000 }, () => {
  it("answers headers above the limit with 431 problem+json", async () => {
    const big = "x".repeat(20_000);
    const answer = await raw(`GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    expectProblemText(answer, 431, "headers-too-large");
  });

  it("answers what is not HTTP with 400 problem+json", async () => {
    const answer = await raw("NOT HTTP AT ALL\r\n\r\n");
    expectProblemText(answer, 400, "malformed-request");
  });

  it("answers headers that do not arrive in time with 408 problem+json", async () => {
    const answer = await raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    expectProblemText(answer, 408, "request-timeout");
  });

  it("still serves ordinary requests", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
