/** Small helpers for reading untyped JSON with located issues (RFC 6901 pointers). */
import type { InputIssue } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";

export function pointer(base: string, ...segments: (string | number)[]): string {
  return jsonPointer(segments, base);
}

export function issue(source: string, path: string, constraint: string, message: string): InputIssue {
  return { source, path, constraint, message };
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The strings of an array (other members skipped); undefined when the value is present but not an array. */
export function stringArray(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}
