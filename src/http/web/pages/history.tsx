/** @jsxImportSource hono/jsx */
import type { DeclarationRecord, ProductRecord } from "../../../db/port.js";
import type { Finding, FindingStatus } from "../../../domain/report.js";
import type { DiffLine } from "../line-diff.js";
import { formatDateTime, Layout, StatusBadge, type Viewer } from "../render.js";

export function DeclarationPage(props: { viewer: Viewer; product: ProductRecord; declaration: DeclarationRecord }) {
  const { product, declaration } = props;
  const base = `/products/${product.id}`;
  return (
    <Layout title={`Declaration ${declaration.version} of ${product.name}`} viewer={props.viewer} path="/products">
      <p>
        <a href={base}>← {product.name}</a>
      </p>
      <h1>
        Declaration version {declaration.version} of {product.name}
      </h1>
      <p class="lead">
        Submitted {formatDateTime(declaration.createdAt)} · {declaration.mediaType} · SHA-256{" "}
        <span class="mono">{declaration.sha256.slice(0, 16)}…</span>
      </p>
      <p>
        <a class="button secondary" href={`${base}/declarations/${declaration.version}?download=1`}>
          Download as submitted
        </a>
      </p>
      <pre tabindex={0}>{declaration.content}</pre>
    </Layout>
  );
}

export function DeclarationDiffPage(props: {
  viewer: Viewer;
  product: ProductRecord;
  from: DeclarationRecord;
  to: DeclarationRecord;
  lines: DiffLine[];
}) {
  const { product, from, to, lines } = props;
  const added = lines.filter((l) => l.kind === "add").length;
  const removed = lines.filter((l) => l.kind === "del").length;
  return (
    <Layout title={`Declaration ${from.version} → ${to.version}`} viewer={props.viewer} path="/products">
      <p>
        <a href={`/products/${product.id}`}>← {product.name}</a>
      </p>
      <h1>
        Declaration version {from.version} → version {to.version}
      </h1>
      <p class="lead">
        {added} line(s) added, {removed} line(s) removed. Added lines are marked “+”, removed lines “−”.
      </p>
      <section class="diff" aria-label="Differences" tabindex={0}>
        {lines.map((l) => (
          <div class={l.kind}>
            {l.kind === "add" ? "+ " : l.kind === "del" ? "− " : "  "}
            {l.text}
          </div>
        ))}
      </section>
    </Layout>
  );
}

export interface FindingChange {
  requirement: string;
  title: string;
  before?: FindingStatus;
  after?: FindingStatus;
  severity: string;
}

export function compareFindings(
  before: readonly Finding[],
  after: readonly Finding[],
): {
  opened: FindingChange[];
  closed: FindingChange[];
  changed: FindingChange[];
} {
  const old = new Map(before.map((f) => [f.requirement, f]));
  const now = new Map(after.map((f) => [f.requirement, f]));
  const opened: FindingChange[] = [];
  const closed: FindingChange[] = [];
  const changed: FindingChange[] = [];
  for (const [id, f] of now) {
    const prev = old.get(id);
    const change = { requirement: id, title: f.title, after: f.status, severity: f.severity };
    if (f.status === "gap" && prev?.status !== "gap")
      opened.push({ ...change, ...(prev ? { before: prev.status } : {}) });
    else if (prev && prev.status !== f.status && prev.status !== "gap")
      changed.push({ ...change, before: prev.status });
  }
  for (const [id, f] of old) {
    const next = now.get(id);
    if (f.status === "gap" && next?.status !== "gap") {
      closed.push({
        requirement: id,
        title: f.title,
        before: f.status,
        severity: f.severity,
        ...(next ? { after: next.status } : {}),
      });
    }
  }
  const byId = (a: FindingChange, b: FindingChange) => a.requirement.localeCompare(b.requirement);
  return { opened: opened.sort(byId), closed: closed.sort(byId), changed: changed.sort(byId) };
}

function ChangeTable(props: { caption: string; rows: FindingChange[] }) {
  if (props.rows.length === 0) return <p>None.</p>;
  return (
    <table>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Requirement</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">Severity</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              <span class="mono">{r.requirement}</span> {r.title}
            </td>
            <td>{r.before ? <StatusBadge status={r.before} /> : "—"}</td>
            <td>{r.after ? <StatusBadge status={r.after} /> : "—"}</td>
            <td>{r.severity}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AssessmentComparePage(props: {
  viewer: Viewer;
  productId: string;
  productName: string;
  framework: string;
  before: { id: string; createdAt: string; asOf: string };
  after: { id: string; createdAt: string; asOf: string };
  diff: ReturnType<typeof compareFindings>;
}) {
  const { diff } = props;
  return (
    <Layout title="Compare assessments" viewer={props.viewer} path="/products">
      <p>
        <a href={`/products/${props.productId}`}>← {props.productName}</a>
      </p>
      <h1>What changed between two assessments</h1>
      <p class="lead">
        {props.framework}: <a href={`/assessments/${props.before.id}`}>{formatDateTime(props.before.createdAt)}</a> (as
        of {props.before.asOf}) → <a href={`/assessments/${props.after.id}`}>{formatDateTime(props.after.createdAt)}</a>{" "}
        (as of {props.after.asOf}).
      </p>
      <ul class="counts">
        <li>
          <b>{diff.opened.length}</b> new gap(s)
        </li>
        <li>
          <b>{diff.closed.length}</b> closed gap(s)
        </li>
        <li>
          <b>{diff.changed.length}</b> other change(s)
        </li>
      </ul>
      <h2>New gaps</h2>
      <ChangeTable caption="New gaps" rows={diff.opened} />
      <h2>Closed gaps</h2>
      <ChangeTable caption="Closed gaps" rows={diff.closed} />
      <h2>Other status changes</h2>
      <ChangeTable caption="Other status changes" rows={diff.changed} />
    </Layout>
  );
}
