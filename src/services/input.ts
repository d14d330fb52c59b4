/** Reading request inputs with zod into located `InputIssue`s (style.md convention 4). */
import type { z } from "zod";
import { capIssues, type InputIssue } from "../domain/input-issue.js";

/** RFC 6901 pointer from a zod issue path. */
export function pointer(path: readonly PropertyKey[]): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function zodIssues(error: z.ZodError, source?: string): { issues: InputIssue[]; omitted: number } {
  return capIssues(
    error.issues.map((issue) => ({
      path: pointer(issue.path),
      constraint: issue.code,
      message: issue.message,
      ...(source ? { source } : {}),
    })),
  );
}

export type Read<T> = { ok: true; value: T } | { ok: false; issues: InputIssue[]; omitted: number };

export function readWith<S extends z.ZodType>(schema: S, value: unknown, source?: string): Read<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, ...zodIssues(parsed.error, source) };
}
