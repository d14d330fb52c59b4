import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { DECLARATION, SBOM_JSON, SBOM_XML } from "../integration/helpers.js";
import { type ServerProcess, spawnServer } from "../integration/server-process.js";

let dir: string;
let db: string;
let server: ServerProcess;
let key: string;

async function cli(...argv: string[]) {
  let stdout = "";
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: () => {},
    isTTY: false,
    cwd: dir,
    env: {},
  });
  return { code, stdout };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cra-serve-"));
  db = join(dir, "nested", "data", "service.db");
  server = await spawnServer(db);
  key = (await cli("keys", "create", "--org", "acme", "--role", "manufacturer", "--db", db)).stdout.trim();
}, 120_000);

afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${key}` });

describe("cra-assessor serve (real process, real database file)", { timeout: 120_000 }, () => {
  it("creates the data directory, migrates, and prints the URL with a first request", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.stdout()).toContain(`${server.url}/docs`);
    expect(server.stdout()).toMatch(/keys create --org acme --role manufacturer/);
    expect(server.stdout()).toMatch(/curl -s -X POST .*\/v1\/products/);
  });

  it("answers the first request printed at start, with a key made by the CLI while it runs", async () => {
    const res = await fetch(`${server.url}/v1/products`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ name: "Acme Home Hub" }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { id: string }).id).toMatch(/^prd_/);
    expect((await fetch(`${server.url}/v1/products`)).status).toBe(401);
  });

  it("validates JSON and XML SBOMs in its worker and assesses them", async () => {
    const product = (await (
      await fetch(`${server.url}/v1/products`, {
        method: "POST",
        headers: { ...auth(), "content-type": "application/json" },
        body: JSON.stringify({ name: "Worker Product" }),
      })
    ).json()) as { id: string };
    for (const [type, body] of [
      ["application/vnd.cyclonedx+json", SBOM_JSON],
      ["application/vnd.cyclonedx+xml", SBOM_XML],
    ] as const) {
      const res = await fetch(`${server.url}/v1/products/${product.id}/sboms`, {
        method: "POST",
        headers: { ...auth(), "content-type": type },
        body,
      });
      expect(res.status).toBe(201);
    }
    await fetch(`${server.url}/v1/products/${product.id}/declaration`, {
      method: "PUT",
      headers: { ...auth(), "content-type": "application/yaml" },
      body: DECLARATION,
    });
    const res = await fetch(`${server.url}/v1/products/${product.id}/assessments`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ asOf: "2028-01-15" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cra-verdict")).toMatch(/^(pass|fail)$/);
  });

  it("stops on SIGTERM after finishing the request in flight, and closes the database", async () => {
    const inFlight = fetch(`${server.url}/v1/assess?format=md`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({
        sbom: JSON.parse(SBOM_JSON.toString("utf8")),
        declaration: { format: "cra-declaration/1", product: { name: "X" } },
        asOf: "2028-01-15",
      }),
    });
    // Let the request reach the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 150));
    server.child.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/CRA assessment/);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toMatch(/database closed/);
    // The file is consistent and its audit chain intact after the stop.
    expect((await cli("audit", "verify", "--db", db)).code).toBe(0);
  });
});

describe("cra-assessor serve: configuration errors", () => {
  it("refuses an invalid port with exit 2", async () => {
    let stderr = "";
    const code = await main(["serve", "--port", "99999"], {
      out: () => {},
      err: (t) => {
        stderr += t;
      },
      isTTY: false,
      cwd: tmpdir(),
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/port/);
  });
});
