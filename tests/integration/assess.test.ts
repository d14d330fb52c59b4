import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  DECLARATION,
  expectProblem,
  REPO,
  SBOM_JSON,
  SBOM_XML,
  startTestService,
  type TestService,
} from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

function multipart(parts: Record<string, Blob | string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, `${name}.bin`);
  }
  return form;
}

const post = (
  body: FormData | string,
  query = "",
  init: { key?: string | null; headers?: Record<string, string> } = {},
) =>
  svc.request(`/v1/assess${query}`, {
    method: "POST",
    body,
    ...(typeof body === "string"
      ? { headers: { "content-type": "application/json", ...init.headers } }
      : { headers: init.headers ?? {} }),
    ...(init.key !== undefined ? { key: init.key } : {}),
  });

describe("POST /v1/assess: an SBOM without a declaration", () => {
  // Expected from what the inputs can show: the SBOM evidences Annex I Part II (1) and known vulnerabilities; every
  // requirement judged from the declaration (support period, Art. 32 route by class, Art. 14) is needs-review.
  const sbomOnly = (report: { findings: { requirement: string; status: string; basis: string; message: string }[] }) =>
    new Map(report.findings.map((f) => [f.requirement, f]));

  it("assesses a multipart SBOM part alone and says no declaration was given", async () => {
    const res = await post(multipart({ sbom: new Blob([SBOM_JSON]), asOf: "2028-01-15" }));
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      inputs: { declaration?: unknown; sbom?: unknown };
      product: { category?: string };
      notes: string[];
      findings: { requirement: string; status: string; basis: string; message: string }[];
    };
    expect(report.inputs.declaration).toBeUndefined();
    expect(report.inputs.sbom).toBeDefined();
    expect(report.product.category).toBeUndefined();
    expect(report.notes[0]).toMatch(/^No declaration given/);
    const byId = sbomOnly(report);
    for (const id of ["CRA-A13-08", "CRA-A32", "CRA-A14"]) {
      expect(byId.get(id), id).toMatchObject({ status: "needs-review", basis: "absent" });
      expect(byId.get(id)?.message, id).toMatch(/No declaration given/);
    }
    expect(report.findings.filter((f) => f.status === "met" && /No declaration given/.test(f.message))).toEqual([]);
  });

  it("assesses a JSON body with only an SBOM; Markdown says so in its heading", async () => {
    const res = await post(
      JSON.stringify({ sbom: JSON.parse(SBOM_JSON.toString("utf8")), asOf: "2028-01-15" }),
      "?format=md",
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const heading = text.split("### ")[0] ?? "";
    expect(heading).toMatch(/No declaration given/);
  });
});

describe("POST /v1/assess: happy", () => {
  it("assesses multipart parts and answers the report with the verdict header", async () => {
    const res = await post(
      multipart({
        sbom: new Blob([SBOM_JSON]),
        declaration: new Blob([DECLARATION]),
        asOf: "2028-01-15",
        failOn: "never",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cra-verdict")).toBe("pass");
    const report = (await res.json()) as { verdict: string; asOf: string; failOn: string; inputs: { sbom?: unknown } };
    expect(report).toMatchObject({ verdict: "pass", asOf: "2028-01-15", failOn: "never" });
    expect(report.inputs.sbom).toBeDefined();
  });

  it("assesses a JSON body and follows the CLI's gate (fail is still 200)", async () => {
    const body = JSON.stringify({
      sbom: JSON.parse(SBOM_JSON.toString("utf8")),
      declaration: { format: "cra-declaration/1", product: { name: "Minimal Widget" } },
      asOf: "2028-01-15",
    });
    const res = await post(body, "?format=md");
    expect(res.status).toBe(200);
    expect(res.headers.get("cra-verdict")).toBe("fail");
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(await res.text()).toMatch(/fail/i);
  });

  it("gives the same verdict for JSON and multipart of the same inputs, and reads XML SBOMs", async () => {
    const viaJson = await post(
      JSON.stringify({
        sbom: JSON.parse(SBOM_JSON.toString("utf8")),
        declaration: parseYaml(DECLARATION),
        asOf: "2028-01-15",
      }),
    );
    const viaForm = await post(
      multipart({ sbom: new Blob([SBOM_JSON]), declaration: new Blob([DECLARATION]), asOf: "2028-01-15" }),
    );
    expect(viaJson.headers.get("cra-verdict")).toBe(viaForm.headers.get("cra-verdict"));
    const xml = await post(
      multipart({ sbom: new Blob([SBOM_XML]), declaration: new Blob([DECLARATION]), asOf: "2028-01-15" }),
      "?format=junit",
    );
    expect(xml.status).toBe(200);
    expect(await xml.text()).toMatch(/<testsuite/);
  });

  it("reads an SPDX document given as the sbom member of a JSON body, and names its standard", async () => {
    const spdx = JSON.parse(
      readFileSync(join(REPO, "tests/fixtures/spdx/examples/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json"), "utf8"),
    );
    const res = await post(JSON.stringify({ sbom: spdx, asOf: "2028-01-15" }));
    expect(res.status).toBe(200);
    const report = (await res.json()) as { inputs: { sbom?: { standard?: string } } };
    expect(report.inputs.sbom?.standard).toBe("SPDX");
  });

  it("negotiates by Accept", async () => {
    const res = await post(multipart({ declaration: DECLARATION, asOf: "2028-01-15" }), "", {
      headers: { accept: "text/csv" },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  });
});

describe("POST /v1/assess: errors", () => {
  it("locates invalid SBOM and declaration content in a 422", async () => {
    const res = await post(
      multipart({
        sbom: new Blob(['{"bomFormat":"CycloneDX","specVersion":"9.9"}']),
        declaration: new Blob([DECLARATION]),
      }),
    );
    const body = await expectProblem(res, 422, "invalid-input");
    expect((body.issues as { source?: string }[]).some((i) => i.source?.includes("sbom"))).toBe(true);
    const bad = await post(multipart({ declaration: "format: cra-declaration/1\nproduct: { name: 7 }\n" }));
    await expectProblem(bad, 422, "invalid-input");
  });
  it("refuses an SBOM that repeats a member name: 422 for the SBOM part, 400 for a JSON body, located", async () => {
    const twice =
      '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,\n' +
      '"components":[{"type":"library","name":"a"}],\n"components":[]}';
    const part = await expectProblem(
      await post(multipart({ sbom: new Blob([twice]), declaration: new Blob([DECLARATION]) })),
      422,
      "invalid-input",
    );
    expect(part.issues).toEqual([
      expect.objectContaining({ path: "/components", line: 3, column: 1, constraint: "duplicate-key", source: "sbom" }),
    ]);
    const declaration = parseYaml(DECLARATION) as unknown;
    const body = `{"declaration": ${JSON.stringify(declaration)}, "sbom": ${twice}}`;
    const json = await expectProblem(await post(body), 400, "malformed-body");
    expect(json.issues).toEqual([
      expect.objectContaining({ path: "/sbom/components", line: 3, column: 1, constraint: "duplicate-key" }),
    ]);
  });
  it("needs a declaration or an SBOM, and valid options (400/422)", async () => {
    await expectProblem(await post(multipart({ asOf: "2028-01-15" })), 400, "invalid-request");
    await expectProblem(await post(JSON.stringify({ asOf: "2028-01-15" })), 422, "invalid-input");
    await expectProblem(await post(multipart({ declaration: DECLARATION, asOf: "tomorrow" })), 400, "invalid-request");
    await expectProblem(await post(JSON.stringify({ declaration: "not an object" })), 400, "invalid-request");
    await expectProblem(await post("{oops"), 400, "malformed-body");
  });
  it("refuses hostile nesting as unreadable input, never as a crash", async () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const declaration = { format: "cra-declaration/1", product: { name: "X" } };
    const json = `{"sbom": {"bomFormat": "CycloneDX", "components": ${deep}}, "declaration": ${JSON.stringify(declaration)}}`;
    await expectProblem(await post(json), 400, "malformed-body");
    const form = multipart({ sbom: new Blob([`{"a":${deep}}`]), declaration: new Blob([DECLARATION]) });
    const body = await expectProblem(await post(form), 422, "invalid-input");
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ source: "sbom" })]));
  });
  it("refuses a JSON body that is not Unicode text (bad UTF-8, half a surrogate pair) with 400", async () => {
    const bad = Buffer.concat([
      Buffer.from('{"declaration":{"format":"cra-declaration/1","product":{"name":"A'),
      Buffer.from([0xff]),
      Buffer.from('"}}'),
    ]);
    const res = await svc.request("/v1/assess", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bad,
    });
    expect(String((await expectProblem(res, 400, "malformed-body")).detail)).toContain("UTF-8");
    const lone = await post('{"declaration":{"format":"cra-declaration/1","product":{"name":"\\ud800"}}}');
    expect(String((await expectProblem(lone, 400, "malformed-body")).detail)).toContain("surrogate");
  });
  it("answers 415 for other media types and 406 for unknown Accept", async () => {
    const res = await svc.request("/v1/assess", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    await expectProblem(res, 415, "unsupported-media-type");
    await expectProblem(
      await post(multipart({ declaration: DECLARATION }), "", { headers: { accept: "image/png" } }),
      406,
      "not-acceptable",
    );
  });
});

describe("POST /v1/assess: the JSON body is read off the event loop", () => {
  it("hands the body's bytes to the job executor (the service's workers) instead of parsing them itself", async () => {
    const work = svc.runtime.deps.work;
    const spy = vi.spyOn(work, "readAssessRequest");
    try {
      const body = JSON.stringify({ sbom: JSON.parse(SBOM_JSON.toString("utf8")), asOf: "2028-01-15" });
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(spy).toHaveBeenCalledTimes(1);
      const [bytes, today] = spy.mock.calls[0] ?? [];
      expect(Buffer.from(bytes as Uint8Array).toString("utf8")).toBe(body);
      expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("POST /v1/assess: security", () => {
  it("needs a valid key", async () => {
    await expectProblem(await post(multipart({ declaration: DECLARATION }), "", { key: null }), 401, "unauthenticated");
    await expectProblem(
      await post(multipart({ declaration: DECLARATION }), "", { key: "cra_wrong" }),
      401,
      "invalid-api-key",
    );
  });
  it("is open to manufacturer, ci and regulator keys but not to admin keys", async () => {
    const product = await svc.createProduct(svc.keys.acme);
    const ci = await svc.createKey(svc.orgs.acme, "ci", [product]);
    for (const key of [svc.keys.other, svc.keys.regulator, ci]) {
      expect((await post(multipart({ declaration: DECLARATION, asOf: "2028-01-15" }), "", { key })).status).toBe(200);
    }
    await expectProblem(
      await post(multipart({ declaration: DECLARATION }), "", { key: svc.keys.admin }),
      403,
      "forbidden-role",
    );
  });
  it("stores nothing and audits nothing (stateless)", async () => {
    const before = (await svc.runtime.repos.audit.chain()).records.length;
    await post(multipart({ declaration: DECLARATION, asOf: "2028-01-15" }));
    expect((await svc.runtime.repos.audit.chain()).records.length).toBe(before);
  });
});
