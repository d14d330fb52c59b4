/**
 * docs/ci.md must stay working: its YAML examples parse, and every `cra-assessor assess` command in it uses only
 * options the CLI has, with values the CLI accepts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CliIo } from "../../src/cli/io.js";
import { buildProgram } from "../../src/cli/main.js";

const doc = readFileSync(fileURLToPath(new URL("../../docs/ci.md", import.meta.url)), "utf8");
const io: CliIo = { out: () => {}, err: () => {}, isTTY: false, cwd: process.cwd(), env: {} };
const assess = buildProgram(io).commands.find((c) => c.name() === "assess")!;
const known = new Map(assess.options.map((o) => [o.long!, o]));

const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Commands, with shell line continuations joined.
const commands = [...doc.replace(/\\\n\s*/g, " ").matchAll(/cra-assessor(?:\.js)? assess ([^\n`]*)/g)].map(
  (m) => m[1]!,
);

describe("docs/ci.md", () => {
  it("has GitHub Actions and GitLab CI examples that parse as YAML", () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(3);
    const parsed = yamlBlocks.map((block) => parse(block) as Record<string, unknown>);
    expect(parsed.some((p) => "jobs" in p && "on" in p)).toBe(true); // GitHub Actions
    expect(parsed.some((p) => "stages" in p && "cra-assessment" in p)).toBe(true); // GitLab CI
  });

  it("uses only options and values the assess command accepts", () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const command of commands) {
      const tokens = command.trim().split(/\s+/);
      tokens.forEach((token, i) => {
        if (!token.startsWith("--")) return;
        const option = known.get(token);
        expect(option, `${token} in: ${command}`).toBeDefined();
        const choices = option?.argChoices;
        if (choices) expect(choices, `${token} ${tokens[i + 1]}`).toContain(tokens[i + 1]);
      });
      expect(command, command).toMatch(/--declaration /);
    }
  });
});
