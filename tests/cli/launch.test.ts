import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { buildRootHelpProgram, COMMAND_GROUPS, launch, startupPlan } from "../../src/cli/launch.js";
import { buildProgram, main } from "../../src/cli/main.js";

function recordingIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
      isTTY: false,
      cwd: process.cwd(),
      env: {},
    },
    out: () => out,
    err: () => err,
  };
}

async function both(argv: string[]) {
  const viaLaunch = recordingIo();
  const viaMain = recordingIo();
  const launched = await launch(argv, viaLaunch.io);
  const full = await main(argv, viaMain.io);
  return {
    launched: { code: launched, out: viaLaunch.out(), err: viaLaunch.err() },
    full: { code: full, out: viaMain.out(), err: viaMain.err() },
  };
}

describe("CLI launcher (lazy command groups)", () => {
  it("knows every group of the full tree, in the same order", () => {
    const names = buildProgram(recordingIo().io).commands.map((command) => command.name());
    expect(COMMAND_GROUPS.map((group) => group.name)).toEqual(names);
  });

  it("prints the same top-level help as the full tree without loading a group", () => {
    const io = recordingIo().io;
    expect(buildRootHelpProgram(io).helpInformation()).toBe(buildProgram(io).helpInformation());
  });

  it("plans the cheapest start that still behaves like the full tree", () => {
    expect(startupPlan([])).toEqual({ kind: "root" });
    expect(startupPlan(["--help"])).toEqual({ kind: "root" });
    expect(startupPlan(["-V"])).toEqual({ kind: "root" });
    expect(startupPlan(["help"])).toEqual({ kind: "root" });
    expect(startupPlan(["sbom", "validate", "x.json"])).toMatchObject({ kind: "group", group: { name: "sbom" } });
    expect(startupPlan(["help", "assess"])).toMatchObject({ kind: "group", group: { name: "assess" } });
    // Unknown commands, options before the command and odd help forms take the full tree (its suggestions).
    expect(startupPlan(["sbon"])).toEqual({ kind: "full" });
    expect(startupPlan(["--help", "sbom"])).toEqual({ kind: "full" });
    expect(startupPlan(["help", "sbom", "validate"])).toEqual({ kind: "full" });
    expect(startupPlan(["__proto__"])).toEqual({ kind: "full" });
  });

  it.each([
    [[]],
    [["--help"]],
    [["--version"]],
    [["help"]],
    [["help", "sbom"]],
    [["sbom", "--help"]],
    [["assess", "--help"]],
    [["sbom", "validate"]],
    [["sbom", "nope"]],
    [["sbon", "validate"]],
    [["--bogus"]],
  ])("answers %j exactly as the full tree does", async (argv) => {
    const { launched, full } = await both(argv);
    expect(launched).toEqual(full);
  });
});
