/**
 * Crosswalk reviews and stored draft arrangements over HTTP: happy, error and security cases on a real SQLite file.
 * Expected values are written from the route contract (docs/api.md, docs/mutual-recognition.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/domain/audit-chain.js";
import { DECLARATION, expectProblem, REPO, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
let secondRegulator: string;
const DRAFT = readFileSync(join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), "utf8");

beforeAll(async () => {
  // A fixed clock: review dates default to today, and a date after today is refused.
  svc = await startTestService({ now: () => new Date("2028-02-01T10:00:00Z") });
  secondRegulator = await svc.createKey(`second-authority-${process.pid}`, "regulator");
  const product = await svc.createProduct(svc.keys.acme);
  await svc.request(`/v1/products/${product}/declaration`, {
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
});
afterAll(async () => svc.close());

const review = (body: Record<string, unknown>, key: string | null = svc.keys.regulator, crosswalk = "uk-psti--cra") =>
  svc.request(`/v1/crosswalks/${crosswalk}/reviews`, {
    key,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const agree = { source: "UKPSTI-S1-1.2", target: "CRA-AI-P1-2b", reviewer: "A. Analyst", verdict: "agree" };

const storeDraft = (body: string, key: string, type = "application/yaml") =>
  svc.request("/v1/draft-arrangements", { key, method: "POST", headers: { "content-type": type }, body });

describe("crosswalk reviews: happy", () => {
  it("records a review in the caller's organisation's name, dated today, and lists it after the shipped ones", async () => {
    const res = await review({ ...agree, comment: "Matches the reference §2.1." });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/v1/crosswalks/uk-psti--cra/reviews");
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      crosswalkId: "uk-psti--cra",
      source: "UKPSTI-S1-1.2",
      target: "CRA-AI-P1-2b",
      reviewer: "A. Analyst",
      verdict: "agree",
      date: "2028-02-01",
      relationship: null,
      comment: "Matches the reference §2.1.",
    });
    expect(String(created.organisation)).toMatch(/^authority-/);
    expect(String(created.id)).toMatch(/^rev_/);

    const listed = (await (await svc.request("/v1/crosswalks/uk-psti--cra/reviews")).json()) as {
      items: { origin: string; source: string; target: string; verdict: string }[];
    };
    // The shipped file carries the project's 'changed' review of UKPSTI-S4-d → CRA-A13-12.
    expect(listed.items).toContainEqual(
      expect.objectContaining({ origin: "crosswalk-file", source: "UKPSTI-S4-d", verdict: "changed" }),
    );
    expect(listed.items).toContainEqual(
      expect.objectContaining({ origin: "recorded", source: "UKPSTI-S1-1.2", verdict: "agree" }),
    );
  });

  it("a 'changed' review names the relationship; the write is in the audit chain", async () => {
    const res = await review({
      source: "UKPSTI-S1-2.2",
      target: "CRA-AI-P2-6",
      reviewer: "B. Analyst",
      verdict: "changed",
      relationship: "subset-of",
      date: "2028-01-20",
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ verdict: "changed", relationship: "subset-of", date: "2028-01-20" });
    const { records, head } = await svc.runtime.repos.audit.chain();
    const recorded = records.filter((r) => r.action === "crosswalk-review.recorded");
    expect(recorded.map((r) => r.details.source)).toEqual(["UKPSTI-S1-1.2", "UKPSTI-S1-2.2"]);
    expect(verifyAuditChain(records, head)).toMatchObject({ ok: true });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await svc.request("/openapi.json", { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/v1/crosswalks/{id}/reviews"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(doc.paths["/v1/draft-arrangements/{id}/simulations"]?.post).toBeDefined();
  });
});

describe("crosswalk reviews: errors", () => {
  it("an unknown crosswalk is 404; a row the crosswalk does not have, or 'changed' without a relationship, is 422", async () => {
    await expectProblem(await review(agree, svc.keys.regulator, "xx--cra"), 404, "not-found");
    const noRow = await expectProblem(await review({ ...agree, target: "CRA-AI-P1-2a" }), 422, "invalid-input");
    expect(JSON.stringify(noRow)).toContain("has no row UKPSTI-S1-1.2 → CRA-AI-P1-2a");
    await expectProblem(await review({ ...agree, verdict: "changed" }), 422, "invalid-input");
    await expectProblem(await review({ ...agree, relationship: "equal" }), 422, "invalid-input");
    await expectProblem(await review({ ...agree, date: "2028-02-02" }), 422, "invalid-input");
  });

  it("a malformed body is 400: unknown verdict, missing reviewer, not JSON", async () => {
    await expectProblem(await review({ ...agree, verdict: "maybe" }), 400, "invalid-request");
    const { reviewer: _reviewer, ...withoutReviewer } = agree;
    await expectProblem(await review(withoutReviewer), 400, "invalid-request");
    const res = await svc.request("/v1/crosswalks/uk-psti--cra/reviews", {
      key: svc.keys.regulator,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });
});

describe("crosswalk reviews: security", () => {
  it("needs a key, and only a regulator may record one", async () => {
    await expectProblem(await review(agree, null), 401, "unauthenticated");
    await expectProblem(await review(agree, svc.keys.acme), 403, "forbidden-role");
    await expectProblem(await review(agree, svc.keys.admin), 403, "forbidden-role");
  });

  it("a review cannot be recorded in another organisation's name", async () => {
    // The organisation comes from the key; a body naming one is refused, not silently rewritten.
    await expectProblem(await review({ ...agree, organisation: "Another Authority" }), 400, "invalid-request");
    const res = await review({ ...agree, reviewer: "C. Analyst" }, secondRegulator);
    expect(res.status).toBe(201);
    expect(String(((await res.json()) as { organisation: string }).organisation)).toMatch(/^second-authority-/);
  });
});

describe("draft arrangements: per regulator, re-simulated over the portfolio", () => {
  it("stores versions, lists and serves them, and re-simulates the latest", async () => {
    const first = await storeDraft(DRAFT, svc.keys.regulator);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ arrangementId: "eu-sg-cls-draft", version: 1 });
    const second = await storeDraft(DRAFT.replace("(example)", "(example, second reading)"), svc.keys.regulator);
    expect(await second.json()).toMatchObject({ version: 2 });
    const list = (await (await svc.request("/v1/draft-arrangements", { key: svc.keys.regulator })).json()) as {
      items: { arrangementId: string; version: number; title: string }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({
        arrangementId: "eu-sg-cls-draft",
        version: 2,
        title: expect.stringContaining("second reading"),
      }),
    ]);
    const served = await svc.request("/v1/draft-arrangements/eu-sg-cls-draft", { key: svc.keys.regulator });
    expect(await served.text()).toContain("second reading");
    const simulated = await svc.request("/v1/draft-arrangements/eu-sg-cls-draft/simulations?asOf=2028-01-15", {
      key: svc.keys.regulator,
      method: "POST",
    });
    expect(simulated.status).toBe(200);
    const result = (await simulated.json()) as { arrangement: { id: string }; totals: { products: number } };
    expect(result.arrangement.id).toBe("eu-sg-cls-draft");
    expect(result.totals.products).toBeGreaterThanOrEqual(1);
    const { records } = await svc.runtime.repos.audit.chain();
    expect(records.filter((r) => r.action === "draft-arrangement.stored").map((r) => r.subjectId)).toEqual([
      "eu-sg-cls-draft/1",
      "eu-sg-cls-draft/2",
    ]);
  });

  it("refuses an arrangement in force, an invalid file and a wrong media type", async () => {
    await expectProblem(
      await storeDraft(DRAFT.replace("status: draft", "status: in-force"), svc.keys.regulator),
      422,
      "invalid-input",
    );
    await expectProblem(
      await storeDraft("format: cra-arrangement/1\nid: x\n", svc.keys.regulator),
      422,
      "invalid-input",
    );
    await expectProblem(await storeDraft(DRAFT, svc.keys.regulator, "text/plain"), 415, "unsupported-media-type");
  });

  it("another regulator does not see the draft; a manufacturer may not store one", async () => {
    await expectProblem(
      await svc.request("/v1/draft-arrangements/eu-sg-cls-draft", { key: secondRegulator }),
      404,
      "not-found",
    );
    await expectProblem(
      await svc.request("/v1/draft-arrangements/eu-sg-cls-draft/simulations", { key: secondRegulator, method: "POST" }),
      404,
      "not-found",
    );
    const theirs = (await (await svc.request("/v1/draft-arrangements", { key: secondRegulator })).json()) as {
      items: unknown[];
    };
    expect(theirs.items).toEqual([]);
    await expectProblem(await storeDraft(DRAFT, svc.keys.acme), 403, "forbidden-role");
    await expectProblem(await svc.request("/v1/draft-arrangements", { key: svc.keys.acme }), 403, "forbidden-role");
  });
});
