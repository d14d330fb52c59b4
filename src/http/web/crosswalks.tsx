/** @jsxImportSource hono/jsx */
/**
 * Crosswalk pages: every row of a crosswalk with its reviews, and the regulator's form that records a review.
 * Same services and roles as `GET/POST /v1/crosswalks/{id}/reviews`: every role that reads frameworks reads the
 * reviews, only a regulator records one (audited by the service, in the name of the regulator's organisation).
 */
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { RELATIONSHIPS, REVIEW_VERDICTS, type Relationship, type ReviewVerdict } from "../../domain/crosswalk.js";
import type { InputIssue } from "../../domain/input-issue.js";
import { may } from "../../services/access.js";
import { listCrosswalkReviews, recordCrosswalkReview } from "../../services/crosswalk-reviews.js";
import { getCrosswalk, listCrosswalks } from "../../services/frameworks.js";
import { serviceContext } from "../env.js";
import { failurePage, type PageContext } from "./index.js";
import { CrosswalkPage, CrosswalksPage, type ReviewFormValues, rowAnchor } from "./pages/crosswalks.js";
import { errorPage, renderPage, viewerOf } from "./render.js";
import { field, requireCsrf, requireSession, type WebEnv } from "./session.js";

const issue = (path: string, message: string, constraint = "value"): InputIssue => ({
  path,
  constraint,
  message,
  source: "form",
});

async function crosswalkPage(
  c: PageContext,
  extras: { values?: ReviewFormValues; issues?: InputIssue[]; notice?: string } = {},
): Promise<Response> {
  const ctx = serviceContext(c);
  const id = c.req.param("id") ?? "";
  const crosswalk = getCrosswalk({ ctx, input: { id } });
  if (!crosswalk.ok) return failurePage(c, crosswalk.failure);
  const reviews = await listCrosswalkReviews({ ctx, input: { crosswalkId: id } });
  if (!reviews.ok) return failurePage(c, reviews.failure);
  const row = c.req.query("row");
  return renderPage(
    c,
    <CrosswalkPage
      viewer={await viewerOf(c)}
      crosswalk={crosswalk.value}
      reviews={reviews.value}
      canReview={may(ctx.principal, "crosswalk:review")}
      today={ctx.now().toISOString().slice(0, 10)}
      values={extras.values ?? (row ? { row: row.slice(0, 300) } : {})}
      {...(extras.issues ? { issues: extras.issues } : {})}
      {...(extras.notice ? { notice: extras.notice } : {})}
    />,
    extras.issues ? 422 : 200,
  );
}

export function registerCrosswalks(app: Hono<WebEnv>): void {
  const formLimit = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => errorPage(c, 413, "Form too large", "This form is limited to 64 KiB."),
  });

  app.get("/crosswalks", requireSession, async (c) => {
    const listed = listCrosswalks({ ctx: serviceContext(c) });
    if (!listed.ok) return failurePage(c, listed.failure);
    return renderPage(c, <CrosswalksPage viewer={await viewerOf(c)} crosswalks={listed.value} />);
  });

  app.get("/crosswalks/:id", requireSession, (c) =>
    crosswalkPage(c, c.req.query("done") === "review" ? { notice: "The review was recorded." } : {}),
  );

  app.post("/crosswalks/:id/reviews", requireSession, formLimit, requireCsrf, async (c) => {
    // The role first, as the API's route check does: a role that may never review learns that, not a form error.
    const principal = c.get("principal");
    if (!may(principal, "crosswalk:review")) {
      return failurePage(c, { kind: "forbidden", action: "crosswalk:review", role: principal.role });
    }
    const form = c.get("form");
    const values: ReviewFormValues = {
      row: field(form, "row"),
      reviewer: field(form, "reviewer").trim(),
      verdict: field(form, "verdict"),
      relationship: field(form, "relationship"),
      comment: field(form, "comment").trim(),
      date: field(form, "date").trim(),
    };
    // What the API's body schema checks before the service: known verdict and relationship, lengths.
    const issues: InputIssue[] = [];
    const [source = "", target = ""] = (values.row ?? "").split("|");
    if (!source || !target) issues.push(issue("/source", "Choose the row you reviewed.", "required"));
    if (!(REVIEW_VERDICTS as readonly string[]).includes(values.verdict ?? "")) {
      issues.push(issue("/verdict", `Choose one of ${REVIEW_VERDICTS.join(", ")}.`, "enum"));
    }
    if (values.relationship && !(RELATIONSHIPS as readonly string[]).includes(values.relationship)) {
      issues.push(issue("/relationship", `Choose one of ${RELATIONSHIPS.join(", ")}.`, "enum"));
    }
    if ((values.reviewer ?? "").length > 200) issues.push(issue("/reviewer", "At most 200 characters.", "length"));
    if ((values.comment ?? "").length > 4000) issues.push(issue("/comment", "At most 4000 characters.", "length"));
    if (issues.length > 0) return crosswalkPage(c, { values, issues });
    const crosswalkId = c.req.param("id");
    const recorded = await recordCrosswalkReview({
      ctx: serviceContext(c),
      input: {
        crosswalkId,
        source,
        target,
        reviewer: values.reviewer ?? "",
        verdict: values.verdict as ReviewVerdict,
        ...(values.relationship ? { relationship: values.relationship as Relationship } : {}),
        ...(values.comment ? { comment: values.comment } : {}),
        ...(values.date ? { date: values.date } : {}),
      },
    });
    if (!recorded.ok) {
      if (recorded.failure.kind !== "invalid-input") return failurePage(c, recorded.failure);
      return crosswalkPage(c, { values, issues: recorded.failure.issues });
    }
    // Back to the row, where the new review now shows.
    return c.redirect(`/crosswalks/${encodeURIComponent(crosswalkId)}?done=review#${rowAnchor(source, target)}`, 303);
  });
}
