/** @jsxImportSource hono/jsx */
import type { AssessmentListing, DeclarationRecord, Paged, ProductRecord, SbomRecord } from "../../../db/port.js";
import type { InputIssue } from "../../../domain/input-issue.js";
import { sbomFormatText } from "../../../reports/wording.js";
import { TrendChart } from "../charts.js";
import { Csrf, formatDate, formatDateTime, IssueList, Layout, Pager, StatusBadge, type Viewer } from "../render.js";
import { ProductNav } from "./evidence.js";

/** How a stored SBOM's format reads to a person: `CycloneDX 1.6 JSON`, `SPDX 2.3 tag-value`, `SPDX 3.0.1 JSON-LD`. */
function sbomFormatLabel(record: Pick<SbomRecord, "format" | "specVersion">): string {
  // Stored formats are `json`/`xml` for CycloneDX and `spdx-<format>` for SPDX.
  const spdx = record.format.startsWith("spdx-");
  return sbomFormatText({
    standard: spdx ? "SPDX" : "CycloneDX",
    format: spdx ? record.format.slice("spdx-".length) : record.format,
    specVersion: record.specVersion,
  });
}

export interface ProductClassOption {
  id: string;
  title: string;
}

export function ProductsPage(props: {
  viewer: Viewer;
  products: Paged<ProductRecord>;
  query: string;
  canCreate: boolean;
  classes: ProductClassOption[];
  organizations?: Map<string, string>;
  issues?: InputIssue[];
  draftName?: string;
}) {
  const { products, query } = props;
  const href = (offset: number) => `/products?${new URLSearchParams({ q: query, offset: String(offset) })}`;
  const className = new Map(props.classes.map((c) => [c.id, c.title]));
  return (
    <Layout title="Products" viewer={props.viewer} path="/products">
      <h1>Products</h1>
      <p class="lead">
        {props.organizations
          ? "Every organisation's products (read-only for market surveillance)."
          : "Your organisation's products. Open one to upload its SBOM and declaration and to assess it."}
      </p>
      {props.issues ? <IssueList title="The product was not created." issues={props.issues} /> : null}
      {props.canCreate ? (
        <form method="post" action="/products" class="card">
          <h2>New product</h2>
          <Csrf token={props.viewer.csrfToken} />
          <div class="grid">
            <div class="field">
              <label for="product-name">Product name</label>
              <input id="product-name" name="name" type="text" required maxlength={200} value={props.draftName ?? ""} />
            </div>
            <div class="field">
              <label for="product-class">
                Product class <span class="hint">(Art. 7, Annexes III and IV; optional)</span>
              </label>
              <select id="product-class" name="productClass">
                <option value="">Not decided yet</option>
                {props.classes.map((c) => (
                  <option value={c.id}>
                    {c.id} — {c.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">Create product</button>
        </form>
      ) : null}
      <form method="get" action="/products" class="inline">
        <div class="field">
          <label for="product-search">Search by name</label>
          <input id="product-search" name="q" type="search" value={query} />
        </div>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <p class="muted" role="status">
        {products.total === 0 && !query
          ? props.canCreate
            ? "No product yet: name your first one under “New product” above."
            : "No product yet."
          : `${products.total} product${products.total === 1 ? "" : "s"}${query ? ` matching “${query}”` : ""}`}
      </p>
      {products.items.length > 0 ? (
        <table>
          <caption class="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {props.organizations ? <th scope="col">Organisation</th> : null}
              <th scope="col">Product class</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {products.items.map((p) => (
              <tr>
                <td>
                  <a href={`/products/${p.id}`}>{p.name}</a>
                </td>
                {props.organizations ? <td>{props.organizations.get(p.organizationId) ?? p.organizationId}</td> : null}
                <td>{p.productClass ? `${p.productClass} — ${className.get(p.productClass) ?? ""}` : "not set"}</td>
                <td>{formatDate(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager total={products.total} limit={products.limit} offset={products.offset} href={href} />
    </Layout>
  );
}

export interface FrameworkChoice {
  id: string;
  name: string;
}

export function ProductPage(props: {
  viewer: Viewer;
  product: ProductRecord;
  organizationName?: string;
  canSubmit: boolean;
  sboms: Paged<SbomRecord>;
  declarations: DeclarationRecord[];
  latestDeclarationVersion: number;
  assessments: Paged<AssessmentListing>;
  trend: { label: string; value: number; fail: boolean }[];
  frameworks: FrameworkChoice[];
  today: string;
  issues?: { title: string; issues: InputIssue[]; omitted?: number };
  notice?: string;
  assessmentsOffset: number;
  declarationsOffset: number;
}) {
  const { product, viewer } = props;
  const base = `/products/${product.id}`;
  const frameworkNames = new Map(props.frameworks.map((f) => [f.id, f.name]));
  return (
    <Layout title={product.name} viewer={viewer} path="/products">
      <p>
        <a href="/products">← Products</a>
      </p>
      <h1>{product.name}</h1>
      <ProductNav product={product} current="overview" />
      <p class="lead">
        {props.organizationName ? `${props.organizationName} · ` : ""}
        Product class: {product.productClass ?? "not set (the declaration's product.category decides)"}
        {product.description ? ` · ${product.description}` : ""}
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.issues ? (
        <IssueList title={props.issues.title} issues={props.issues.issues} omitted={props.issues.omitted ?? 0} />
      ) : null}

      {props.canSubmit ? (
        <div class="grid">
          <form
            method="post"
            action={`${base}/uploads`}
            enctype="multipart/form-data"
            class="card"
            data-upload=""
            aria-labelledby="upload-title"
          >
            <h2 id="upload-title">Upload</h2>
            <p class="hint">
              An SBOM (CycloneDX JSON or XML, spec 1.2–1.7; SPDX 2.2/2.3 JSON, YAML or tag-value, 3.0.0/3.0.1 JSON-LD)
              and/or a <code>cra-declaration/1</code> (YAML or JSON). Each declaration upload adds a version; nothing is
              overwritten.
            </p>
            <Csrf token={viewer.csrfToken} />
            <div class="field">
              <label for="sbom-file">SBOM</label>
              <input
                id="sbom-file"
                name="sbom"
                type="file"
                accept=".json,.jsonld,.xml,.spdx,.yaml,.yml,application/json,text/xml,text/spdx,application/yaml"
              />
            </div>
            <div class="field">
              <label for="declaration-file">Declaration</label>
              <input id="declaration-file" name="declaration" type="file" accept=".yaml,.yml,.json" />
            </div>
            <button type="submit">Upload</button> <progress max={100} value={0} hidden aria-label="Upload progress" />
            <span data-upload-status="" role="status" aria-live="polite" />
          </form>
          <form method="post" action={`${base}/assessments`} class="card" aria-labelledby="assess-title">
            <h2 id="assess-title">Assess</h2>
            <p class="hint">
              Uses the latest SBOM and declaration (either alone will do). The law is applied as it stands on the “as
              of” date (most obligations apply from 11 December 2027; reporting from 11 September 2026).
            </p>
            <Csrf token={viewer.csrfToken} />
            <div class="field">
              <label for="as-of">As of</label>
              <input id="as-of" name="asOf" type="date" value={props.today} required />
            </div>
            <fieldset class="field">
              <legend>Frameworks</legend>
              {props.frameworks.map((f) => (
                <div class="check">
                  <input type="checkbox" id={`fw-${f.id}`} name="frameworks" value={f.id} checked={f.id === "cra"} />{" "}
                  <label for={`fw-${f.id}`}>{f.name}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" disabled={props.latestDeclarationVersion === 0 && props.sboms.total === 0}>
              Assess
            </button>
            {props.latestDeclarationVersion === 0 ? (
              <p class="hint">
                {props.sboms.total === 0
                  ? "Upload an SBOM or a declaration first: there is nothing to assess yet."
                  : "No declaration yet: the SBOM is assessed alone, and every requirement judged from the declaration is needs-review (no declaration given)."}
              </p>
            ) : null}
          </form>
        </div>
      ) : null}

      <h2>Assessments</h2>
      {props.trend.length > 1 ? (
        <figure>
          <TrendChart points={props.trend} />
          <figcaption>Open gaps per assessment on this page, oldest first (red: the gate failed).</figcaption>
        </figure>
      ) : null}
      {props.assessments.items.length === 0 ? (
        <p>No assessment yet.</p>
      ) : (
        <form method="get" action="/assessments/compare">
          <table>
            <caption class="visually-hidden">Assessments of this product</caption>
            <thead>
              <tr>
                <th scope="col">Verdict</th>
                <th scope="col">As of</th>
                <th scope="col">Frameworks</th>
                <th scope="col">Assessed from</th>
                <th scope="col">Highest open gap</th>
                <th scope="col">Run</th>
                <th scope="col">Compare: older</th>
                <th scope="col">Compare: newer</th>
              </tr>
            </thead>
            <tbody>
              {props.assessments.items.map((a, i) => (
                <tr>
                  <td>
                    <a href={`/assessments/${a.id}`}>
                      <StatusBadge status={a.verdict} /> <span class="visually-hidden">report of </span>
                      {formatDateTime(a.createdAt)}
                    </a>
                  </td>
                  <td>{a.asOf}</td>
                  <td>{a.frameworks.map((id) => frameworkNames.get(id) ?? id).join(", ")}</td>
                  <td>{assessedFrom(a)}</td>
                  <td>{a.highestGapSeverity ?? "none"}</td>
                  <td class="mono">{a.id.slice(0, 12)}</td>
                  <td>
                    <input
                      type="radio"
                      name="a"
                      value={a.id}
                      aria-label={`Older: ${formatDateTime(a.createdAt)}`}
                      checked={i === 1}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="b"
                      value={a.id}
                      aria-label={`Newer: ${formatDateTime(a.createdAt)}`}
                      checked={i === 0}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={props.assessments.total}
            limit={props.assessments.limit}
            offset={props.assessments.offset}
            href={(offset) => `${base}?assessments=${offset}`}
          />
          {props.assessments.items.length > 1 ? (
            <p>
              <button type="submit" class="secondary">
                Compare assessments
              </button>
            </p>
          ) : null}
        </form>
      )}

      <h2>Declarations</h2>
      {props.declarations.length === 0 ? (
        <p>No declaration yet.</p>
      ) : (
        <form method="get" action={`${base}/declarations/diff`}>
          <table>
            <caption class="visually-hidden">Declaration versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Product version</th>
                <th scope="col">Submitted</th>
                <th scope="col">Diff: from</th>
                <th scope="col">Diff: to</th>
              </tr>
            </thead>
            <tbody>
              {props.declarations.map((d, i) => (
                <tr>
                  <td>
                    <a href={`${base}/declarations/${d.version}`}>Version {d.version}</a>
                  </td>
                  <td>{d.productVersion ?? "—"}</td>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value={String(d.version)}
                      aria-label={`From version ${d.version}`}
                      checked={i === 1}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="to"
                      value={String(d.version)}
                      aria-label={`To version ${d.version}`}
                      checked={i === 0}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={props.latestDeclarationVersion}
            limit={10}
            offset={props.declarationsOffset}
            href={(offset) => `${base}?declarations=${offset}`}
            label="Declaration pages"
          />
          {props.declarations.length > 1 ? (
            <p>
              <button type="submit" class="secondary">
                Show differences
              </button>
            </p>
          ) : null}
        </form>
      )}

      <h2>SBOMs</h2>
      {props.sboms.items.length === 0 ? (
        <p>No SBOM yet. Without one, the SBOM obligations (Annex I Part II (1)) are reported as gaps.</p>
      ) : (
        <table>
          <caption class="visually-hidden">SBOM history</caption>
          <thead>
            <tr>
              <th scope="col">Submitted</th>
              <th scope="col">Format</th>
              <th scope="col" class="num">
                Components
              </th>
              <th scope="col">Product version</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {props.sboms.items.map((s) => (
              <tr>
                <td>
                  <a href={`/sboms/${s.id}/content`}>{formatDateTime(s.createdAt)}</a>
                </td>
                <td>{sbomFormatLabel(s)}</td>
                <td class="num">{s.componentCount}</td>
                <td>{s.productVersion ?? "—"}</td>
                <td class="mono">{s.sha256.slice(0, 16)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        total={props.sboms.total}
        limit={props.sboms.limit}
        offset={props.sboms.offset}
        href={(offset) => `${base}?sboms=${offset}`}
        label="SBOM pages"
      />
    </Layout>
  );
}

/** The inputs an assessment read, in words: an SBOM-only assessment says plainly that no declaration was given. */
export function assessedFrom(a: Pick<AssessmentListing, "sbomId" | "declarationId">): string {
  if (a.declarationId === null) return "SBOM only (no declaration)";
  return a.sbomId === null ? "declaration only (no SBOM)" : "SBOM and declaration";
}
