/** JSON bodies are UTF-8 Unicode text (RFC 8259 §8.1, §8.2): anything else is a 400, never silently repaired. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loneSurrogateEscape } from "../../src/json/unicode-text.js";
import { expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

const post = (path: string, body: Uint8Array | string) =>
  svc.request(path, { method: "POST", headers: { "content-type": "application/json" }, body });

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("JSON bodies that are not Unicode text (error)", () => {
  it("refuses invalid UTF-8 bytes instead of storing U+FFFD", async () => {
    await expectProblem(await post("/v1/products", bytes('{"name":"Acme ', [0xff], ' Hub"}')), 400, "malformed-body");
    // An overlong encoding of "/" and a truncated sequence at the end.
    await expectProblem(await post("/v1/products", bytes('{"name":"', [0xc0, 0xaf], '"}')), 400, "malformed-body");
    await expectProblem(await post("/v1/products", bytes('{"name":"x', [0xe2, 0x82])), 400, "malformed-body");
    // A surrogate encoded directly as UTF-8 bytes (CESU style) is not UTF-8 either.
    await expectProblem(
      await post("/v1/products", bytes('{"name":"', [0xed, 0xa0, 0x80], '"}')),
      400,
      "malformed-body",
    );
  });

  it("refuses escapes of half a surrogate pair", async () => {
    for (const name of ["\\ud800", "x\\udfff", "\\ud83d\\u0041", "\\ud83d"]) {
      const body = await expectProblem(await post("/v1/products", `{"name":"${name}"}`), 400, "malformed-body");
      expect(String(body.detail)).toContain("surrogate");
    }
    await expectProblem(await post("/v1/events", '{"title":"\\udc00"}'), 400, "malformed-body");
  });
});

describe("JSON bodies that are Unicode text (happy)", () => {
  it("keeps pairs, escaped backslashes and non-ASCII text exactly", async () => {
    for (const [sent, stored] of [
      ['"Hub \\ud83d\\ude00"', "Hub 😀"],
      ['"C:\\\\ud800"', "C:\\ud800"],
      ['"Köln Ω 漢"', "Köln Ω 漢"],
    ] as const) {
      const res = await post("/v1/products", `{"name":${sent}}`);
      expect(res.status, await res.clone().text()).toBe(201);
      expect(((await res.json()) as { name: string }).name).toBe(stored);
    }
  });

  it("finds lone surrogate escapes by position", () => {
    expect(loneSurrogateEscape('"a\\ud800b"')).toEqual({ index: 2, escape: "\\ud800" });
    expect(loneSurrogateEscape('"\\\\ud800"')).toBeNull();
    expect(loneSurrogateEscape('"\\uD83D\\uDE00"')).toBeNull();
    expect(loneSurrogateEscape('"\\uDE00\\uD83D"')).toEqual({ index: 1, escape: "\\uDE00" });
  });
});
