/** @jsxImportSource hono/jsx */
/**
 * Crosswalks and their reviews: each row of a crosswalk with the reviews it has (those shipped in the crosswalk
 * file and those regulators recorded), and for regulators the form that records one (IR 8477 §3 step 3: a second
 * person checks each relationship).
 */
import type { Crosswalk, MappingReview } from "../../../domain/crosswalk.js";
import { RELATIONSHIPS, REVIEW_VERDICTS } from "../../../domain/crosswalk.js";
import type { InputIssue } from "../../../domain/input-issue.js";
import type { ListedReview } from "../../../services/crosswalk-reviews.js";
import { Csrf, IssueList, Layout, type Viewer } from "../render.js";

export interface CrosswalkSummary {
  id: string;
  title: string;
  sourceFramework: string;
  targetFramework: string;
  mappings: number;
  uncovered: number;
}

/** The key of a crosswalk row in forms and maps. Requirement ids hold no `|`. */
export function rowKey(source: string, target: string): string {
  return `${source}|${target}`;
}

/** The anchor of a row on its crosswalk's page. */
export function rowAnchor(source: string, target: string): string {
  return `m-${source}--${target}`.replace(/[^A-Za-z0-9_.:-]/g, "_");
}

const VERDICT_WORDS: Record<(typeof REVIEW_VERDICTS)[number], string> = {
  agree: "agree: the relationship is right",
  disagree: "disagree: the row should not hold as written",
  changed: "changed: another relationship is right",
};

const METHOD_WORDS: Record<Crosswalk["provenance"]["method"], string> = {
  human: "by a person's judgement",
  automation: "by automation",
  hybrid: "by automation checked by a person",
};

const VERDICT_BADGE: Record<string, string> = { agree: "s-met", disagree: "s-gap", changed: "s-needs-review" };

export function ReviewList(props: { reviews: readonly (MappingReview & { origin?: string })[] }) {
  if (props.reviews.length === 0) return <span class="muted">No review yet.</span>;
  return (
    <ul class="facts">
      {props.reviews.map((r) => (
        <li>
          <span class={`badge ${VERDICT_BADGE[r.verdict] ?? ""}`}>{r.verdict}</span>
          {r.relationship ? ` to ${r.relationship}` : ""} — {r.reviewer}, {r.organisation}, {r.date}
          {r.origin === "crosswalk-file" ? <span class="muted"> (in the crosswalk file)</span> : null}
          {r.comment ? <>: “{r.comment}”</> : null}
        </li>
      ))}
    </ul>
  );
}

export function CrosswalksPage(props: { viewer: Viewer; crosswalks: CrosswalkSummary[] }) {
  return (
    <Layout title="Crosswalks" viewer={props.viewer} path="/crosswalks">
      <h1>Crosswalks</h1>
      <p class="lead">
        How each partner framework's requirements map onto another framework's (NIST IR 8477 set relations), with the
        reviews of each row. A recognition trace in an assessment counts as reviewed when its row's latest review
        agrees.
      </p>
      <table>
        <caption class="visually-hidden">Crosswalks</caption>
        <thead>
          <tr>
            <th scope="col">Crosswalk</th>
            <th scope="col">From → to</th>
            <th scope="col" class="num">
              Rows
            </th>
            <th scope="col" class="num">
              Targets not reached
            </th>
          </tr>
        </thead>
        <tbody>
          {props.crosswalks.map((x) => (
            <tr>
              <td>
                <a href={`/crosswalks/${encodeURIComponent(x.id)}`}>{x.title}</a>
              </td>
              <td class="mono">
                {x.sourceFramework} → {x.targetFramework}
              </td>
              <td class="num">{x.mappings}</td>
              <td class="num">{x.uncovered}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export interface ReviewFormValues {
  row?: string;
  reviewer?: string;
  verdict?: string;
  relationship?: string;
  comment?: string;
  date?: string;
}

/** Form fields by the JSON pointer the service words its issues with. */
export const REVIEW_FIELDS: Record<string, { id: string; label: string }> = {
  "/source": { id: "review-row", label: "Row" },
  "/target": { id: "review-row", label: "Row" },
  "/reviewer": { id: "review-reviewer", label: "Reviewer" },
  "/verdict": { id: "review-verdict", label: "Verdict" },
  "/relationship": { id: "review-relationship", label: "Relationship held right" },
  "/comment": { id: "review-comment", label: "Comment" },
  "/date": { id: "review-date", label: "Review date" },
};

export function CrosswalkPage(props: {
  viewer: Viewer;
  crosswalk: Crosswalk;
  reviews: ListedReview[];
  canReview: boolean;
  today: string;
  values: ReviewFormValues;
  issues?: InputIssue[];
  notice?: string;
}) {
  const x = props.crosswalk;
  const issues = props.issues ?? [];
  const at = (id: string) => issues.filter((i) => REVIEW_FIELDS[i.path ?? ""]?.id === id);
  const byRow = new Map<string, ListedReview[]>();
  for (const r of props.reviews) {
    const key = rowKey(r.source, r.target);
    byRow.set(key, [...(byRow.get(key) ?? []), r]);
  }
  const reviewed = x.mappings.filter((m) => (byRow.get(rowKey(m.source, m.target)) ?? []).length > 0).length;
  const base = `/crosswalks/${encodeURIComponent(x.id)}`;
  const fieldError = (id: string) =>
    at(id).length > 0 ? (
      <p class="error" id={`${id}-err`}>
        {at(id)
          .map((i) => i.message)
          .join(" ")}
      </p>
    ) : null;
  const describedBy = (id: string) => (at(id).length > 0 ? `${id}-err` : undefined);
  return (
    <Layout title={x.title} viewer={props.viewer} path="/crosswalks">
      <p>
        <a href="/crosswalks">← Crosswalks</a>
      </p>
      <h1>{x.title}</h1>
      <p class="lead">
        <span class="mono">{x.sourceFramework}</span> → <span class="mono">{x.targetFramework}</span>.{" "}
        {x.useCase.replace(/\.+$/, "")}. Made by {x.provenance.author}, {METHOD_WORDS[x.provenance.method]};{" "}
        {x.provenance.reviewed
          ? "its provenance says a second person reviewed it."
          : "its provenance does not say a second person reviewed it: treat unreviewed rows as candidates."}{" "}
        {reviewed} of {x.mappings.length} rows have at least one review.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.canReview ? (
        <form method="post" action={`${base}/reviews`} class="card" id="review" aria-labelledby="review-title">
          <h2 id="review-title">Record a review</h2>
          <p class="hint">
            Recorded in the name of {props.viewer.organizationName} and written to the audit trail. “Changed” names the
            relationship you hold right.
          </p>
          {issues.length > 0 ? (
            <IssueList
              title="The review was not recorded:"
              issues={issues.map(({ source: _source, ...i }) => ({
                ...i,
                path: REVIEW_FIELDS[i.path ?? ""]?.label ?? i.path,
              }))}
            />
          ) : null}
          <Csrf token={props.viewer.csrfToken} />
          <div class="field">
            <label for="review-row">Row</label>
            <select
              id="review-row"
              name="row"
              aria-describedby={describedBy("review-row")}
              aria-invalid={at("review-row").length > 0 ? "true" : undefined}
            >
              {x.mappings.map((m) => (
                <option value={rowKey(m.source, m.target)} selected={rowKey(m.source, m.target) === props.values.row}>
                  {m.source} → {m.target} ({m.relationship})
                </option>
              ))}
            </select>
            {fieldError("review-row")}
          </div>
          <div class="grid">
            <div class="field">
              <label for="review-reviewer">Reviewer</label>
              <input
                id="review-reviewer"
                name="reviewer"
                type="text"
                maxlength={200}
                value={props.values.reviewer ?? ""}
                aria-describedby={describedBy("review-reviewer")}
                aria-invalid={at("review-reviewer").length > 0 ? "true" : undefined}
              />
              {fieldError("review-reviewer")}
            </div>
            <div class="field">
              <label for="review-verdict">Verdict</label>
              <select id="review-verdict" name="verdict" aria-describedby={describedBy("review-verdict")}>
                {REVIEW_VERDICTS.map((v) => (
                  <option value={v} selected={v === (props.values.verdict ?? "agree")}>
                    {VERDICT_WORDS[v]}
                  </option>
                ))}
              </select>
              {fieldError("review-verdict")}
            </div>
            <div class="field">
              <label for="review-relationship">Relationship held right</label>
              <select
                id="review-relationship"
                name="relationship"
                aria-describedby={describedBy("review-relationship") ?? "review-relationship-hint"}
                aria-invalid={at("review-relationship").length > 0 ? "true" : undefined}
              >
                <option value="">None (agree or disagree)</option>
                {RELATIONSHIPS.map((r) => (
                  <option value={r} selected={r === props.values.relationship}>
                    {r}
                  </option>
                ))}
              </select>
              <p class="hint" id="review-relationship-hint">
                Only with the verdict “changed”.
              </p>
              {fieldError("review-relationship")}
            </div>
            <div class="field">
              <label for="review-date">Review date</label>
              <input
                id="review-date"
                name="date"
                type="date"
                value={props.values.date ?? props.today}
                aria-describedby={describedBy("review-date")}
                aria-invalid={at("review-date").length > 0 ? "true" : undefined}
              />
              {fieldError("review-date")}
            </div>
          </div>
          <div class="field">
            <label for="review-comment">Comment</label>
            <textarea
              id="review-comment"
              name="comment"
              rows={3}
              maxlength={4000}
              aria-describedby={describedBy("review-comment")}
            >
              {props.values.comment ?? ""}
            </textarea>
            {fieldError("review-comment")}
          </div>
          <button type="submit">Record review</button>
        </form>
      ) : null}
      <h2>Rows and their reviews</h2>
      <table>
        <caption class="visually-hidden">Rows of the crosswalk and their reviews</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Relationship</th>
            <th scope="col">Residual and note</th>
            <th scope="col">Reviews</th>
          </tr>
        </thead>
        <tbody>
          {x.mappings.map((m) => (
            <tr id={rowAnchor(m.source, m.target)}>
              <td class="nowrap">
                <span class="mono">{m.source}</span>
                <br />→ <span class="mono">{m.target}</span>
              </td>
              <td>
                {m.relationship}
                <br />
                <span class="muted">
                  {m.rationale}, confidence {m.confidence}
                </span>
              </td>
              <td>
                {m.residual ? `Residual: ${m.residual}` : "—"}
                {m.note ? (
                  <>
                    <br />
                    {m.note}
                  </>
                ) : null}
              </td>
              <td>
                <ReviewList reviews={byRow.get(rowKey(m.source, m.target)) ?? []} />
                {props.canReview ? <br /> : null}
                {props.canReview ? (
                  <a href={`${base}?${new URLSearchParams({ row: rowKey(m.source, m.target) }).toString()}#review`}>
                    Review this row
                    <span class="visually-hidden">
                      : {m.source} → {m.target}
                    </span>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
