import { type Element, parseXml } from "libxmljs2";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { renderJunit, xmlAttr, xmlText } from "../../src/reports/junit.js";
import { HOSTILE, sampleReport } from "../fixtures/reports/sample-report.js";

const parse = (xml: string) => parseXml(xml, { nonet: true, noent: false, dtdload: false });

describe("JUnit XML report", () => {
  const xml = renderJunit(sampleReport());
  const doc = parse(xml);
  const root = doc.root()!;
  const cases = root.find("//testcase") as Element[];
  const caseFor = (id: string) => cases.find((c) => c.attr("name")!.value().startsWith(`${id} `))!;

  it("is well-formed XML that a strict parser reads", () => {
    expect(doc.errors).toEqual([]);
    expect(root.name()).toBe("testsuites");
  });

  it("has one suite per framework and one test case per requirement", () => {
    const suites = root.find("testsuite") as Element[];
    expect(suites).toHaveLength(1);
    expect(suites[0]!.attr("name")!.value()).toBe("Cyber Resilience Act (Regulation (EU) 2024/2847) (cra)");
    expect(cases).toHaveLength(12);
    expect(suites[0]!.attr("tests")!.value()).toBe("12");
    // Five gaps and the partial whose residual is still missing evidence (it counts as a gap).
    expect(suites[0]!.attr("failures")!.value()).toBe("6");
    expect(suites[0]!.attr("skipped")!.value()).toBe("1");
    expect(root.attr("failures")!.value()).toBe("6");
    expect(caseFor("CRA-A13-08").attr("classname")!.value()).toBe("cra.article-13");
    expect(caseFor("CRA-AVII-1").attr("classname")!.value()).toBe("cra.annex-vii");
  });

  it("turns a gap into a failure typed by severity, with the explanation in the body", () => {
    const failure = caseFor("CRA-AI-P1-2a").get("failure") as Element;
    expect(failure.attr("type")!.value()).toBe("critical");
    expect(failure.attr("message")!.value()).toBe(
      "2 components have known vulnerabilities without a VEX analysis; one is in CISA KEV.",
    );
    expect(failure.text()).toContain("Remediation: Update the components");
    expect(failure.text()).toContain("Citation: Regulation (EU) 2024/2847, CRA-AI-P1-2a (law)");
    expect(failure.text()).toContain("Components: pkg:npm/lodash@4.17.20, pkg:npm/minimist@0.0.8");
  });

  it("skips needs-review, and passes waived with the waiver in system-out", () => {
    const review = caseFor("CRA-A14");
    expect((review.get("skipped") as Element).attr("message")!.value()).toMatch(/^Needs review: The PSIRT process/);
    const waived = caseFor("CRA-AI-P1-2j");
    expect(waived.get("failure") ?? null).toBeNull();
    expect(waived.get("skipped") ?? null).toBeNull();
    expect((waived.get("system-out") as Element).text()).toMatch(
      /Waived by Jöran Müller-Ñúñez \(CISO\) until 2028-06-30/,
    );
    expect(caseFor("CRA-AI-P1-2d").get("failure") ?? null).toBeNull();
  });

  it("carries hostile strings through as text, not markup", () => {
    const body = (caseFor("CRA-AI-P1-2b").get("failure") as Element).text();
    expect(body).toContain(`hostile.cdata = ${HOSTILE.cdata}`);
    expect(body).toContain("product.name = | pipe | `tick`");
    expect(body).toContain("hostile.controls = bell\\u0007 nul\\u0000 vt\\u000b esc\\u001b end");
    expect(body).toContain("hostile.lines = first line\nsecond line\r\nthird\ttabbed".replace("\r\n", "\n"));
    expect(body).toContain("hostile.bidi = admin\uFFFDgnp.exe");
    expect(body).toContain("hostile.surrogate = broken \uFFFD pair");
    const message = (caseFor("CRA-AI-P1-2b").get("failure") as Element).attr("message")!.value();
    expect(message).toBe(`Default credentials are shared between devices. Declared value: ${HOSTILE.script}`);
    // A product name full of markup stays one attribute.
    expect(root.attr("name")!.value()).toBe('cra-assessor: Acme "Home" Hub <b>&</b> 🏠 2.3.0 (CRA-AIII-C1-12)');
  });

  it("escapes for text and attributes", () => {
    expect(xmlText("a<b>&]]>")).toBe("a&lt;b&gt;&amp;]]&gt;");
    expect(xmlAttr(`"'\t\n\r<`)).toBe("&quot;&apos;&#9;&#10;&#13;&lt;");
    expect(xmlText("\u0000\u001f")).toBe("\\u0000\\u001f");
    // Line breaks survive in attributes as references (XML attribute normalization would eat them).
    const attr = parse(`<a m="${xmlAttr("one\ntwo")}"/>`)
      .root()!
      .attr("m")!
      .value();
    expect(attr).toBe("one\ntwo");
  });

  it("merges several findings of one requirement into one test case, failing if any is a gap", () => {
    const base: Finding = {
      requirement: "CRA-AI-P2-1",
      title: "SBOM",
      framework: "cra",
      status: "met",
      basis: "verified",
      severity: "medium",
      citation: { text: "Annex I Part II (1)" },
      sourceKind: "law",
      message: "fine part",
      evidence: [],
      rules: ["a"],
    };
    const report = sampleReport({
      findings: [base, { ...base, status: "gap", severity: "low", message: "missing part", rules: ["b"] }],
      waivers: [],
    });
    const merged = parse(renderJunit(report)).root()!.find("//testcase") as Element[];
    expect(merged).toHaveLength(1);
    expect(merged[0]!.attr("classname")!.value()).toBe("cra.requirements");
    const failure = merged[0]!.get("failure") as Element;
    expect(failure.attr("type")!.value()).toBe("low");
    expect(failure.text()).toContain("fine part");
    expect(failure.text()).toContain("missing part");
  });

  it("puts findings of another framework in their own suite", () => {
    const report = sampleReport();
    report.findings.push({ ...report.findings[0]!, framework: "etsi-en-303-645@3.1.3", requirement: "ETSI-5.1-1" });
    const suites = parse(renderJunit(report)).root()!.find("testsuite") as Element[];
    expect(suites.map((s) => s.attr("name")!.value())).toEqual([
      "Cyber Resilience Act (Regulation (EU) 2024/2847) (cra)",
      "etsi-en-303-645@3.1.3",
    ]);
  });
});
