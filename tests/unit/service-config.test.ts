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
