import { describe, expect, it } from "vitest";
import { DEFAULT_BODY_LIMIT_BYTES, loadServiceConfig } from "../../src/config.js";
import { negotiateReportFormat } from "../../src/http/negotiate.js";

const load = (flags: Record<string, string> = {}, env: Record<string, string> = {}, cpus = 2) =>
  loadServiceConfig({ flags, env, cwd: "/srv/app", cpus });

describe("service configuration", () => {
  it("has the documented defaults, the database resolved against the working directory", () => {
    expect(load()).toEqual({
      ok: true,
      value: {
        port: 8080,
        host: "127.0.0.1",
        db: "/srv/app/data/cra-assessor.db",
        bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
        workers: 1,
        shutdownTimeoutMs: 10_000,
        headersTimeoutMs: 20_000,
        requestTimeoutMs: 300_000,
        jobExpireSeconds: 900,
        jobRetries: 3,
        jobRetryDelaySeconds: 5,
        jobSweepSeconds: 5,
      },
    });
    expect(load({}, {}, 16)).toMatchObject({ value: { workers: 4 } });
  });
  it("takes flags over environment over defaults", () => {
    const config = load(
      { port: "9000" },
      { CRA_ASSESSOR_PORT: "7000", PORT: "6000", CRA_ASSESSOR_DB: "/var/db.sqlite", CRA_ASSESSOR_WORKERS: "3" },
    );
    expect(config).toMatchObject({ ok: true, value: { port: 9000, db: "/var/db.sqlite", workers: 3 } });
    expect(load({}, { PORT: "6000" })).toMatchObject({ value: { port: 6000 } });
    expect(load({ port: "" }, { CRA_ASSESSOR_PORT: "7000" })).toMatchObject({ value: { port: 7000 } });
  });
  it("reports invalid values with their path instead of starting", () => {
    const config = load({ port: "99999", bodyLimit: "ten" }, { CRA_ASSESSOR_WORKERS: "0" });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.issues.map((i) => i.path).sort()).toEqual(["/bodyLimitBytes", "/port", "/workers"]);
  });
  it("says what a port is, and takes only whole decimal numbers", () => {
    for (const port of ["abc", "0x10", "1e3", "80.5", "-1"]) {
      const config = load({ port });
      expect(config.ok, port).toBe(false);
      if (!config.ok) {
        expect(config.issues).toEqual([expect.objectContaining({ path: "/port" })]);
        expect(config.issues[0]?.message).toContain("A port is a whole number from 0 to 65535");
      }
    }
    expect(load({}, { CRA_ASSESSOR_WORKERS: "0x2" }).ok).toBe(false);
  });
  it("takes request and header timeouts from flags or the environment", () => {
    expect(load({ headersTimeout: "5000" }, { CRA_ASSESSOR_REQUEST_TIMEOUT_MS: "60000" })).toMatchObject({
      value: { headersTimeoutMs: 5000, requestTimeoutMs: 60_000 },
    });
    const inverted = load({ headersTimeout: "90000", requestTimeout: "60000" });
    expect(inverted.ok).toBe(false);
    if (!inverted.ok) expect(inverted.issues.map((i) => i.path)).toEqual(["/headersTimeoutMs"]);
  });
});

describe("report format negotiation", () => {
  it("prefers ?format= and otherwise the best Accept entry it can serve", () => {
    expect(negotiateReportFormat("sarif", "text/html")).toBe("sarif");
    expect(negotiateReportFormat("pdf", undefined)).toBeNull();
    expect(negotiateReportFormat(undefined, undefined)).toBe("json");
    expect(negotiateReportFormat(undefined, "text/html;q=0.5, text/markdown")).toBe("md");
    expect(negotiateReportFormat(undefined, "image/png, */*;q=0.1")).toBe("json");
    expect(negotiateReportFormat(undefined, "application/junit+xml")).toBe("junit");
    expect(negotiateReportFormat(undefined, "image/png")).toBeNull();
    expect(negotiateReportFormat(undefined, "text/csv;q=0")).toBeNull();
  });
});
