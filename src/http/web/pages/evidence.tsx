/** @jsxImportSource hono/jsx */
/**
 * The manufacturer's evidence pages of a product: the VEX triage (its analysis of each matched vulnerability,
 * per product version, and the CSAF / CycloneDX / OpenVEX downloads) and the document drafts (EU declaration of
 * conformity, simplified declaration, Annex VII technical documentation, Annex II user information).
 */
import type { ProductRecord } from "../../../db/port.js";
import type { GeneratedDocumentKind } from "../../../documents/model.js";
import type { InputIssue } from "../../../domain/input-issue.js";
import {
  IMPACT_JUSTIFICATIONS,
  IMPACT_RESPONSES,
  IMPACT_STATES,
  type ProductVexStatement,
} from "../../../domain/vex.js";
import { VEX_FORMATS } from "../../../vex/export.js";
import { Csrf, formatDateTime, IssueList, Layout, type Viewer } from "../render.js";

/** Plain words beside the CycloneDX impact analysis values (CycloneDX 1.6, `vulnerability.analysis`). */
export const STATE_WORDS: Record<(typeof IMPACT_STATES)[number], string> = {
  in_triage: "still being analysed",
  exploitable: "affected: the product is exploitable",
  not_affected: "not affected: the product cannot be exploited through it",
  false_positive: "false positive: the match is wrong",
  resolved: "resolved: fixed in this version",
  resolved_with_pedigree: "resolved, with the fix shown in the component's pedigree",
};

const JUSTIFICATION_WORDS: Record<(typeof IMPACT_JUSTIFICATIONS)[number], string> = {
  code_not_present: "the vulnerable code is not in the product",
  code_not_reachable: "the vulnerable code is never executed",
  requires_configuration: "exploitable only with a configuration the product does not use",
  requires_dependency: "exploitable only with a dependency the product does not have",
  requires_environment: "exploitable only in an environment the product does not run in",
  protected_by_compiler: "compiler protections prevent it",
  protected_at_runtime: "runtime protections prevent it",
  protected_at_perimeter: "perimeter protections prevent it",
  protected_by_mitigating_control: "another control mitigates it",
};

const RESPONSE_WORDS: Record<(typeof IMPACT_RESPONSES)[number], string> = {
  update: "update to a fixed version",
  workaround_available: "a workaround is available",
  rollback: "roll back to an earlier version",
  will_not_fix: "will not be fixed",
  can_not_fix: "cannot be fixed",
};

const FORMAT_LABEL: Record<(typeof VEX_FORMATS)[number], string> = {
  csaf: "CSAF 2.0 VEX",
  cyclonedx: "CycloneDX VEX",
  openvex: "OpenVEX",
};

/** A matched vulnerability from the latest assessment, with the analysis that currently applies to it. */
export interface TriageItem {
  productVersion: string;
  vulnerability: string;
  aliases: string[];
  component: string;
  componentLabel: string;
  severity: string;
  knownExploited: boolean;
  fixedVersions: string[];
  /** The recorded analysis, else the VEX state the assessment saw, else none. */
  state?: string;
  stateSource?: "recorded" | "assessment";
}

export interface TriageSource {
  /** Why there is no list: no assessment yet, or the latest carries no advisory matching. */
  missing?: "no-assessment" | "no-matching";
  assessmentId?: string;
  assessedAt?: string;
  items: TriageItem[];
}

export type VexFormValues = Partial<
  Record<"productVersion" | "vulnerability" | "component" | "state" | "justification" | "detail", string>
> & { responses?: string[] };

/** Form fields by the JSON pointer the service words its issues with. */
export const VEX_FIELDS: Record<string, { id: string; label: string }> = {
  "/productVersion": { id: "vex-version", label: "Product version" },
  "/vulnerability": { id: "vex-vulnerability", label: "Vulnerability" },
  "/component": { id: "vex-component", label: "Component" },
  "/state": { id: "vex-state", label: "State" },
  "/justification": { id: "vex-justification", label: "Justification" },
  "/responses": { id: "vex-responses", label: "Responses" },
  "/detail": { id: "vex-detail", label: "Detail" },
};

/** The form field an issue belongs to (`/responses/0` belongs to `/responses`). */
export function vexFieldOf(issue: InputIssue): string | undefined {
  const path = issue.path ?? "";
  return Object.keys(VEX_FIELDS).find((p) => path === p || path.startsWith(`${p}/`));
}

function FieldError(props: { id: string; issues: InputIssue[] }) {
  return props.issues.length > 0 ? (
    <p class="error" id={`${props.id}-err`}>
      {props.issues.map((i) => i.message).join(" ")}
    </p>
  ) : null;
}

/** The pages of one product, shown under its name. */
export function ProductNav(props: { product: Pick<ProductRecord, "id">; current: "overview" | "vex" | "documents" }) {
  const base = `/products/${props.product.id}`;
  return (
    <nav aria-label="Product" class="subnav">
      <a href={base} aria-current={props.current === "overview" ? "page" : undefined}>
        Overview
      </a>
      <a href={`${base}/vex`} aria-current={props.current === "vex" ? "page" : undefined}>
        Vulnerability triage (VEX)
      </a>
      <a href={`${base}/documents`} aria-current={props.current === "documents" ? "page" : undefined}>
        Documents
      </a>
    </nav>
  );
}

/** Who recorded an analysis, in words: an API key (by id) or the command line. */
function authorName(author: string): string {
  if (author.startsWith("key_")) return `API key ${author}`;
  if (author.startsWith("cli:")) return `the command line (${author.slice(4)})`;
  return author;
}

function queryString(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export function VexPage(props: {
  viewer: Viewer;
  product: ProductRecord;
  statements: ProductVexStatement[];
  triage: TriageSource;
  defaultVersion?: string | undefined;
  canWrite: boolean;
  values: VexFormValues;
  issues?: InputIssue[];
  notice?: string;
}) {
  const { product, viewer } = props;
  const base = `/products/${product.id}`;
  const issues = props.issues ?? [];
  const at = (pointer: string) => issues.filter((i) => vexFieldOf(i) === pointer);
  const described = (pointer: string, id: string) => (at(pointer).length > 0 ? `${id}-err` : undefined);
  const versions = [
    ...new Set([
      ...(props.defaultVersion ? [props.defaultVersion] : []),
      ...props.statements.map((s) => s.productVersion),
    ]),
  ].sort();
  const v = props.values;
  return (
    <Layout title={`Vulnerability triage: ${product.name}`} viewer={viewer} path="/products">
      <p>
        <a href={base}>← {product.name}</a>
      </p>
      <h1>Vulnerability triage (VEX)</h1>
      <ProductNav product={product} current="vex" />
      <p class="lead">
        {product.name}: {props.canWrite ? "your" : "the manufacturer's"} analysis of each known vulnerability matched
        against the product's components, per product version. Regulation (EU) 2024/2847 asks that a product be placed
        on the market without known exploitable vulnerabilities (Annex I Part I (2)(a)) and that vulnerabilities be
        handled and remediated without delay (Annex I Part II (2)): the analysis says which matches affect the product
        and what you do about them. Every change is written to the audit trail.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}

      <h2 id="to-triage">To triage: vulnerabilities matched by the latest assessment</h2>
      {props.triage.missing === "no-assessment" ? (
        <p>
          No assessment yet, so no vulnerability has been matched. Run one from the <a href={base}>product page</a>; you
          can still record an analysis below.
        </p>
      ) : props.triage.missing === "no-matching" ? (
        <p>
          The latest assessment{" "}
          {props.triage.assessmentId ? <a href={`/assessments/${props.triage.assessmentId}`}>report</a> : null} carries
          no vulnerability matches: no advisory data had been imported into the service when it ran, so nothing was
          matched. Advisory data (OSV, CISA KEV) is imported by the service's operator: ask them to import it, then
          assess again from the <a href={base}>product page</a>. Until then you can record analyses by hand below.
        </p>
      ) : props.triage.items.length === 0 ? (
        <p>
          The latest <a href={`/assessments/${props.triage.assessmentId}`}>assessment</a> matched no known vulnerability
          against the product's components.
        </p>
      ) : (
        <table>
          <caption class="visually-hidden">Vulnerabilities to triage</caption>
          <thead>
            <tr>
              <th scope="col">Vulnerability</th>
              <th scope="col">Component</th>
              <th scope="col">Severity</th>
              <th scope="col">Fixed in</th>
              <th scope="col">Current state</th>
              <th scope="col">Analysis</th>
            </tr>
          </thead>
          <tbody>
            {props.triage.items.map((t) => (
              <tr>
                <td>
                  <span class="mono">{t.vulnerability}</span>
                  {t.aliases.length > 0 ? <span class="muted"> ({t.aliases.join(", ")})</span> : null}
                  {t.knownExploited ? (
                    <>
                      <br />
                      <strong class="sev">actively exploited (CISA KEV)</strong>
                    </>
                  ) : null}
                </td>
                <td class="mono">{t.componentLabel}</td>
                <td>{t.severity}</td>
                <td>{t.fixedVersions.join(", ") || "no fix known"}</td>
                <td>
                  {t.state ? (
                    <>
                      <span class="mono">{t.state}</span>
                      <span class="muted">
                        {" "}
                        ({t.stateSource === "recorded" ? "recorded here" : "from a VEX document the assessment read"})
                      </span>
                    </>
                  ) : (
                    <strong>not analysed</strong>
                  )}
                </td>
                <td>
                  {props.canWrite ? (
                    <a
                      href={`${base}/vex?${queryString({
                        version: t.productVersion,
                        vulnerability: t.vulnerability,
                        component: t.component,
                      })}#record`}
                    >
                      {t.state ? "Change" : "Record"}
                      <span class="visually-hidden">
                        {" "}
                        the analysis of {t.vulnerability} on {t.componentLabel}
                      </span>
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Recorded analyses</h2>
      {props.statements.length === 0 ? (
        <p>No analysis recorded yet.</p>
      ) : (
        versions
          .filter((version) => props.statements.some((s) => s.productVersion === version))
          .map((version) => (
            <section aria-labelledby={`v-${version}`}>
              <h3 id={`v-${version}`}>Version {version}</h3>
              <table>
                <caption class="visually-hidden">Analyses of version {version}</caption>
                <thead>
                  <tr>
                    <th scope="col">Vulnerability</th>
                    <th scope="col">Component</th>
                    <th scope="col">State</th>
                    <th scope="col">Justification</th>
                    <th scope="col">Response</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Recorded</th>
                  </tr>
                </thead>
                <tbody>
                  {props.statements
                    .filter((s) => s.productVersion === version)
                    .map((s) => (
                      <tr>
                        <td class="mono">{s.vulnerability}</td>
                        <td class="mono">{s.component}</td>
                        <td>
                          <span class="mono">{s.state}</span>
                          <br />
                          <span class="muted">{STATE_WORDS[s.state]}</span>
                        </td>
                        <td>{s.justification ? JUSTIFICATION_WORDS[s.justification] : "—"}</td>
                        <td>{s.responses.length > 0 ? s.responses.map((r) => RESPONSE_WORDS[r]).join("; ") : "—"}</td>
                        <td>{s.detail ?? "—"}</td>
                        <td>
                          {formatDateTime(s.updatedAt)}
                          <br />
                          <span class="muted wrap">by {authorName(s.author)}</span>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))
      )}

      <h2>Download</h2>
      {versions.length === 0 ? (
        <p>Nothing to download yet: name a product version in the declaration or record an analysis.</p>
      ) : (
        <ul>
          {versions.map((version) => (
            <li>
              Version {version}:{" "}
              {VEX_FORMATS.map((format, i) => (
                <>
                  {i > 0 ? ", " : ""}
                  <a href={`${base}/vex/export?${queryString({ format, version })}`}>
                    {FORMAT_LABEL[format]}
                    <span class="visually-hidden"> of version {version}</span>
                  </a>
                </>
              ))}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        The analyses recorded here apply to the next assessment of the same product version, run from the{" "}
        <a href={base}>product page</a>: a vulnerability analysed as not affecting the product no longer counts as a
        known exploitable one. The downloads are for your customers, an authority or another tool.
      </p>

      {props.canWrite ? (
        <form method="post" action={`${base}/vex`} class="card" id="record" aria-labelledby="record-title">
          <h2 id="record-title">Record or change an analysis</h2>
          <p class="hint">
            One analysis per product version, vulnerability and component: recording it again replaces the earlier one.
            “Not affected” and “false positive” need a justification or a detail; “exploitable” needs a response or a
            detail (CISA, minimum requirements for VEX).
          </p>
          {issues.length > 0 ? (
            <IssueList
              title="The analysis was not recorded:"
              issues={issues.map((i) => {
                const f = vexFieldOf(i);
                const { source: _source, ...rest } = i;
                return f ? { ...rest, path: VEX_FIELDS[f]?.label ?? i.path } : rest;
              })}
            />
          ) : null}
          <Csrf token={viewer.csrfToken} />
          <div class="grid">
            <div class="field">
              <label for="vex-version">Product version</label>
              <input
                id="vex-version"
                name="productVersion"
                type="text"
                value={v.productVersion ?? props.defaultVersion ?? ""}
                aria-describedby={described("/productVersion", "vex-version")}
                aria-invalid={at("/productVersion").length > 0 ? "true" : undefined}
              />
              <FieldError id="vex-version" issues={at("/productVersion")} />
            </div>
            <div class="field">
              <label for="vex-vulnerability">Vulnerability</label>
              <input
                id="vex-vulnerability"
                name="vulnerability"
                type="text"
                value={v.vulnerability ?? ""}
                placeholder="CVE-2021-23337"
                aria-describedby={described("/vulnerability", "vex-vulnerability") ?? "vex-vulnerability-hint"}
                aria-invalid={at("/vulnerability").length > 0 ? "true" : undefined}
              />
              <p class="hint" id="vex-vulnerability-hint">
                A CVE, GHSA or OSV id.
              </p>
              <FieldError id="vex-vulnerability" issues={at("/vulnerability")} />
            </div>
            <div class="field">
              <label for="vex-component">Component</label>
              <input
                id="vex-component"
                name="component"
                type="text"
                size={40}
                value={v.component ?? ""}
                aria-describedby={described("/component", "vex-component") ?? "vex-component-hint"}
                aria-invalid={at("/component").length > 0 ? "true" : undefined}
              />
              <p class="hint" id="vex-component-hint">
                Its package URL (pkg:…), or its name when it has none.
              </p>
              <FieldError id="vex-component" issues={at("/component")} />
            </div>
          </div>
          {/* State and justification each take a row: their options are sentences, which two columns cut off. */}
          <div>
            <div class="field">
              <label for="vex-state">State</label>
              <select
                id="vex-state"
                name="state"
                aria-describedby={described("/state", "vex-state")}
                aria-invalid={at("/state").length > 0 ? "true" : undefined}
              >
                {IMPACT_STATES.map((s) => (
                  <option value={s} selected={s === (v.state ?? "in_triage")}>
                    {s} — {STATE_WORDS[s]}
                  </option>
                ))}
              </select>
              <FieldError id="vex-state" issues={at("/state")} />
            </div>
            <div class="field">
              <label for="vex-justification">Justification</label>
              <select
                id="vex-justification"
                name="justification"
                aria-describedby={described("/justification", "vex-justification") ?? "vex-justification-hint"}
              >
                <option value="">None</option>
                {IMPACT_JUSTIFICATIONS.map((j) => (
                  <option value={j} selected={j === v.justification}>
                    {j} — {JUSTIFICATION_WORDS[j]}
                  </option>
                ))}
              </select>
              <p class="hint" id="vex-justification-hint">
                Why the product is not affected.
              </p>
              <FieldError id="vex-justification" issues={at("/justification")} />
            </div>
          </div>
          <fieldset class="field" id="vex-responses" aria-describedby={described("/responses", "vex-responses")}>
            <legend>Responses</legend>
            {IMPACT_RESPONSES.map((r) => (
              <div class="check">
                <input
                  type="checkbox"
                  id={`vex-response-${r}`}
                  name="responses"
                  value={r}
                  checked={(v.responses ?? []).includes(r)}
                />
                <label for={`vex-response-${r}`}>
                  {r} — {RESPONSE_WORDS[r]}
                </label>
              </div>
            ))}
            <FieldError id="vex-responses" issues={at("/responses")} />
          </fieldset>
          <div class="field">
            <label for="vex-detail">Detail</label>
            <textarea
              id="vex-detail"
              name="detail"
              rows={3}
              maxlength={4000}
              aria-describedby={described("/detail", "vex-detail")}
            >
              {v.detail ?? ""}
            </textarea>
            <FieldError id="vex-detail" issues={at("/detail")} />
          </div>
          <button type="submit">Record analysis</button>
        </form>
      ) : (
        <p class="hint">Your role reads the analyses; recording them is the manufacturer's.</p>
      )}
    </Layout>
  );
}

export interface DocumentChoice {
  kind: GeneratedDocumentKind;
  title: string;
  annex: string;
  /** Points still missing in the draft, and points a person completes (signature, place, date …). */
  missing: number;
  toComplete: number;
}

export function DocumentsPage(props: {
  viewer: Viewer;
  product: ProductRecord;
  asOf: string;
  documents: DocumentChoice[];
  /** Why no draft can be made (no declaration yet), in plain words. */
  problem?: string;
  issues?: InputIssue[];
}) {
  const { product } = props;
  const base = `/products/${product.id}`;
  return (
    <Layout title={`Documents: ${product.name}`} viewer={props.viewer} path="/products">
      <p>
        <a href={base}>← {product.name}</a>
      </p>
      <h1>Documents</h1>
      <ProductNav product={product} current="documents" />
      <p class="lead">
        Drafts of the documents the manufacturer of {product.name} signs or keeps under Regulation (EU) 2024/2847,
        filled from the product's latest declaration, SBOM and assessment. Each point of the Annex is marked filled,
        referenced, missing or to complete by hand; missing points come first. Headings paraphrase what the Regulation
        asks for. Drafts are not stored: each view is made from the current records.
      </p>
      {props.issues ? <IssueList title="The date was not accepted:" issues={props.issues} /> : null}
      <form method="get" action={`${base}/documents`} class="inline">
        <div class="field">
          <label for="doc-as-of">Date of the drafts</label>
          <input id="doc-as-of" name="asOf" type="date" value={props.asOf} />
        </div>
        <button type="submit" class="secondary">
          Use this date
        </button>
      </form>
      {props.problem ? (
        <p class="notice" role="status">
          {props.problem}
        </p>
      ) : (
        <table>
          <caption class="visually-hidden">Document drafts</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Drawn up under</th>
              <th scope="col" class="num">
                Missing points
              </th>
              <th scope="col" class="num">
                To complete by hand
              </th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {props.documents.map((d) => {
              const href = (format: string) =>
                `${base}/documents/${d.kind}?${queryString({ format, asOf: props.asOf })}`;
              return (
                <tr>
                  <td>{d.title}</td>
                  <td>{d.annex}</td>
                  <td class="num">{d.missing}</td>
                  <td class="num">{d.toComplete}</td>
                  <td>
                    <a href={href("html")}>
                      Printable page<span class="visually-hidden"> of the {d.title}</span>
                    </a>{" "}
                    ·{" "}
                    <a href={href("md")}>
                      Markdown<span class="visually-hidden"> of the {d.title}</span>
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="hint">
        The printable page is a document of its own (its own print stylesheet, no outside resources): print it or save
        it as PDF from the browser. The same drafts come from <code>documents generate</code> on the command line and{" "}
        <code>
          GET /v1/products/{"{id}"}/documents/{"{kind}"}
        </code>{" "}
        on the API.
      </p>
    </Layout>
  );
}
