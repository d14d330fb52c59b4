/** Reading request inputs with zod into located `InputIssue`s. */
import type { z } from "zod";
import { capIssues, type InputIssue, type Parsed } from "../domain/input-issue.js";
import { controlCharacterMessage, type TextKind } from "../domain/plain-text.js";
import { zodIssuesToInputIssues } from "../input/structured-input.js";
import { jsonPointer } from "../json/pointer.js";

export function zodIssues(error: z.ZodError, source?: string): { issues: InputIssue[]; omitted: number } {
  return capIssues(
    error.issues.map((issue) => ({
      path: jsonPointer(issue.path),
      // A refinement names its own constraint (e.g. `control-character`) in its params.
      constraint:
        issue.code === "custom" && typeof issue.params?.constraint === "string" ? issue.params.constraint : issue.code,
      message: issue.message,
      ...(source ? { source } : {}),
    })),
  );
}

/**
 * Reads a value with a schema; issues are located and worded as declarations' are (an unknown member gets the
 * nearest known name: "did you mean").
 */
export function readWith<S extends z.ZodType>(schema: S, value: unknown, source?: string): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    ...capIssues(zodIssuesToInputIssues(schema, parsed.error.issues, source === undefined ? {} : { source })),
  };
}

/** A zod string refined to plain text of its kind (see domain/plain-text.ts): a located `control-character` issue. */
export function plainText<S extends z.ZodString>(schema: S, kind: TextKind): S {
  return schema.superRefine((value, ctx) => {
    const message = controlCharacterMessage(value, kind);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, params: { constraint: "control-character" } });
  });
}
