/**
 * The real `cra-assessor serve` as a child process on loopback, for the benchmarks that measure the service from
 * outside (one worker process, as on a 2-core machine).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface ServeProcess {
  child: ChildProcess;
  url: string;
}

/** Starts `serve --port 0 --db DB [args…]` and resolves with the URL it says it listens on. */
export async function startServeProcess(db: string, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, "bin/cra-assessor.js"), "serve", "--port", "0", "--db", db, ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, CRA_ASSESSOR_WORKERS: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}
