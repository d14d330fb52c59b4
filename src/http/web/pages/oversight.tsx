/** @jsxImportSource hono/jsx */

import type { CoverageLink, DirectionComparison, FrameworkComparison } from "../../../crosswalk/compare.js";
import type { ApiKeyRecord, OrganizationRecord, Paged } from "../../../db/port.js";
import type { InputIssue } from "../../../domain/input-issue.js";
import type { FrameworkCatalog } from "../../../domain/requirement.js";
import type { Art14Listing } from "../../../services/art14-events.js";
import type { ListedReview } from "../../../services/crosswalk-reviews.js";
import type { FrameworkSummary } from "../../../services/frameworks.js";
import type { PortfolioOverview } from "../../../services/portfolio-overview.js";
import type { SimulationResult } from "../../../services/simulate-arrangement.js";
import { BarChart, CoverageBar } from "../charts.js";
import { Csrf, formatDateTime, IssueList, Layout, Pager, StatusBadge, type Viewer } from "../render.js";
import { rowAnchor, rowKey } from "./crosswalks.js";

export function PortfolioPage(props: {
  viewer: Viewer;
  overview: PortfolioOverview;
  productNames: Map<string, string>;
  organizationNames: Map<string, string>;
}) {
  const o = props.overview;
  const plural = (n: number, word: string) => `${word}${n === 1 ? "" : "s"}`;
  return (
    <Layout title="Portfolio" viewer={props.viewer} path="/portfolio">
      <h1>Portfolio</h1>
      <p class="lead">Every organisation's products and their stored assessments, read-only.</p>
      <ul class="counts">
        <li>
          <b>{o.products}</b> {plural(o.products, "product")}
        </li>
        <li>
          <b>{o.assessments.total}</b> {plural(o.assessments.total, "assessment")}
        </li>
        <li>
          <b>{o.assessments.fail}</b> failed the gate
        </li>
        <li>
          <b>{o.assessments.pass}</b> passed
        </li>
      </ul>
      <div class="grid">
        <section class="card" aria-labelledby="verdicts">
          <h2 id="verdicts">Assessment verdicts</h2>
          <BarChart
            title="Assessments by verdict"
            entries={[
              { label: "fail", value: o.assessments.fail, colour: "#b3261e" },
              { label: "pass", value: o.assessments.pass, colour: "#1a7f37" },
            ]}
          />
        </section>
        <section class="card" aria-labelledby="classes">
          <h2 id="classes">Products by class</h2>
          <BarChart
            title="Products by CRA class"
            entries={o.byClass.map((c) => ({ label: c.productClass ?? "not set", value: c.products }))}
          />
        </section>
      </div>
      <h2>Most frequent CRA gaps</h2>
      <p class="hint">Counted over the {o.sampled} most recent assessments.</p>
      {o.frequentGaps.length === 0 ? (
        <p>No gap in those assessments.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Most frequent CRA gaps</caption>
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col" class="num">
                Assessments with this gap
              </th>
            </tr>
          </thead>
          <tbody>
            {o.frequentGaps.map((g) => (
              <tr>
                <td>
                  <span class="mono">{g.requirement}</span> {g.title}
                </td>
                <td class="num">{g.assessments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Latest assessments</h2>
      <table>
        <caption class="visually-hidden">Latest assessments</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Organisation</th>
            <th scope="col">Verdict</th>
            <th scope="col">Highest open gap</th>
            <th scope="col">As of</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {o.recent.map((a) => (
            <tr>
              <td>
                <a href={`/products/${a.productId}`}>{props.productNames.get(a.productId) ?? a.productId}</a>
              </td>
              <td>{props.organizationNames.get(a.organizationId) ?? a.organizationId}</td>
              <td>
                <a href={`/assessments/${a.id}`}>
                  <StatusBadge status={a.verdict} /> report
                </a>
              </td>
              <td>{a.highestGapSeverity ?? "none"}</td>
              <td>{a.asOf}</td>
              <td>{formatDateTime(a.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function FrameworksPage(props: { viewer: Viewer; frameworks: FrameworkSummary[] }) {
  return (
    <Layout title="Frameworks" viewer={props.viewer} path="/frameworks">
      <h1>Frameworks</h1>
      <p class="lead">The catalogs the service assesses and compares against, version-pinned.</p>
      <table>
        <caption class="visually-hidden">Frameworks</caption>
        <thead>
          <tr>
            <th scope="col">Framework</th>
            <th scope="col">Id</th>
            <th scope="col">Jurisdiction</th>
            <th scope="col">Source</th>
            <th scope="col" class="num">
              Requirements
            </th>
          </tr>
        </thead>
        <tbody>
          {props.frameworks.map((f) => (
            <tr>
              <td>
                <a href={`/frameworks/${encodeURIComponent(f.id)}`}>{f.name}</a>
                {f.verified ? "" : " (unverified in places)"}
              </td>
              <td class="mono">{f.id}</td>
              <td>{f.jurisdiction ?? "—"}</td>
              <td>{f.sourceKind}</td>
              <td class="num">{f.requirements}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function FrameworkPage(props: { viewer: Viewer; catalog: FrameworkCatalog }) {
  const c = props.catalog;
  return (
    <Layout title={c.name} viewer={props.viewer} path="/frameworks">
      <p>
        <a href="/frameworks">← Frameworks</a>
      </p>
      <h1>{c.name}</h1>
      <p class="lead">
        Version {c.version} · {c.sourceKind}
        {c.jurisdiction ? ` · ${c.jurisdiction}` : ""} ·{" "}
        {c.source.url ? <a href={c.source.url}>{c.source.title}</a> : c.source.title}
      </p>
      <label for="req-filter">Filter requirements</label>
      <input id="req-filter" type="search" data-filter-list="tr[data-search]" />
      <table>
        <caption class="visually-hidden">Requirements of {c.name}</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Requirement (paraphrased)</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {c.requirements.map((r) => (
            <tr data-search={`${r.id} ${r.title} ${r.paraphrase}`}>
              <td class="mono">{r.id}</td>
              <td>
                <strong>{r.title}</strong>
                <br />
                {r.paraphrase}
                {r.verified === false ? <em> (unverified in the reference material)</em> : null}
              </td>
              <td>
                {r.citation.url ? <a href={r.citation.url}>{r.citation.text}</a> : r.citation.text} · {r.sourceKind}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

const COVERAGE_FILL = { full: "#1a7f37", partial: "#d4a72c", none: "#e6e6e6" } as const;

/**
 * The matrix of one direction: a row per target requirement, a column per source requirement that maps to any;
 * a filled cell is a crosswalk link, coloured by what it covers, titled with its trace, linking to the row's trace.
 */
function HeatMap(props: { direction: DirectionComparison }) {
  const d = props.direction;
  const sources = [...new Set(d.rows.flatMap((r) => r.links.map((l) => l.source)))].sort();
  const cell = sources.length > 40 ? 9 : 14;
  const left = 150;
  const top = 110;
  const width = left + Math.max(1, sources.length) * cell + 10;
  const height = top + d.rows.length * cell + 10;
  return (
    // Not role="img": the cells are links to their trace, and an image may not contain interactive elements.
    <svg
      aria-labelledby={`heat-${d.source.framework}-${d.target.framework}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{`Heat map of how ${d.source.framework} covers ${d.target.framework}`}</title>
      {sources.map((s, j) => (
        <text
          x={left + j * cell + cell / 2}
          y={top - 6}
          font-size="10"
          fill="#1b1f24"
          transform={`rotate(-60 ${left + j * cell + cell / 2} ${top - 6})`}
        >
          {s.length > 18 ? `${s.slice(0, 17)}…` : s}
        </text>
      ))}
      {d.rows.map((row, i) => (
        <g>
          <a href={`#row-${row.target}`}>
            <text x={left - 6} y={top + i * cell + cell - 3} font-size="10" text-anchor="end" fill="#0a4fa3">
              {row.target}
            </text>
          </a>
          <rect
            x={left}
            y={top + i * cell}
            width={sources.length * cell}
            height={cell}
            fill={i % 2 ? "#fafafa" : "#f0f0f0"}
          />
          {row.links.map((link) => {
            const j = sources.indexOf(link.source);
            return (
              <a href={`#row-${row.target}`}>
                <rect
                  x={left + j * cell + 1}
                  y={top + i * cell + 1}
                  width={cell - 2}
                  height={cell - 2}
                  fill={COVERAGE_FILL[link.coverage]}
                >
                  <title>
                    {`${row.target} ← ${link.source}: ${link.relationship}, ${link.coverage} cover, confidence ${link.confidence}${link.via ? `, via ${link.via}` : ""}${link.residual ? `; residual: ${link.residual}` : ""}`}
                  </title>
                </rect>
              </a>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

/** Reviews per crosswalk row (`rowKey(source, target)`), for every row of the crosswalks a comparison used. */
export type ReviewIndex = ReadonlyMap<string, ReadonlyMap<string, readonly ListedReview[]>>;

/**
 * Where a trace link's row lives and what its reviews say. A direct crosswalk holds the row as (link source, row
 * target); an inverted one as (row target, link source). Derived links pass through a pivot and have no one row.
 */
function LinkReviews(props: {
  direction: DirectionComparison;
  target: string;
  link: CoverageLink;
  reviews: ReviewIndex;
}) {
  const { direction: d, link } = props;
  if (d.method === "derived" || link.via) return null;
  const key = d.method === "crosswalk" ? rowKey(link.source, props.target) : rowKey(props.target, link.source);
  const [source, target] = key.split("|") as [string, string];
  const crosswalk = d.crosswalks.find((id) => props.reviews.get(id)?.has(key));
  if (!crosswalk) return null;
  const reviews = props.reviews.get(crosswalk)?.get(key) ?? [];
  const latest = reviews.at(-1);
  return (
    <>
      {" · "}
      <a href={`/crosswalks/${encodeURIComponent(crosswalk)}#${rowAnchor(source, target)}`}>
        {latest
          ? `${reviews.length} review${reviews.length === 1 ? "" : "s"}, latest: ${latest.verdict}`
          : "no review yet"}
      </a>
    </>
  );
}

function DirectionSection(props: { direction: DirectionComparison; id: string; reviews: ReviewIndex }) {
  const d = props.direction;
  const t = d.totals;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>
        How {d.source.framework}
        {d.source.level ? ` ${d.source.level}` : ""} covers {d.target.framework}
        {d.target.level ? ` ${d.target.level}` : ""}
      </h2>
      {d.unavailable ? (
        <p class="notice">{d.unavailable}</p>
      ) : (
        <>
          <p class="lead">
            Method: {d.method}
            {d.pivot ? ` through ${d.pivot}` : ""} ({d.crosswalks.join(", ") || "no crosswalk"}).{" "}
            {d.reviewed
              ? "The crosswalk's provenance says it was reviewed."
              : "Not a reviewed mapping: treat the cells as candidates until a person has checked them."}
          </p>
          {d.crosswalks.some((id) => props.reviews.has(id)) ? (
            <p>
              Reviews of the rows:{" "}
              {d.crosswalks
                .filter((id) => props.reviews.has(id))
                .map((id, i) => (
                  <>
                    {i > 0 ? ", " : ""}
                    <a href={`/crosswalks/${encodeURIComponent(id)}`}>{id}</a>
                  </>
                ))}
              .
            </p>
          ) : null}
          <p>
            {t.count.full} of {t.count.total} requirements fully covered, {t.count.partial} partly, {t.count.none} not
            at all.
          </p>
          <CoverageBar label="Coverage" full={t.count.full} partial={t.count.partial} none={t.count.none} />
          <ul class="heat-legend">
            <li>
              <span class="swatch sw-full" />
              full cover
            </li>
            <li>
              <span class="swatch sw-partial" />
              partial cover (a residual remains)
            </li>
            <li>
              <span class="swatch sw-none" />
              no link
            </li>
          </ul>
          <figure>
            <HeatMap direction={d} />
            <figcaption id={`heat-${d.source.framework}-${d.target.framework}`}>
              Heat map. Rows: {d.target.framework} requirements; columns: {d.source.framework} requirements that map to
              any.
            </figcaption>
          </figure>
          <details>
            <summary>Crosswalk trace of every cell ({d.rows.length} rows)</summary>
            <table>
              <caption class="visually-hidden">Crosswalk trace</caption>
              <thead>
                <tr>
                  <th scope="col">{d.target.framework}</th>
                  <th scope="col">Coverage</th>
                  <th scope="col">Trace</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((row) => (
                  <tr id={`row-${row.target}`}>
                    <td>
                      <span class="mono">{row.target}</span> {row.title}
                    </td>
                    <td>{row.coverage}</td>
                    <td>
                      {row.links.length === 0 ? (
                        (row.reason ?? "No requirement maps to this one.")
                      ) : (
                        <ul class="facts">
                          {row.links.map((l) => (
                            <li>
                              <span class="mono">{l.source}</span> {l.relationship} ({l.coverage}, confidence{" "}
                              {l.confidence}){l.via ? ` via ${l.via}` : ""}
                              {l.residual ? ` — residual: ${l.residual}` : ""}
                              {l.note ? ` — ${l.note}` : ""}
                              <LinkReviews direction={d} target={row.target} link={l} reviews={props.reviews} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

export function ComparePage(props: {
  viewer: Viewer;
  frameworks: FrameworkSummary[];
  from: string;
  to: string;
  comparison?: FrameworkComparison | undefined;
  problem?: string | undefined;
  reviews?: ReviewIndex;
}) {
  const reviews: ReviewIndex = props.reviews ?? new Map();
  const select = (name: string, label: string, value: string) => (
    <div class="field">
      <label for={`cmp-${name}`}>{label}</label>
      <select id={`cmp-${name}`} name={name}>
        {props.frameworks.map((f) => (
          <option value={f.id} selected={f.id === value}>
            {f.name} ({f.id})
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Layout title="Compare frameworks" viewer={props.viewer} path="/compare">
      <h1>Compare frameworks</h1>
      <p class="lead">
        Requirement by requirement, in both directions (NIST IR 8477 set relations). Where two frameworks have no
        crosswalk, rows are derived through a pivot and marked as candidates.
      </p>
      <form method="get" action="/compare" class="inline">
        {select("from", "From", props.from)}
        {select("to", "To", props.to)}
        <button type="submit">Compare</button>
      </form>
      {props.problem ? (
        <div class="error" role="alert">
          {props.problem}
        </div>
      ) : null}
      {props.comparison ? (
        <>
          <DirectionSection direction={props.comparison.forward} id="forward" reviews={reviews} />
          <DirectionSection direction={props.comparison.backward} id="backward" reviews={reviews} />
        </>
      ) : null}
    </Layout>
  );
}

/** Rows per page of the deadline and key tables (the listings themselves are read whole: they are small). */
export const TABLE_PAGE = 50;

export function DeadlinesPage(props: { viewer: Viewer; listing: Art14Listing; showAll: boolean; offset: number }) {
  const { listing } = props;
  const shown = listing.events.slice(props.offset, props.offset + TABLE_PAGE);
  return (
    <Layout title="Article 14 deadlines" viewer={props.viewer} path="/deadlines">
      <h1>Article 14 reporting deadlines</h1>
      <p class="lead">
        Actively exploited vulnerabilities and severe incidents must be reported to the coordinating CSIRT and ENISA:
        early warning within 24 hours, notification within 72 hours, final report within 14 days (vulnerabilities, after
        a measure is available) or one month (incidents) —{" "}
        <a href="https://eur-lex.europa.eu/eli/reg/2024/2847/oj">Regulation (EU) 2024/2847, Art. 14(2) and (4)</a>. As
        of {formatDateTime(listing.asOf)}.
      </p>
      <p>
        {props.showAll ? (
          <a href="/deadlines">Show only due and overdue</a>
        ) : (
          <a href="/deadlines?all=1">Show all events</a>
        )}
      </p>
      {listing.overdue ? (
        <p class="error" role="alert">
          At least one deadline is overdue.
        </p>
      ) : null}
      {listing.events.length === 0 ? (
        <p>No {props.showAll ? "" : "open "}reporting event.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Reporting events and their deadlines</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">State</th>
              <th scope="col">Deadlines</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr>
                <td>
                  {e.title}
                  <br />
                  <span class="mono muted">
                    {e.eventId} · {e.kind}
                  </span>
                </td>
                <td>
                  <span class={`badge s-${e.state === "overdue" ? "gap" : e.state === "due" ? "needs-review" : "met"}`}>
                    {e.state}
                  </span>
                </td>
                <td>
                  <ul class="facts">
                    {e.deadlines.map((d) => (
                      <li>
                        {d.stage}: {d.state}
                        {d.dueAt ? `, due ${formatDateTime(d.dueAt)}` : ""}
                        {d.sentAt ? `, sent ${formatDateTime(d.sentAt)}` : ""} ({d.basis})
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        total={listing.events.length}
        limit={TABLE_PAGE}
        offset={props.offset}
        href={(offset) =>
          `/deadlines?${new URLSearchParams({ ...(props.showAll ? { all: "1" } : {}), offset: String(offset) })}`
        }
      />
    </Layout>
  );
}

export function SimulationPage(props: {
  viewer: Viewer;
  drafts: string[];
  today: string;
  issues?: InputIssue[];
  simulation?: SimulationResult;
}) {
  const s = props.simulation;
  return (
    <Layout title="Draft arrangements" viewer={props.viewer} path="/simulations">
      <h1>Simulate a draft recognition arrangement</h1>
      <p class="lead">
        Every stored product is assessed against the CRA with its latest declaration and SBOM, before and after the
        draft. A gap the product's own evidence shows is never closed by a certificate: it is counted as “held by
        evidence”. Nothing is stored.
      </p>
      {props.issues ? <IssueList title="The draft could not be simulated:" issues={props.issues} /> : null}
      <form method="post" action="/simulations" enctype="multipart/form-data" class="card">
        <Csrf token={props.viewer.csrfToken} />
        <div class="grid">
          <div class="field">
            <label for="arrangement-file">Draft arrangement</label>
            <input id="arrangement-file" name="arrangement" type="file" accept=".yaml,.yml,.json" />
            <p class="hint">YAML or JSON, in the format of seeds/arrangements/.</p>
          </div>
          <div class="field">
            <label for="shipped">Or a shipped draft</label>
            <select id="shipped" name="shipped">
              <option value="">None</option>
              {props.drafts.map((d) => (
                <option value={d} selected={props.drafts.length === 1}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="sim-as-of">As of</label>
            <input id="sim-as-of" name="asOf" type="date" value={props.today} />
          </div>
        </div>
        <button type="submit">Simulate</button>
      </form>
      {s ? (
        <>
          <h2>
            {s.arrangement.title} ({s.arrangement.status})
          </h2>
          <ul class="counts">
            <li>
              <b>{s.totals.products}</b> products simulated
            </li>
            <li>
              <b>{s.totals.productsWithQualifyingCertificate}</b> hold a qualifying certificate
            </li>
            <li>
              <b>{s.totals.closed}</b> findings closed
            </li>
            <li>
              <b>{s.totals.narrowed}</b> narrowed
            </li>
            <li>
              <b>{s.totals.heldByEvidence}</b> held by evidence
            </li>
            <li>
              open findings <b>{s.totals.openBefore}</b> → <b>{s.totals.openAfter}</b>
            </li>
          </ul>
          <h3>Per product</h3>
          <table>
            <caption class="visually-hidden">What the draft changes per product</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Certificates</th>
                <th scope="col">Open before → after</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {s.products.map((p) => (
                <tr>
                  <td>
                    <a href={`/products/${p.id}`}>{p.name}</a>
                  </td>
                  <td>
                    {p.certificates.length === 0
                      ? "none"
                      : p.certificates
                          .map(
                            (c) => `${c.scheme}${c.level ? ` ${c.level}` : ""}${c.counts ? "" : " (does not count)"}`,
                          )
                          .join(", ")}
                  </td>
                  <td>
                    {p.openBefore} → {p.openAfter}
                  </td>
                  <td>
                    {p.changes.length === 0 ? (
                      "none"
                    ) : (
                      <ul class="facts">
                        {p.changes.map((ch) => (
                          <li>
                            <span class="mono">{ch.requirement}</span> {ch.before} → {ch.after} ({ch.change})
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.notes.length > 0 ? (
            <ul>
              {s.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

export function AdminOrganizationsPage(props: {
  viewer: Viewer;
  organizations: Paged<OrganizationRecord>;
  canCreate: boolean;
  problem?: string | undefined;
}) {
  const o = props.organizations;
  return (
    <Layout title="Organisations" viewer={props.viewer} path="/admin/organizations">
      <h1>Organisations and keys</h1>
      {props.problem ? (
        <div class="error" role="alert">
          {props.problem}
        </div>
      ) : null}
      {props.canCreate ? (
        <form method="post" action="/admin/organizations" class="card inline">
          <Csrf token={props.viewer.csrfToken} />
          <div class="field">
            <label for="org-name">Organisation name</label>
            <input id="org-name" name="name" type="text" required maxlength={200} />
          </div>
          <button type="submit">Create organisation</button>
        </form>
      ) : (
        <p class="lead">
          You manage the keys of your own organisation. New organisations are made by the platform operator.
        </p>
      )}
      <table>
        <caption class="visually-hidden">Organisations</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {o.items.map((org) => (
            <tr>
              <td>
                <a href={`/admin/organizations/${org.id}`}>{org.name}</a>
              </td>
              <td class="mono">{org.slug}</td>
              <td>{formatDateTime(org.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager total={o.total} limit={o.limit} offset={o.offset} href={(n) => `/admin/organizations?offset=${n}`} />
    </Layout>
  );
}

export function AdminKeysPage(props: {
  viewer: Viewer;
  organization: OrganizationRecord;
  keys: Omit<ApiKeyRecord, "keyHash">[];
  offset: number;
  createdKey?: string;
  problem?: string;
}) {
  const org = props.organization;
  return (
    <Layout title={`Keys of ${org.name}`} viewer={props.viewer} path="/admin/organizations">
      <p>
        <a href="/admin/organizations">← Organisations</a>
      </p>
      <h1>Keys of {org.name}</h1>
      {props.createdKey ? (
        <div class="notice" role="status">
          <p>
            <strong>The new key, shown this once.</strong> Copy it now and hand it over securely; only its hash is
            stored, so it cannot be shown again.
          </p>
          <p class="secret" id="new-key">
            {props.createdKey}
          </p>
        </div>
      ) : null}
      {props.problem ? (
        <div class="error" role="alert">
          {props.problem}
        </div>
      ) : null}
      <form method="post" action={`/admin/organizations/${org.id}/keys`} class="card">
        <h2>New key</h2>
        <Csrf token={props.viewer.csrfToken} />
        <div class="grid">
          <div class="field">
            <label for="key-role">Role</label>
            <select id="key-role" name="role">
              <option value="manufacturer">manufacturer</option>
              <option value="ci">ci (named products only)</option>
              {/* Regulator keys read every organisation: only the platform operator makes them (as in the API). */}
              {props.viewer.role === "operator" ? <option value="regulator">regulator</option> : null}
              <option value="admin">admin</option>
            </select>
          </div>
          <div class="field">
            <label for="key-products">
              Product ids <span class="hint">(ci keys only; comma-separated)</span>
            </label>
            <input id="key-products" name="productIds" type="text" />
          </div>
          <div class="field">
            <label for="key-label">Label</label>
            <input id="key-label" name="label" type="text" maxlength={200} />
          </div>
        </div>
        <button type="submit">Create key</button>
      </form>
      <table>
        <caption class="visually-hidden">Keys</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Role</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {props.keys.slice(props.offset, props.offset + TABLE_PAGE).map((k) => (
            <tr>
              <td class="mono">
                {k.prefix}… <span class="muted">{k.id}</span>
              </td>
              <td>
                {k.role}
                {k.productIds.length > 0 ? ` (${k.productIds.join(", ")})` : ""}
              </td>
              <td>{k.label ?? ""}</td>
              <td>{formatDateTime(k.createdAt)}</td>
              <td>
                {k.revokedAt ? (
                  `revoked ${formatDateTime(k.revokedAt)}`
                ) : (
                  <form method="post" action={`/admin/keys/${k.id}/revoke`}>
                    <Csrf token={props.viewer.csrfToken} />
                    <input type="hidden" name="organization" value={org.id} />
                    <button type="submit" class="danger" aria-label={`Revoke key ${k.prefix}`}>
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        total={props.keys.length}
        limit={TABLE_PAGE}
        offset={props.offset}
        href={(offset) => `/admin/organizations/${org.id}?offset=${offset}`}
      />
    </Layout>
  );
}
