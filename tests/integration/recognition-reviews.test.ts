/**
 * Stored crosswalk reviews reach every assessment the service runs: a regulator records an agreeing review of a
 * crosswalk row, and a later assessment that relies on that row no longer says it relied on an unreviewed mapping.
 * Through the real HTTP app on a real SQLite file: POST /v1/assess and a stored product assessment.
 *
 * The product is seeds/examples/partner-cls-l2-camera: a Singapore CLS level 2 label, current on the date used. Its
 * CRA Annex I Part I (2)(g) (data minimisation) finding rests on one crosswalk row only, sg-cls--cra
 * SGCLS-ETSI-6-6 → CRA-AI-P1-2g; the shipped crosswalk is not marked reviewed and that row carries no review, so
 * before any stored review the trace is unreviewed (docs/mutual-recognition.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startTestService, type TestService } from "./helpers.js";

const EXAMPLE = join(REPO, "seeds/examples/partner-cls-l2-camera");
const DECLARATION = readFileSync(join(EXAMPLE, "declaration.yaml"), "utf8");
const SBOM = readFileSync(join(EXAMPLE, "sbom.cdx.json"));
const AS_OF = "2028-06-01";

interface Trace {
  via: { kind: string; id: string; sourceRequirement?: string; reviewed?: boolean };
}
interface Report {
  findings: { requirement: string; status: string; message: string; recognition?: Trace[] }[];
}

let svc: TestService;
let productId: string;

beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2028-06-01T09:00:00Z") });
  productId = await svc.createProduct(svc.keys.acme, { name: "Camera" });
  const sbom = await svc.request(`/v1/products/${productId}/sboms`, {
    method: "POST",
    headers: { "content-type": "application/vnd.cyclonedx+json" },
    body: SBOM,
  });
  expect(sbom.status).toBe(201);
  const declaration = await svc.request(`/v1/products/${productId}/declaration`, {
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
  expect(declaration.status).toBe(201);
});
afterAll(async () => svc.close());

async function statelessReport(): Promise<Report> {
  const form = new FormData();
  form.append("sbom", new Blob([SBOM]), "sbom.cdx.json");
  form.append("declaration", new Blob([DECLARATION]), "declaration.yaml");
  form.append("asOf", AS_OF);
  form.append("failOn", "never");
  const res = await svc.request("/v1/assess", { method: "POST", body: form });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

async function storedReport(): Promise<Report> {
  const created = await svc.request(`/v1/products/${productId}/assessments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ asOf: AS_OF }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const res = await svc.request(`/v1/assessments/${id}?format=json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

const minimisation = (report: Report) => report.findings.find((f) => f.requirement === "CRA-AI-P1-2g")!;

const recordReview = (body: Record<string, unknown>) =>
  svc.request("/v1/crosswalks/sg-cls--cra/reviews", {
    key: svc.keys.regulator,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ source: "SGCLS-ETSI-6-6", target: "CRA-AI-P1-2g", reviewer: "R. Egulator", ...body }),
  });

describe("stored crosswalk reviews in assessments", () => {
  it("before any review, the trace relies on an unreviewed mapping (both service paths)", async () => {
    for (const report of [await statelessReport(), await storedReport()]) {
      const finding = minimisation(report);
      expect(finding.status).toBe("partial");
      expect(finding.recognition).toHaveLength(1);
      expect(finding.recognition![0]!.via).toMatchObject({
        kind: "crosswalk",
        id: "sg-cls--cra",
        sourceRequirement: "SGCLS-ETSI-6-6",
        reviewed: false,
      });
      expect(finding.message).toContain("Relied on an unreviewed mapping");
    }
  });

  it("after a regulator's agreeing review, POST /v1/assess and a stored assessment show the row as reviewed", async () => {
    const recorded = await recordReview({ verdict: "agree", date: "2028-05-30" });
    expect(recorded.status).toBe(201);
    for (const report of [await statelessReport(), await storedReport()]) {
      const finding = minimisation(report);
      // The review changes what the trace says, not what the certificate is worth: still partial.
      expect(finding.status).toBe("partial");
      expect(finding.recognition![0]!.via).toMatchObject({ sourceRequirement: "SGCLS-ETSI-6-6", reviewed: true });
      expect(finding.message).not.toContain("unreviewed");
    }
    // Only the reviewed row changed: another finding of the same certificate still relies on unreviewed rows.
    const other = (await statelessReport()).findings.find((f) => f.requirement === "CRA-AII-4")!;
    expect(other.recognition![0]!.via.reviewed).toBe(false);
  });

  it("a later disagreeing review makes the row unreviewed again (the latest review decides)", async () => {
    const recorded = await recordReview({ verdict: "disagree", date: "2028-05-31", comment: "Residual too narrow." });
    expect(recorded.status).toBe(201);
    const finding = minimisation(await statelessReport());
    expect(finding.recognition![0]!.via.reviewed).toBe(false);
    expect(finding.message).toContain("Relied on an unreviewed mapping");
  });
});
