/**
 * A VEX analysis as a person or a pipeline submits it (HTTP body, CLI flags): the product version, the
 * vulnerability, the component, and the CycloneDX impact analysis. Unknown fields and values are refused with
 * their location; a statement the VEX minimum requirements find incomplete is refused too (src/domain/vex.ts).
 */
import { z } from "zod";
import type { Parsed } from "../domain/input-issue.js";
import { IMPACT_JUSTIFICATIONS, IMPACT_RESPONSES, IMPACT_STATES, vexStatementProblems } from "../domain/vex.js";
import { validateStructured } from "./structured-input.js";

const line = (what: string, max: number) =>
  z
    .string()
    .min(1, { error: `Expected ${what}.` })
    .max(max, { error: `At most ${max} characters.` })
    // Control characters in an identifier are never meant and would break the formats written out.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    .regex(/^[^\u0000-\u001f\u007f]+$/, { error: "Control characters are not allowed." });

export const vexStatementInputSchema = z.strictObject({
  productVersion: line("the product version the analysis holds for", 100),
  vulnerability: line("a vulnerability id such as CVE-2021-23337 or GHSA-…", 100),
  component: line("the component: its purl (pkg:…) or name", 1000),
  state: z.enum(IMPACT_STATES),
  justification: z.enum(IMPACT_JUSTIFICATIONS).optional(),
  responses: z.array(z.enum(IMPACT_RESPONSES)).max(5).optional(),
  detail: z.string().max(4000).optional(),
});
export type VexStatementInput = z.output<typeof vexStatementInputSchema>;

export function parseVexStatementInput(value: unknown, source = "vex"): Parsed<VexStatementInput> {
  const parsed = validateStructured(vexStatementInputSchema, value, { source });
  if (!parsed.ok) return parsed;
  const problems = vexStatementProblems({ ...parsed.value, responses: parsed.value.responses ?? [] });
  if (problems.length > 0) {
    return {
      ok: false,
      issues: problems.map((message) => ({ path: "/state", constraint: "vex-minimum", message, source })),
    };
  }
  return parsed;
}
