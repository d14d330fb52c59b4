import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtml } from "../../src/reports/html.js";
import { HOSTILE, sampleReport } from "../fixtures/reports/sample-report.js";

describe("HTML report", () => {
  const html = renderHtml(sampleReport());

  it("is self-contained: no scripts, no external resources, a CSP that forbids loads", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    );
    // The only links are citation links to http(s) pages.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(["https://eur-lex.europa.eu/eli/reg/2024/2847/oj"]);
  });

  it("shows the verdict, the gate rule and every finding", () => {
    expect(html).toContain('<div class="verdict fail" role="status"><strong>FAIL</strong>');
    expect(html).toContain("4 findings fail the gate.");
    for (const id of ["CRA-AI-P1-2a", "CRA-A14", "CRA-AI-P1-2d", "CRA-AI-P1-2g", "CRA-AII-8a", "CRA-AIII-C1-12"]) {
      expect(html).toContain(`<code>${id}</code>`);
    }
    expect(renderHtml(sampleReport({ failOn: "never" }))).toContain(
      '<div class="verdict pass" role="status"><strong>PASS</strong>',
    );
  });

  it("escapes every hostile string", () => {
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Acme &quot;Home&quot; Hub &lt;b&gt;&amp;&lt;/b&gt;");
    expect(html).toContain("]]&gt; &amp; &lt;/failure&gt;&lt;failure&gt;");
    expect(html).toContain(escapeHtml(HOSTILE.markdown));
    expect(html).toContain("admin\uFFFDgnp.exe");
    expect(html).toContain("broken \uFFFD pair");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e]/);
    expect(escapeHtml(`<a href='x' title="y">&`)).toBe("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;");
  });

  it("links only http(s) citations", () => {
    const report = sampleReport();
    report.findings[0]!.citation.url = "javascript:alert(1)";
    report.findings[1]!.citation.url = 'https://example.org/"onmouseover="x';
    const out = renderHtml(report);
    expect(out).not.toContain("javascript:alert(1)</a>");
    expect(out).not.toMatch(/href="javascript:/);
    expect(out).toContain('href="https://example.org/&quot;onmouseover=&quot;x"');
  });
});
