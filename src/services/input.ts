/** Reading request inputs with zod into located `InputIssue`s. */
import type { z } from "zod";
import { capIssues, type InputIssue, type Parsed } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";

export function zodIssues(error: z.ZodError, source?: string): { issues: InputIssue[]; omitted: number } {
  return capIssues(
    error.issues.map((issue) => ({
      path: jsonPointer(issue.path),
      constraint: issue.code,
      message: issue.message,
      ...(source ? { source } : {}),
    })),
  );
}

export function readWith<S extends z.ZodType>(schema: S, value: unknown, source?: string): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, ...zodIssues(parsed.error, source) };
}
