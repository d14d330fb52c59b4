import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateCsaf } from "../../src/advisories/csaf.js";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

function recordingIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    isTTY: false,
    cwd,
    env: {},
  };
  return io;
}

let dir: string;
let db: string;

async function run(args: string[]) {
  const io = recordingIo(dir);
  const code = await main([...args, "--db", db], io);
  return { code, out: io.stdout, err: io.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cra-events-cli-"));
  db = join(dir, "events.db");
});

describe("cra-assessor events", () => {
  let vulnerabilityId: string;

  it("adds an event from flags and from a YAML file, creating the organisations", async () => {
    const added = await run([
      "events",
      "add",
      "--org",
      "acme",
      "--kind",
      "actively-exploited-vulnerability",
      "--title",
      "RCE in web UI",
      "--product",
      "Acme Home Hub",
      "--product-version",
      "2.3.0",
      "--aware-at",
      "2026-10-01T08:00:00Z",
      "--manufacturer",
      "Acme Devices GmbH",
      "--main-establishment",
      "DE",
      "--enterprise-size",
      "small",
      "--vulnerability",
      "CVE-2026-12345",
    ]);
    expect(added.code).toBe(0);
    vulnerabilityId = added.out.trim();
    expect(vulnerabilityId).toMatch(/^evt_/);

    const file = join(dir, "incident.yaml");
    await writeFile(
      file,
      [
        "id: inc-1",
        "kind: severe-incident",
        "title: Signing key exposure",
        "product: { name: Beta Router, identifiers: ['pkg:generic/beta/router@1.0'] }",
        "awareAt: 2026-10-10T00:00:00+02:00",
        "manufacturer: { name: Beta Networks, importer: FR }",
        "reports:",
        "  - { stage: early-warning, sentAt: 2026-10-10T06:00:00Z }",
      ].join("\n"),
    );
    expect((await run(["events", "add", "--org", "beta", "--file", file])).out.trim()).toBe("inc-1");
  });

  it("rejects an invalid event with located issues and exit 2", async () => {
    const bad = await run([
      "events",
      "add",
      "--org",
      "acme",
      "--kind",
      "earthquake",
      "--title",
      "x",
      "--product",
      "p",
      "--aware-at",
      "yesterday",
      "--manufacturer",
      "m",
      "--main-establishment",
      "US",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("/kind");
    expect(bad.err).toContain("/awareAt");
    expect(bad.err).toContain("/manufacturer/mainEstablishment");
  });

  it("`events due` exits 0 while deadlines are open and 1 once one is overdue", async () => {
    const early = await run(["events", "due", "--org", "acme", "--as-of", "2026-10-01T12:00:00Z"]);
    expect(early.code).toBe(0);
    expect(early.out).toContain("DUE");
    expect(early.out).toContain("64(10)(a)");
    expect(early.out).toContain("coordinator CSIRT: DE");
    const late = await run(["events", "due", "--org", "acme", "--as-of", "2026-10-02T08:00:01Z"]);
    expect(late.code).toBe(1);
    expect(late.out).toContain("OVERDUE");
  });

  it("records reports and the measure, and the clock follows", async () => {
    expect(
      (await run(["events", "report", vulnerabilityId, "--stage", "notification", "--sent-at", "2026-10-01T18:00:00Z"]))
        .code,
    ).toBe(0);
    expect((await run(["events", "report", vulnerabilityId, "--measure-at", "2026-10-05T10:00:00Z"])).code).toBe(0);
    const listing = await run([
      "events",
      "list",
      "--org",
      "acme",
      "--as-of",
      "2026-10-06T00:00:00Z",
      "--format",
      "json",
    ]);
    const [status] = JSON.parse(listing.out).events;
    expect(status.deadlines.map((d: { state: string }) => d.state)).toEqual(["done", "done", "due"]);
    expect(status.deadlines[2].dueAt).toBe("2026-10-19T10:00:00.000Z");
    const after = await run(["events", "due", "--org", "acme", "--as-of", "2026-10-20T00:00:00Z"]);
    expect(after.code).toBe(1);
  });

  it("without --org lists every organisation (the regulator's view)", async () => {
    const all = await run(["events", "list", "--as-of", "2026-10-11T00:00:00Z", "--format", "json"]);
    const ids = JSON.parse(all.out).events.map((e: { eventId: string }) => e.eventId);
    expect(ids).toEqual([vulnerabilityId, "inc-1"]);
    const beta = JSON.parse(all.out).events[1];
    expect(beta.coordinator).toMatchObject({ memberState: "FR", basis: "importer" });
  });

  it("drafts a notification and a valid CSAF user advisory", async () => {
    const note = await run(["events", "draft", vulnerabilityId, "--stage", "notification"]);
    expect(JSON.parse(note.out)).toMatchObject({ stage: "notification", channel: { coordinatorCsirt: "DE" } });
    const csaf = await run(["events", "draft", vulnerabilityId, "--stage", "user-advisory"]);
    expect(validateCsaf(JSON.parse(csaf.out))).toEqual([]);
    expect((await run(["events", "draft", "no-such-event", "--stage", "notification"])).code).toBe(2);
  });

  it("refuses an unknown organisation for listings", async () => {
    const r = await run(["events", "due", "--org", "nobody"]);
    expect(r.code).toBe(2);
  });
});
