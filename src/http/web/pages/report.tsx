/** @jsxImportSource hono/jsx */
import type { AssessmentRecord } from "../../../db/port.js";
import { type AssessmentReport, FINDING_BASES, type Finding, SEVERITY_ORDER } from "../../../domain/report.js";
import { REPORT_FORMAT_INFO, REPORT_FORMATS } from "../../../reports/index.js";
import {
  isBlocking,
  outcomeLines,
  recognitionText,
  SOURCE_KIND_LABEL,
  sbomFormatText,
  waiverText,
} from "../../../reports/wording.js";
import { NO_DECLARATION_REMEDIATION } from "../../../rules/evaluate.js";
import { BarChart, STATUS_COLOURS } from "../charts.js";
import { Layout, StatusBadge, type Viewer } from "../render.js";

export const STATUSES = ["gap", "needs-review", "partial", "recognized", "met", "waived", "not-applicable"] as const;

/** The Regulation on EUR-Lex (ELI). Findings whose citation has no link of its own point here. */
export const CRA_EUR_LEX = "https://eur-lex.europa.eu/eli/reg/2024/2847/oj";

export function citationUrl(finding: Finding): string | undefined {
  if (finding.citation.url) return finding.citation.url;
  return finding.framework === "cra" && finding.sourceKind === "law" ? CRA_EUR_LEX : undefined;
}

export interface FindingFilter {
  status: string;
  severity: string;
  basis: string;
  /** `unverified`: only findings whose requirement the reference material marks unverified; empty for all. */
  verification: string;
}

/** A finding's requirement as the reference material marks it (`verified: false` in the report model). */
function verificationOf(f: Finding): "verified" | "unverified" {
  return f.verified === false ? "unverified" : "verified";
}

const BASIS_WORDS: Record<string, string> = {
  verified: "verified (checked in the data)",
  declared: "declared (the manufacturer says so)",
  absent: "absent (the inputs say nothing)",
  contradicted: "contradicted (the evidence says otherwise)",
};

function factValue(value: unknown): string {
  if (value === undefined) return "(not given)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * What to do, in the web interface's words where the report model's text names a step the web takes its own way:
 * the declaration is added on the product page. Any other text is the rule's own, shown as written.
 */
function WhatToDo(props: { remediation: string; productId: string }) {
  const at = props.remediation.indexOf(NO_DECLARATION_REMEDIATION);
  if (at < 0) return <dd>{props.remediation}</dd>;
  // A combined finding joins its rules' texts: the declaration step may stand among others.
  const before = props.remediation.slice(0, at).trim();
  const after = props.remediation.slice(at + NO_DECLARATION_REMEDIATION.length).trim();
  return (
    <dd>
      {before ? `${before} ` : ""}Add the product's declaration on the{" "}
      <a href={`/products/${props.productId}`}>product page</a> (upload the file, or write it with the{" "}
      <a href={`/declarations/new?product=${encodeURIComponent(props.productId)}`}>declaration form</a>), then assess
      again.{after ? ` ${after}` : ""}
    </dd>
  );
}

function FindingCard(props: { finding: Finding; hidden: boolean; blocking: boolean; productId: string }) {
  const f = props.finding;
  const url = citationUrl(f);
  return (
    <article
      class={`finding st-${f.status}`}
      data-requirement={f.requirement}
      data-status={f.status}
      data-severity={f.severity}
      data-basis={f.basis ?? ""}
      data-verification={verificationOf(f)}
      hidden={props.hidden}
      aria-labelledby={`f-${f.requirement}`}
    >
      <h3 id={`f-${f.requirement}`}>
        <StatusBadge status={f.status} />
        <span>{f.title}</span>
        <span class="mono muted">{f.requirement}</span>
        {f.status === "gap" ? <span class="sev">{f.severity}</span> : null}
        {props.blocking ? <span class="badge s-fail">fails the gate</span> : null}
        {f.verified === false ? <span class="badge unverified">unverified requirement</span> : null}
      </h3>
      <p>{f.message}</p>
      <dl>
        <dt>Source</dt>
        <dd>
          {url ? <a href={url}>{f.citation.text}</a> : f.citation.text} · {SOURCE_KIND_LABEL[f.sourceKind]}
          {f.verified === false ? " · unverified: the reference material marks this requirement unverified" : ""}
        </dd>
        {f.basis ? (
          <>
            <dt>Basis</dt>
            <dd>{BASIS_WORDS[f.basis] ?? f.basis}</dd>
          </>
        ) : null}
        {f.paraphrase ? (
          <>
            <dt>What the law asks</dt>
            <dd>{f.paraphrase}</dd>
          </>
        ) : null}
        {f.outcomes && f.outcomes.length > 0 ? (
          <>
            <dt>Rule outcomes not met</dt>
            <dd>
              <ul class="facts">
                {outcomeLines(f).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Facts read</dt>
        <dd>
          {f.evidence.length === 0 ? (
            "none"
          ) : (
            <ul class="facts">
              {f.evidence.map((e) => (
                <li>
                  <span class="mono">{e.fact}</span> = <span class="mono">{factValue(e.value)}</span>
                  {e.location ? <span class="muted"> ({e.location})</span> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {f.remediation ? (
          <>
            <dt>What to do</dt>
            <WhatToDo remediation={f.remediation} productId={props.productId} />
          </>
        ) : null}
        {f.recognition && f.recognition.length > 0 ? (
          <>
            <dt>Recognition trace</dt>
            <dd>
              <ul class="facts">
                {f.recognition.map((r) => (
                  <li>{recognitionText(r)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {f.waiver ? (
          <>
            <dt>Waiver</dt>
            <dd>{waiverText(f)}</dd>
          </>
        ) : null}
        {f.componentCount ? (
          <>
            <dt>Components</dt>
            <dd>
              {f.componentCount} component{f.componentCount === 1 ? "" : "s"}
              {f.components && f.components.length > 0 ? `: ${f.components.slice(0, 10).join(", ")}` : ""}
              {f.componentCount > 10 ? " …" : ""}
            </dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

/**
 * The advisories matched against the SBOM's components, as the report lists them; without advisory data the section
 * says that only what the SBOM records is known, so an empty table is never read as "no vulnerabilities".
 */
function Vulnerabilities(props: { list: AssessmentReport["vulnerabilities"] }) {
  const list = props.list;
  const exploitable = list ? list.filter((v) => v.exploitable).length : 0;
  return (
    <section aria-labelledby="vulnerabilities">
      <h2 id="vulnerabilities">
        Known vulnerabilities
        {list ? ` (${list.length} matched, ${exploitable} exploitable)` : ""}
      </h2>
      {!list ? (
        <p>
          No advisory data was matched against the components: only vulnerabilities the SBOM itself records are known to
          this assessment. Advisory data (OSV, CISA KEV) is imported into the service by its operator; an assessment run
          after that matches it.
        </p>
      ) : list.length === 0 ? (
        <p>Advisory data was matched against the components; nothing matched.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Advisories matched against the SBOM's components</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Advisory</th>
              <th scope="col">Aliases</th>
              <th scope="col">Severity</th>
              <th scope="col">VEX analysis</th>
              <th scope="col">Exploitable</th>
              <th scope="col">Fixed in</th>
              <th scope="col">Actively exploited (CISA KEV)</th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr>
                <td>
                  <span class="mono">
                    {v.componentVersion ? `${v.componentName}@${v.componentVersion}` : v.componentName}
                  </span>
                  {v.purl ? <div class="hint mono">{v.purl}</div> : null}
                </td>
                <td class="mono">{v.advisoryId}</td>
                <td class="mono">{v.aliases.length > 0 ? v.aliases.join(", ") : "—"}</td>
                <td>{v.severity}</td>
                <td>
                  {v.vex ? `${v.vex.state}${v.vex.justification ? ` (${v.vex.justification})` : ""}` : "none recorded"}
                </td>
                <td>{v.exploitable ? <strong>yes</strong> : "no"}</td>
                <td>{v.fixedVersions.length > 0 ? v.fixedVersions.join(", ") : "no fix listed"}</td>
                <td>{v.knownExploited ? <strong>yes</strong> : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function matches(f: Finding, filter: FindingFilter): boolean {
  return (
    (!filter.status || f.status === filter.status) &&
    (!filter.severity || f.severity === filter.severity) &&
    (!filter.basis || (f.basis ?? "") === filter.basis) &&
    (!filter.verification || verificationOf(f) === filter.verification)
  );
}

/** Findings in reading order: what fails first (gaps by severity), then what needs a person, then the rest. */
function ordered(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (STATUSES as readonly string[]).indexOf(f.status);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.requirement.localeCompare(b.requirement),
  );
}

export function ReportPage(props: {
  viewer: Viewer;
  record: AssessmentRecord;
  productName: string;
  report: AssessmentReport;
  frameworks: { id: string; name: string }[];
  filter: FindingFilter;
}) {
  const { report, record, filter } = props;
  const base = `/assessments/${record.id}`;
  const fw = report.framework.id;
  const findings = ordered(report.findings);
  const shown = findings.filter((f) => matches(f, filter)).length;
  const byBasis = new Map<string, number>();
  for (const f of report.findings) byBasis.set(f.basis ?? "", (byBasis.get(f.basis ?? "") ?? 0) + 1);
  const gaps = report.summary.byStatus.gap ?? 0;
  const unverified = report.findings.filter((f) => f.verified === false).length;
  // Without a declaration a pass covers what the SBOM shows, not the product: say so wherever the verdict is.
  const sbomOnly = report.inputs.declaration ? "" : " (SBOM only)";
  return (
    <Layout
      title={`${report.verdict === "fail" ? "Failed" : "Passed"}${sbomOnly}: ${props.productName}`}
      viewer={props.viewer}
    >
      <p>
        <a href={`/products/${record.productId}`}>← {props.productName}</a>
      </p>
      <h1>
        {report.framework.name} assessment of {props.productName}
      </h1>
      {props.frameworks.length > 1 ? (
        <nav aria-label="Frameworks of this assessment">
          <ul class="counts">
            {props.frameworks.map((f) => (
              <li>
                <a
                  href={`${base}?framework=${encodeURIComponent(f.id)}`}
                  aria-current={f.id === fw ? "page" : undefined}
                >
                  {f.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <section class={`verdict ${report.verdict}`} aria-label="Verdict">
        <strong>
          {report.verdict === "fail" ? "FAIL" : "PASS"}
          {sbomOnly}
        </strong>
        <span>
          {report.verdict === "fail"
            ? `${report.summary.blocking ?? gaps} gap(s) at or above “${report.failOn}” severity fail the gate.`
            : `No open gap at or above “${report.failOn}” severity.`}{" "}
          {gaps} open gap(s) in total, {report.summary.byStatus["needs-review"] ?? 0} finding(s) need a person to
          review.
        </span>
      </section>
      {unverified > 0 ? (
        <p class="notice" role="note" data-unverified-count={String(unverified)}>
          <span class="badge unverified">{unverified} unverified</span>{" "}
          {unverified === 1 ? "finding rests" : "findings rest"} on requirements the reference material marks
          unverified: check them against the official text.{" "}
          <a href={`${base}?framework=${encodeURIComponent(fw)}&verification=unverified#findings`}>Show only these</a>
        </p>
      ) : null}
      <p class="muted">
        Law applied as of {report.asOf} · rule set {report.tool.ruleSetVersion} · product version{" "}
        {report.product.version ?? "not declared"} · class {report.product.category ?? "not declared"}
        {report.inputs.sbom
          ? ` · SBOM ${sbomFormatText(report.inputs.sbom)} with ${report.inputs.sbom.components} component${report.inputs.sbom.components === 1 ? "" : "s"}`
          : " · no SBOM"}
        {report.inputs.declaration ? "" : " · no declaration (assessed from the SBOM alone)"}
      </p>

      <div class="grid">
        <section class="card" aria-labelledby="by-status">
          <h2 id="by-status">By status</h2>
          <BarChart
            title="Findings by status"
            entries={STATUSES.map((s) => ({
              label: s,
              value: report.summary.byStatus[s] ?? 0,
              colour: STATUS_COLOURS[s],
            }))}
          />
        </section>
        <section class="card" aria-labelledby="by-severity">
          <h2 id="by-severity">Open gaps by severity</h2>
          <BarChart
            title="Open gaps by severity"
            entries={SEVERITY_ORDER.map((s) => ({ label: s, value: report.summary.gapsBySeverity[s] ?? 0 }))}
          />
        </section>
        <section class="card" aria-labelledby="by-basis">
          <h2 id="by-basis">By basis</h2>
          <BarChart
            title="Findings by what they rest on"
            entries={[...FINDING_BASES, ""].map((b) => ({ label: b || "not recorded", value: byBasis.get(b) ?? 0 }))}
          />
        </section>
      </div>

      <Vulnerabilities list={report.vulnerabilities} />

      <section aria-labelledby="downloads">
        <h2 id="downloads">Download this report</h2>
        <ul class="counts">
          {REPORT_FORMATS.map((format) => (
            <li>
              <a href={`${base}/report?format=${format}&framework=${encodeURIComponent(fw)}`} download="">
                {format.toUpperCase()}
              </a>{" "}
              <span class="hint">{REPORT_FORMAT_INFO[format].description}</span>
            </li>
          ))}
        </ul>
      </section>

      <h2 id="findings">Findings</h2>
      <form method="get" action={base} class="filters" data-findings-filter="">
        <input type="hidden" name="framework" value={fw} />
        <div>
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option value={s} selected={filter.status === s}>
                {s} ({report.summary.byStatus[s] ?? 0})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-severity">Severity</label>
          <select id="filter-severity" name="severity">
            <option value="">All</option>
            {SEVERITY_ORDER.map((s) => (
              <option value={s} selected={filter.severity === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-basis">Basis</label>
          <select id="filter-basis" name="basis">
            <option value="">All</option>
            {FINDING_BASES.map((b) => (
              <option value={b} selected={filter.basis === b}>
                {b}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-verification">Requirement</label>
          <select id="filter-verification" name="verification">
            <option value="">All</option>
            <option value="unverified" selected={filter.verification === "unverified"}>
              unverified only ({unverified})
            </option>
          </select>
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
        <span data-findings-count="" role="status" aria-live="polite">
          {shown} finding{shown === 1 ? "" : "s"} shown
        </span>
      </form>
      {findings.map((f) => (
        <FindingCard
          finding={f}
          hidden={!matches(f, filter)}
          blocking={isBlocking(report, f)}
          productId={record.productId}
        />
      ))}
      {report.notes.length > 0 ? (
        <section class="card" aria-labelledby="notes">
          <h2 id="notes">Notes</h2>
          <ul>
            {report.notes.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
