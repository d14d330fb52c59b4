/**
 * `frameworks review` / `frameworks reviews` and the crosswalk export with recorded reviews, on a real database
 * file. Expected output written from the command's contract (its --help and docs/mutual-recognition.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(args, { cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-review-"));
  db = join(dir, "review.db");
  expect((await run("keys", "create", "--org", "authority", "--role", "regulator", "--db", db)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const review = (...extra: string[]) =>
  run(
    "frameworks",
    "review",
    "uk-psti--cra",
    "--source",
    "UKPSTI-S1-1.2",
    "--target",
    "CRA-AI-P1-2b",
    "--reviewer",
    "A. Analyst",
    "--org",
    "authority",
    "--db",
    db,
    ...extra,
  );

describe("frameworks review", () => {
  it("records a review in the organisation's name and exits 0; the audit chain holds", async () => {
    const result = await review("--verdict", "agree", "--date", "2026-11-30", "--comment", "Checked against §2.1");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      crosswalkId: "uk-psti--cra",
      verdict: "agree",
      organisation: "authority",
      date: "2026-11-30",
      comment: "Checked against §2.1",
    });
    const verified = await run("audit", "verify", "--db", db);
    expect(verified.code).toBe(0);
  });

  it("lists it with the shipped reviews, and the CSV and OSCAL exports carry it", async () => {
    const listed = await run("frameworks", "reviews", "uk-psti--cra", "--db", db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      "UKPSTI-S1-1.2 → CRA-AI-P1-2b  2026-11-30 agree by A. Analyst (authority): Checked against §2.1  [recorded]",
    );
    expect(listed.stdout).toContain("UKPSTI-S4-d → CRA-A13-12");
    const csv = await run("frameworks", "export", "uk-psti--cra", "--format", "csv", "--db", db);
    const row = csv.stdout.split("\r\n").find((line) => line.includes("UKPSTI-S1-1.2,subset-of,cra,CRA-AI-P1-2b"));
    // The row now has an agreeing review, so it counts as reviewed although the crosswalk as a whole is not.
    expect(row).toMatch(/,true,,2026-11-30 agree by A\. Analyst \(authority\): Checked against §2\.1$/);
    const oscal = await run("frameworks", "export", "uk-psti--cra", "--db", db);
    const maps = (
      JSON.parse(oscal.stdout) as {
        "mapping-collection": {
          mappings: {
            maps: {
              sources: { "id-ref": string }[];
              targets: { "id-ref": string }[];
              props?: { name: string; value: string }[];
            }[];
          }[];
        };
      }
    )["mapping-collection"].mappings[0]!.maps;
    const map = maps.find(
      (m) => m.sources[0]!["id-ref"] === "UKPSTI-S1-1.2" && m.targets[0]!["id-ref"] === "CRA-AI-P1-2b",
    );
    expect(map?.props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "reviewed", value: "true" }),
        expect.objectContaining({
          name: "review",
          value: "2026-11-30 agree by A. Analyst (authority): Checked against §2.1",
        }),
      ]),
    );
    // Without --db only the file's reviews are exported: this row has none.
    const plain = await run("frameworks", "export", "uk-psti--cra", "--format", "csv");
    expect(plain.stdout.split("\r\n").find((l) => l.includes("UKPSTI-S1-1.2,subset-of,cra,CRA-AI-P1-2b"))).toMatch(
      /,false,,$/,
    );
  });

  it("refuses what it cannot record with exit code 2", async () => {
    const changedWithout = await review("--verdict", "changed");
    expect(changedWithout.code).toBe(2);
    expect(changedWithout.stderr).toContain("names the relationship");
    expect((await review("--verdict", "maybe")).code).toBe(2);
    const noRow = await run(
      "frameworks",
      "review",
      "uk-psti--cra",
      "--source",
      "UKPSTI-S1-1.2",
      "--target",
      "CRA-AI-P1-2a",
      "--verdict",
      "agree",
      "--reviewer",
      "A",
      "--org",
      "authority",
      "--db",
      db,
    );
    expect(noRow.code).toBe(2);
    expect(noRow.stderr).toContain("has no row UKPSTI-S1-1.2 → CRA-AI-P1-2a");
    const unknownOrg = await run(
      "frameworks",
      "review",
      "uk-psti--cra",
      "--source",
      "UKPSTI-S1-1.2",
      "--target",
      "CRA-AI-P1-2b",
      "--verdict",
      "agree",
      "--reviewer",
      "A",
      "--org",
      "nobody",
      "--db",
      db,
    );
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toContain('Unknown organisation "nobody"');
  });

  it("answers --help", async () => {
    const help = await run("frameworks", "review", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--verdict <verdict>");
    expect(help.stdout).toContain("--db <file>");
  });
});
