import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvField, renderCsv } from "../../src/reports/csv.js";
import { HOSTILE, sampleReport } from "../fixtures/reports/sample-report.js";

/** A strict RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. Throws on anything else. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return rows;
}

describe("CSV report", () => {
  const report = sampleReport();
  const csv = renderCsv(report);
  const rows = readCsv(csv);
  const header = rows[0]!;
  const column = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[header.indexOf(name)]!;
  const rowFor = (id: string) => rows.find((r) => column(r, "requirement") === id)!;

  it("is RFC 4180: a header, one CRLF record per finding, equal field counts", () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("keeps rows in report order with the gate and waiver columns filled", () => {
    expect(rows.slice(1).map((r) => column(r, "requirement"))).toEqual(report.findings.map((f) => f.requirement));
    expect(column(rowFor("CRA-AI-P1-2a"), "fails_gate")).toBe("yes");
    expect(column(rowFor("CRA-AI-P1-2m"), "fails_gate")).toBe("no");
    expect(column(rowFor("CRA-AVII-1"), "verified")).toBe("no");
    const waived = rowFor("CRA-AI-P2-1");
    expect(column(waived, "status")).toBe("waived");
    expect(column(waived, "waiver_approver")).toBe("Product Security Board");
    expect(column(waived, "waiver_expires")).toBe("2028-03-01");
    expect(column(waived, "waiver_component")).toBe("pkg:generic/vendor-blob");
  });

  it("shows recognition in columns of its own: certificates relied on, the residual, whether it is a gap", () => {
    // Values from the sample: an EUCC certificate partly covers CRA-AIII-C1-12, lifted from a silent gap.
    const partial = rowFor("CRA-AIII-C1-12");
    expect(column(partial, "recognized_by")).toBe("EUCC substantial EUCC-2027-0042");
    expect(column(partial, "residual")).toBe(
      "Vulnerability handling (Annex I Part II) is not covered by the certificate.",
    );
    expect(column(partial, "residual_gap")).toBe("yes");
    expect(column(partial, "held_by_evidence")).toBe("");
    const recognized = rowFor("CRA-AII-8a");
    expect(column(recognized, "recognized_by")).toBe("ETSI EN 303 645");
    expect(column(recognized, "residual")).toBe("");
    expect(column(recognized, "residual_gap")).toBe("");
    // The shared default credentials hold the gap although a PSTI statement would have covered it.
    const held = rowFor("CRA-AI-P1-2b");
    expect(column(held, "held_by_evidence")).toBe("uk-psti (PSTI-SoC-2027-7)");
    expect(column(held, "recognized_by")).toBe("");
  });

  it("guards against formula injection and keeps quotes and line breaks", () => {
    expect(column(rowFor("CRA-AI-P1-2b"), "remediation")).toBe(`'${HOSTILE.formula}`);
    const evidence = column(rowFor("CRA-AI-P1-2b"), "evidence");
    expect(evidence).toContain("hostile.lines=first line\nsecond line\r\nthird\ttabbed");
    expect(evidence).toContain(`hostile.cdata=${HOSTILE.cdata}`);
    expect(evidence).toContain("hostile.controls=bell\uFFFD nul\uFFFD vt\uFFFD esc\uFFFD end");
    expect(column(rowFor("CRA-AI-P2-1"), "message")).toContain(HOSTILE.unicode);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ['say "hi"', '"say ""hi"""'],
    ["a,b", '"a,b"'],
    ["line\nbreak", '"line\nbreak"'],
    ["=x,y", '"\'=x,y"'],
    ["plain", "plain"],
    ["", ""],
  ])("csvField(%j) = %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});
